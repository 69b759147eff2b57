import { spawn, type ChildProcess } from 'node:child_process';

import { Emulator } from '../emulator/server';
import { N8n, n8nEnv, startEditor } from '../e2e/n8n';

/**
 * n8n 2.40.7 in queue mode: Redis (Debian's redis-server on 127.0.0.1), a main instance that takes
 * the webhooks and two workers with concurrency 4, all with the package installed from its tarball
 * (workers load community nodes from the same user folder). Two webhook workflows with different
 * credentials are triggered several times at once.
 */
const EXECUTIONS = 8;
const RECORDS = 300;
const BAD_EVERY = 97;

function workflow(id: string, path: string, credential: string) {
	return {
		id,
		name: `Queue ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `wh-${path}`, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } },
			{
				id: 'c',
				name: 'Records',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `const { run, count } = $json.body; return Array.from({ length: count }, (_, i) => ({ json: { email: i % ${BAD_EVERY} === 5 ? \`bad-\${run}-\${i}\` : \`\${run}-\${i}@example.com\` } }));`,
				},
			},
			{
				id: 'b',
				name: 'Blueshift',
				type: 'n8n-nodes-blueshift.blueshift',
				typeVersion: 1,
				position: [400, 0],
				credentials: { blueshiftApi: { id: credential, name: credential } },
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'customer',
					operation: 'bulkUpsert',
					dataMode: 'autoMapInputData',
					options: {
						retryDelay: 200,
						maxRetries: 8,
						bulkCallsPerSecond: '={{ $("Webhook").first().json.body.pace }}',
					},
				},
			},
			// the error branch reports each failed item to the emulator, so the test sees the routing
			{
				id: 'e',
				name: 'Report errors',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [600, 100],
				onError: 'continueRegularOutput',
				parameters: {
					method: 'POST',
					url: '={{ $env.BLUESHIFT_SINK ?? "" }}',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ email: $json.email, error: $json.error, item: $itemIndex }) }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: 'Blueshift', type: 'main', index: 0 }]] },
			Blueshift: { main: [[], [{ node: 'Report errors', type: 'main', index: 0 }]] },
		},
	};
}

