import { Emulator, type ReceivedRequest } from '../emulator/server';
import { N8n } from '../e2e/n8n';
import { accountFigures, startQueueMode, waitFinished, webhookWorkflow } from './concurrent';

/**
 * n8n 2.41.1 in queue mode: Redis (Debian's redis-server on 127.0.0.1), a main instance that takes
 * the webhooks and two workers with concurrency 4, all with the package installed from its tarball
 * (workers load community nodes from the same user folder). Two webhook workflows with different
 * credentials are triggered several times at once. Within a worker the executions on one account
 * share one pacer; the two workers cannot see each other and pace adaptively. The figures it prints
 * (the account's rates and 429s) are reported in docs/throughput.md; `npm run bench` runs the same.
 */
const EXECUTIONS = 8;
const RECORDS = Number(process.env.QUEUE_RECORDS ?? 2500);
const BAD_EVERY = 97;
/** Measured with the per-execution pacer this package had before (300 records per execution). */
const BEFORE = 'before the shared pacer: 9.2 calls/s sent, 4.1/s accepted, 30 answered 429';

/** The execution a bulk call came from (`r3`), by its first customer's email (`r3-17@...`). */
const runOf = (request: ReceivedRequest) =>
	/^(r\d+)-/.exec(String(request.body?.customers?.[0]?.email))?.[1] ?? '?';

/** The webhook workflow of the suite: Bulk Upsert with a bad record every BAD_EVERY, errors to the sink. */
function workflow(id: string, path: string, credential: string) {
	return webhookWorkflow({
		id,
		path,
		credential,
		respond: 'onReceived',
		badEvery: BAD_EVERY,
		errorSink: true,
		options: {
			retryDelay: 200,
			maxRetries: 8,
			bulkCallsPerSecond: '={{ $("Webhook").first().json.body.pace }}',
		},
	});
}

