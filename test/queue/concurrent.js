'use strict';
/**
 * Executions of the Blueshift node that run at once in a real n8n, as a user's triggers start them:
 * webhook workflows (Webhook -> Records -> Blueshift -> Summary) triggered together, and what one
 * account saw at the emulator. Used by the regular-mode suite and by `npm run bench`.
 */

/**
 * A webhook workflow. The webhook's body `{ run, count }` makes `count` records with emails
 * `<run>-<i>@example.com`; the Blueshift node sends them (Bulk Upsert auto-maps them, Upsert Customer
 * and Start Tracking map the email). With `respond: 'lastNode'` the webhook answers when the
 * execution ends, with `{ accepted }`: how many items reached the node's success output. With
 * `http: { url, credential }` n8n's HTTP Request node makes the Upsert Customer call instead.
 * `badEvery: n`: record i with i % n === 5 gets the email `bad-<run>-<i>`, which the node refuses.
 * `errorSink`: the node's error output goes to a "Report errors" HTTP Request node that posts each
 * failed item (`{ email, error, item }`) to the URL in the worker's BLUESHIFT_SINK variable.
 */
function webhookWorkflow({
	id,
	path,
	credential,
	operation = 'bulkUpsert',
	options = {},
	respond = 'lastNode',
	http,
	badEvery,
	errorSink = false,
}) {
	const parameters = { resource: 'customer', operation, options };
	if (operation === 'bulkUpsert') parameters.dataMode = 'autoMapInputData';
	else {
		if (operation !== 'startTracking') parameters.dataMode = 'defineBelow';
		parameters.email = '={{ $json.email }}';
	}
	return {
		id,
		name: `Concurrent ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `wh-${path}`,
				parameters: { httpMethod: 'POST', path, responseMode: respond, options: {} },
			},
			{
				id: 'c',
				name: 'Records',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `const { run, count } = $json.body; return Array.from({ length: count }, (_, i) => ({ json: { email: ${badEvery ? `i % ${badEvery} === 5 ? \`bad-\${run}-\${i}\` : ` : ''}\`\${run}-\${i}@example.com\`, firstname: \`F\${i}\` } }));`,
				},
			},
			http
				? // the peer: n8n's HTTP Request node making the same call (Upsert Customer) with Basic auth
					{
						id: 'b',
						name: 'Blueshift',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [400, 0],
						credentials: { httpBasicAuth: { id: http.credential, name: http.credential } },
						onError: 'continueErrorOutput',
						parameters: {
							method: 'POST',
							url: `${http.url}/api/v1/customers`,
							authentication: 'genericCredentialType',
							genericAuthType: 'httpBasicAuth',
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ email: $json.email }) }}',
							options: {},
						},
					}
				: {
						id: 'b',
						name: 'Blueshift',
						type: 'n8n-nodes-blueshift.blueshift',
						typeVersion: 1,
						position: [400, 0],
						credentials: { blueshiftApi: { id: credential, name: credential } },
						onError: 'continueErrorOutput',
						parameters,
					},
			{
				id: 's',
				name: 'Summary',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [600, 0],
				parameters: { jsCode: 'return [{ json: { accepted: $input.all().length } }];' },
			},
			...(errorSink
				? [
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
								jsonBody:
									'={{ JSON.stringify({ email: $json.email, error: $json.error, item: $itemIndex }) }}',
								options: {},
							},
						},
					]
				: []),
		],
		connections: {
			Webhook: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: 'Blueshift', type: 'main', index: 0 }]] },
			Blueshift: {
				main: [
					[{ node: 'Summary', type: 'main', index: 0 }],
					errorSink ? [{ node: 'Report errors', type: 'main', index: 0 }] : [],
				],
			},
		},
	};
}

/**
 * Triggers the runs at once (`[{ path, run, count }]`) and waits for every answer. Returns each
 * run's HTTP status and body, and the seconds from the trigger to the last answer.
 */