describe('n8n 2.40.7 in queue mode with two workers', () => {
	const emulator = new Emulator({ keys: ['queue-key-a', 'queue-key-b'] });
	let redis: ChildProcess;
	let editor: Awaited<ReturnType<typeof startEditor>>;
	const workers: Array<ChildProcess & { log?: string }> = [];

	beforeAll(async () => {
		await emulator.start();
		const redisPort = 16379 + Math.floor(Math.random() * 1000);
		redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		const n8n = new N8n('2.40.7');
		await n8n.importCredentials([
			{ id: 'queueCredentialA', name: 'queueCredentialA', type: 'blueshiftApi', data: { region: 'custom', baseUrl: emulator.url, apiKey: 'queue-key-a' } },
			{ id: 'queueCredentialB', name: 'queueCredentialB', type: 'blueshiftApi', data: { region: 'custom', baseUrl: emulator.url, apiKey: 'queue-key-b' } },
		]);
		await n8n.importWorkflows([workflow('queueWorkflowA01', 'bulk-a', 'queueCredentialA'), workflow('queueWorkflowB01', 'bulk-b', 'queueCredentialB')]);
		for (const id of ['queueWorkflowA01', 'queueWorkflowB01']) await n8n.cli(['publish:workflow', `--id=${id}`]);
		const queue = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			N8N_LOG_LEVEL: 'info',
			BLUESHIFT_SINK: `${emulator.url}/sink`,
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		};
		editor = await startEditor(n8n, 5694, queue);
		for (const w of [0, 1]) {
			const child: ChildProcess & { log?: string } = spawn(n8n.runtime.node, [n8n.runtime.n8n, 'worker', '--concurrency=4'], {
				env: n8nEnv(n8n.userFolder, { ...queue, QUEUE_HEALTH_CHECK_PORT: String(5695 + w) }),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			child.log = '';
			child.stdout?.on('data', (d) => (child.log += d));
			child.stderr?.on('data', (d) => (child.log += d));
			workers.push(child);
		}
		for (let i = 0; i < 120 && !workers.every((w) => w.log?.includes('n8n worker is now ready')); i++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}, 600_000);

	afterAll(async () => {
		for (const worker of workers) worker.kill('SIGTERM');
		await editor?.stop();
		redis?.kill();
		await emulator.stop();
	});

	const finished = () => workers.reduce((n, w) => n + (w.log?.match(/Worker finished execution/g)?.length ?? 0), 0);

	/** Triggers the executions at once and waits until the workers finished them. */
	async function trigger(pace: number) {
		emulator.reset();
		const before = finished();
		const runs = Array.from({ length: EXECUTIONS }, (_, r) => ({ path: r % 2 ? 'bulk-b' : 'bulk-a', run: `r${r}` }));
		const started = Date.now();
		const answers = await Promise.all(
			runs.map(({ path, run }) =>
				fetch(`${editor.url}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ run, count: RECORDS, pace }),
				}).then((r) => r.status),
			),
		);
		expect(answers).toEqual(runs.map(() => 200));
		for (let i = 0; i < 360 && finished() - before < EXECUTIONS; i++) await new Promise((resolve) => setTimeout(resolve, 500));
		const seconds = (Date.now() - started) / 1000;
		const calls = emulator.requests.filter((r) => r.path.endsWith('/bulk') && r.user?.user === 'queue-key-a');
		const span = (Math.max(...calls.map((c) => c.at)) - Math.min(...calls.map((c) => c.at))) / 1000;
		const accepted = calls.filter((c) => c.status === 200).length;
		console.log(
			`queue mode, pace ${pace}/s per execution: ${EXECUTIONS} executions x ${RECORDS} records on 2 workers in ${seconds.toFixed(1)} s; ` +
				`key A (4 executions at once): ${calls.length} bulk calls over ${span.toFixed(1)} s = ${(calls.length / span).toFixed(1)} calls/s sent, ` +
				`${(accepted / span).toFixed(1)}/s accepted, ${calls.length - accepted} answered 429`,
		);
		return { runs, before };
	}

	it('runs concurrent executions on both workers: every record once, errors routed, each call with its own key', async () => {
		const { runs, before } = await trigger(5);
		const finished = () => workers.reduce((n, w) => n + (w.log?.match(/Worker finished execution/g)?.length ?? 0), 0) - before;

		// both workers took part, and every execution finished
		expect(finished()).toBe(EXECUTIONS);
		for (const worker of workers) expect(worker.log).toMatch(/Worker started execution/);
		expect(workers.map((w) => w.log).join('')).not.toMatch(/Unrecognized node type/);

		// every good record reached the emulator exactly once; no bad one was sent
		const bad = runs.flatMap(({ run }) => Array.from({ length: RECORDS }, (_, i) => i).filter((i) => i % BAD_EVERY === 5).map((i) => `bad-${run}-${i}`));
		const good = runs.length * RECORDS - bad.length;
		const stored = emulator.stored.map((r) => String(r.email));
		expect(stored).toHaveLength(good);
		expect(new Set(stored).size).toBe(good);
		expect(stored.some((email) => email.startsWith('bad-'))).toBe(false);

		// the error branch got exactly the bad records, with their reason, as on one process
		const reported = emulator.received('/sink').map((r) => r.body);
		expect(reported.map((r) => r.email).sort()).toEqual(bad.sort());
		for (const r of reported) expect(r.error).toMatch(/^Invalid input in item \d+: Email \(email\) must be an email address/);

		// each call carried the key of its own workflow's credential, also when both ran on one worker
		for (const request of emulator.received('/api/v1/customers/bulk')) {
			const run = Number(/^r(\d+)-/.exec(String(request.body.customers[0].email))?.[1]);
			expect(request.user?.user).toBe(run % 2 ? 'queue-key-b' : 'queue-key-a');
		}

	});

	it('stays under the account limit when the pace is divided by the executions that run at once', async () => {
		// 4 executions per key at once: 5 calls/s / 4 = 1.25 per execution
		await trigger(1.25);
		expect(emulator.stored).toHaveLength(EXECUTIONS * RECORDS - EXECUTIONS * Math.ceil((RECORDS - 5) / BAD_EVERY));
	});
});