describe('n8n 2.41.1 in queue mode with two workers', () => {
	const emulator = new Emulator({ keys: ['queue-key-a', 'queue-key-b'] });
	let queue: Awaited<ReturnType<typeof startQueueMode>>;

	beforeAll(async () => {
		await emulator.start();
		const n8n = new N8n('2.41.1');
		await n8n.importCredentials([
			{
				id: 'queueCredentialA',
				name: 'queueCredentialA',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: 'queue-key-a' },
			},
			{
				id: 'queueCredentialB',
				name: 'queueCredentialB',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: 'queue-key-b' },
			},
		]);
		await n8n.importWorkflows([
			workflow('queueWorkflowA01', 'bulk-a', 'queueCredentialA'),
			workflow('queueWorkflowB01', 'bulk-b', 'queueCredentialB'),
		]);
		for (const id of ['queueWorkflowA01', 'queueWorkflowB01'])
			await n8n.cli(['publish:workflow', `--id=${id}`]);
		queue = await startQueueMode(n8n, {
			port: 5694,
			env: { BLUESHIFT_SINK: `${emulator.url}/sink`, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
		});
	}, 600_000);

	afterAll(async () => {
		await queue?.stop();
		await emulator.stop();
	});

	const workers = () => queue.workers;

	/** Triggers the executions at once and waits until the workers finished them. */
	async function trigger(pace: number) {
		emulator.reset();
		const before = queue.finished();
		const runs = Array.from({ length: EXECUTIONS }, (_, r) => ({
			path: r % 2 ? 'bulk-b' : 'bulk-a',
			run: `r${r}`,
		}));
		const started = Date.now();
		const answers = await Promise.all(
			runs.map(({ path, run }) =>
				fetch(`${queue.url}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ run, count: RECORDS, pace }),
				}).then((r) => r.status),
			),
		);
		expect(answers).toEqual(runs.map(() => 200));
		await waitFinished(queue.finished, before, EXECUTIONS);
		const seconds = (Date.now() - started) / 1000;
		const stored = emulator.stored.filter((r) => /^r\d*[02468]-/.test(String(r.email))).length;
		const a = accountFigures(emulator, {
			path: '/api/v1/customers/bulk',
			user: 'queue-key-a',
			limit: 5,
			items: stored,
		});
		console.log(
			`queue mode, pace ${pace}/s: ${EXECUTIONS} executions x ${RECORDS} records on 2 workers in ${seconds.toFixed(1)} s; ` +
				`key A (4 executions at once): ${a.calls} bulk calls, ${a.sentPerSecond.toFixed(1)} calls/s sent, ` +
				`${a.acceptedPerSecond.toFixed(1)}/s accepted (${((100 * a.acceptedPerSecond) / 5).toFixed(1)}% of 5), ` +
				`${a.r429} answered 429 (${((100 * a.r429) / a.calls).toFixed(1)}%), busiest second ${a.busiestSecond}` +
				(pace === 5 ? `; ${BEFORE}` : ''),
		);
		// when the 429s came (seconds from the key's first call) and to which execution's call: at the
		// start, both workers send at the full rate; later, they are refused probes
		const keyA = emulator.requests.filter((r) => r.user?.user === 'queue-key-a');
		const first = Math.min(...keyA.map((r) => r.at));
		const refused = keyA
			.filter((r) => r.status === 429)
			.map((r) => `${((r.at - first) / 1000).toFixed(1)}s ${runOf(r)}`);
		// each execution's span of accepted calls: which ran side by side (on one worker or two)
		const spans = new Map<string, { from: number; to: number; calls: number }>();
		for (const r of keyA.filter((x) => x.status === 200)) {
			const run = runOf(r);
			const span = spans.get(run) ?? { from: Infinity, to: 0, calls: 0 };
			span.from = Math.min(span.from, (r.at - first) / 1000);
			span.to = Math.max(span.to, (r.at - first) / 1000);
			span.calls++;
			spans.set(run, span);
		}
		const taken = [...spans]
			.sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
			.map(([run, x]) => `${run} ${x.calls} calls ${x.from.toFixed(1)}-${x.to.toFixed(1)}s`);
		console.log(`key A's 429s: ${refused.join(', ') || 'none'}; accepted: ${taken.join(', ')}`);
		return { runs, before };
	}

	it('runs concurrent executions on both workers: every record once, errors routed, each call with its own key', async () => {
		const { runs, before } = await trigger(5);

		// both workers took part, and every execution finished
		expect(queue.finished() - before).toBe(EXECUTIONS);
		for (const worker of workers()) expect(worker.log).toMatch(/Worker started execution/);
		expect(
			workers()
				.map((w) => w.log)
				.join(''),
		).not.toMatch(/Unrecognized node type/);

		// every good record reached the emulator exactly once; no bad one was sent
		const bad = runs.flatMap(({ run }) =>
			Array.from({ length: RECORDS }, (_, i) => i)
				.filter((i) => i % BAD_EVERY === 5)
				.map((i) => `bad-${run}-${i}`),
		);
		const good = runs.length * RECORDS - bad.length;
		const stored = emulator.stored.map((r) => String(r.email));
		// what went to the error branch besides the bad records, and every status the emulator answered
		// (per key): when a record is missing, this says whether it failed with a reason, and which
		const otherErrors = new Map<string, number>();
		for (const r of emulator.received('/sink').map((x) => x.body)) {
			if (String(r.email).startsWith('bad-')) continue;
			const reason = String(r.error).slice(0, 160);
			otherErrors.set(reason, (otherErrors.get(reason) ?? 0) + 1);
		}
		const statuses: Record<string, number> = {};
		for (const r of emulator.received('/api/v1/customers/bulk')) {
			// named A and B, not by the keys themselves (test keys, but no key is ever printed)
			const key = `${r.user?.user === 'queue-key-a' ? 'A' : r.user?.user === 'queue-key-b' ? 'B' : 'other'} ${String(r.status)}`;
			statuses[key] = (statuses[key] ?? 0) + 1;
		}
		if (stored.length !== good || otherErrors.size > 0) {
			console.log(
				`good records not stored: ${good - stored.length}; statuses by key: ${JSON.stringify(statuses)}; other errors: ${JSON.stringify([...otherErrors])}`,
			);
		}
		expect(stored).toHaveLength(good);
		expect(new Set(stored).size).toBe(good);
		expect(stored.some((email) => email.startsWith('bad-'))).toBe(false);

		// the error branch got exactly the bad records, with their reason, as on one process
		const reported = emulator.received('/sink').map((r) => r.body);
		expect(reported.map((r) => r.email).sort()).toEqual(bad.sort());
		for (const r of reported)
			expect(r.error).toMatch(
				/^Invalid input in item \d+: Email \(email\) must be an email address/,
			);

		// each call carried the key of its own workflow's credential, also when both ran on one worker
		for (const request of emulator.received('/api/v1/customers/bulk')) {
			const run = Number(runOf(request).slice(1));
			expect(request.user?.user).toBe(run % 2 ? 'queue-key-b' : 'queue-key-a');
		}
	});

	it('stays under the account limit when the pace is divided by the processes that send for the account', async () => {
		// executions in one worker share a pacer: divide the account's 5 calls/s by the 2 workers
		await trigger(2.5);
		expect(emulator.stored).toHaveLength(
			EXECUTIONS * RECORDS - EXECUTIONS * Math.ceil((RECORDS - 5) / BAD_EVERY),
		);
	});
});