async function triggerAtOnce(url, runs) {
	const started = Date.now();
	const answers = await Promise.all(
		runs.map(({ path, run, count }) =>
			fetch(`${url}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ run, count }),
				signal: AbortSignal.timeout(900_000),
			}).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined) })),
		),
	);
	return { answers, seconds: (Date.now() - started) / 1000 };
}

/**
 * What one account saw at the emulator for one endpoint: calls, how many answered 429, the most in
 * any one-second window, and the rates over the span from its first call to its last accepted call
 * (plus one call's spacing at `limit`, so N calls at exactly the limit measure as the limit).
 */
function accountFigures(emulator, { path, user, limit, items }) {
	const calls = emulator.requests.filter(
		(r) => r.path === path && (!user || r.user?.user === user),
	);
	const accepted = calls.filter((c) => c.status === 200);
	const times = accepted.map((c) => c.at).sort((a, b) => a - b);
	const first = Math.min(...calls.map((c) => c.at));
	const span = (Math.max(...times) - first) / 1000 + 1 / limit;
	let busiest = 0;
	const all = calls.map((c) => c.at).sort((a, b) => a - b);
	for (let i = 0, j = 0; i < all.length; i++) {
		while (all[i] - all[j] >= 1000) j++;
		busiest = Math.max(busiest, i - j + 1);
	}
	return {
		calls: calls.length,
		accepted: accepted.length,
		r429: calls.filter((c) => c.status === 429).length,
		span,
		sentPerSecond: calls.length / span,
		acceptedPerSecond: accepted.length / span,
		itemsPerSecond: (items ?? accepted.length) / span,
		busiestSecond: busiest,
	};
}

/**
 * n8n in queue mode: Redis (Debian's redis-server on 127.0.0.1, a free port), a main instance that
 * takes the webhooks (on `port`) and `workers` workers with `concurrency` each, all on `n8n`'s user
 * folder (workers load community nodes from it). `env` is added to every process. Returns
 * `{ url, workers, finished(), stop() }`; `finished()` counts the executions the workers ended.
 */
async function startQueueMode(n8n, { port, workers = 2, concurrency = 4, env = {} }) {
	const { spawn } = require('node:child_process');
	const { startEditor, n8nEnv } = require('../e2e/n8n');
	const redisPort = 16379 + Math.floor(Math.random() * 1000);
	const redis = spawn(
		'redis-server',
		['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: 'ignore' },
	);
	const queue = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_LOG_LEVEL: 'info',
		...env,
	};
	const editor = await startEditor(n8n, port, queue);
	const spawnWorker = (w) => {
		const child = spawn(
			n8n.runtime.node,
			[n8n.runtime.n8n, 'worker', `--concurrency=${concurrency}`],
			{
				env: n8nEnv(n8n.userFolder, { ...queue, QUEUE_HEALTH_CHECK_PORT: String(port + 1 + w) }),
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		child.log = '';
		child.on('exit', (code) => (child.exited = code ?? 'signal'));
		child.stdout.on('data', (d) => (child.log += d));
		child.stderr.on('data', (d) => (child.log += d));
		return child;
	};
	const children = Array.from({ length: workers }, (_, w) => spawnWorker(w));
	const stop = async () => {
		for (const worker of children) worker.kill('SIGTERM');
		await editor.stop();
		redis.kill();
	};
	// a worker that is not ready when the executions come leaves them all to the other: one once
	// exited at start-up, its task broker's (random) port taken. Start such a worker again, once
	// (n8nEnv draws another port), and say what happened when it still is not ready
	const isReady = (w) => w.log.includes('n8n worker is now ready');
	const restarted = children.map(() => false);
	for (let i = 0; i < 480 && !children.every(isReady); i++) {
		for (let w = 0; w < children.length; w++) {
			if (children[w].exited === undefined || isReady(children[w]) || restarted[w]) continue;
			restarted[w] = true;
			process.stdout.write(
				`[queue] worker ${w + 1} exited (${children[w].exited}) before it was ready; starting it again. Its log ended:\n${children[w].log.slice(-600)}\n`,
			);
			children[w] = spawnWorker(w);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	if (!children.every(isReady)) {
		await stop();
		const logs = children
			.map(
				(w, i) =>
					`worker ${i + 1}${w.exited === undefined ? '' : ` (exited: ${w.exited})`}: ${w.log.slice(-600)}`,
			)
			.join('\n');
		throw new Error(`a queue-mode worker was not ready:\n${logs}`);
	}
	const finished = () =>
		children.reduce((n, w) => n + (w.log.match(/Worker finished execution/g)?.length ?? 0), 0);
	return { url: editor.url, workers: children, finished, stop };
}

/** Waits until `finished()` has grown by `count` (at most `timeoutMs`). */
async function waitFinished(finished, before, count, timeoutMs = 600_000) {
	const deadline = Date.now() + timeoutMs;
	while (finished() - before < count && Date.now() < deadline)
		await new Promise((resolve) => setTimeout(resolve, 250));
	return finished() - before;
}

module.exports = { webhookWorkflow, triggerAtOnce, accountFigures, startQueueMode, waitFinished };
