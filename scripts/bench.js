'use strict';
/**
 * `npm run bench`: throughput of the Blueshift node against its documented ceilings, side by side
 * with what a builder would assemble from n8n's HTTP Request node, all in the same real n8n (2.41.1,
 * this package installed from its tarball) against the emulator with latency, enforced limits and
 * arrival jitter (each call counted 0 to 50 ms after it arrived, seeded: see the emulator's
 * `countDelay`).
 *
 *   node scripts/bench.js [--latency 150,500] [--bulk 10000] [--single 1000] [--short-bulk 2500]
 *                         [--short-single 500] [--no-peers] [--cases a,b] [--runs 1] [--jitter 50] [--catalog 10000]
 *                         [--busy] [--busy-minutes 30] [--write]
 *                         [--concurrent-bulk 2500] [--concurrent-single 200] [--queue-records 2500] [--one-item 300]
 *                         [--rounds 1]
 *
 * `--runs N` runs the selected scenarios N times in a row and prints every run, then each
 * scenario's lowest, median and highest share of its ceiling. `--busy` starts two CPU burners
 * beside n8n for the whole bench (stopped at its end, and after `--busy-minutes` whatever
 * happens). `--write` writes the figures into docs/throughput.md between `<!-- bench:results -->`
 * and `<!-- /bench:results -->`, and the headline table into README.md between
 * `<!-- bench:table -->` and `<!-- /bench:table -->`, with the date, the machine and the versions;
 * it creates nothing and fails before running when a marker is missing. Without it the bench
 * only prints. The ceilings runs: `--cases bulk-,upsert- --no-peers --runs 5`.
 *
 * The scenarios are one list (`scenarios` in main). Most are one workflow run alone with `n8n execute`:
 * wall time is measured from the run data, from the start of the first node after the item generator
 * to the end of the last node; peak memory is the n8n process's VmHWM. Scenarios with `mode:
 * 'regular'` trigger several webhook executions at once in one `n8n start` (regular mode), and `mode:
 * 'queue'` in queue mode (main + 2 workers, Redis): their rate is what the account saw at the
 * emulator, from its first call to its last accepted call. `--rounds N` runs the regular-mode scenarios
 * N times, in turn forwards and backwards, and prints each pair's ratio per round and its median:
 * n8n's time per execution varies more from run to run than the node's cost does.
 * Nothing here asserts: it prints figures.
 * To add a scenario for a new operation, push one more object onto the list.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Emulator } = require('../test/emulator/server');
const { catalogScenarios } = require('./bench-catalog');
const { pagingScenarios } = require('./bench-paging');
const { N8n, startEditor, userFolderWithPackage } = require('../test/e2e/n8n');
const {
	webhookWorkflow,
	triggerAtOnce,
	accountFigures,
	startQueueMode,
	waitFinished,
} = require('../test/queue/concurrent');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const LATENCIES = opt('latency', '150,500').split(',').map(Number);
const BULK = Number(opt('bulk', 10000));
const SINGLE = Number(opt('single', 1000));
const PEERS = !args.includes('--no-peers');
/** Products in the catalog scenarios. */
const CATALOG_PRODUCTS = Number(opt('catalog', 10000));
/** Records per execution in the executions-at-once scenarios (issue 14's sizes). */
const CONCURRENT_BULK = Number(opt('concurrent-bulk', 2500));
const CONCURRENT_SINGLE = Number(opt('concurrent-single', 200));
const QUEUE_RECORDS = Number(opt('queue-records', 2500));
const ONE_ITEM = Number(opt('one-item', 300));
const ONLY = opt('cases', '').split(',').filter(Boolean);
const ROUNDS = Math.max(1, Number(opt('rounds', 1)));
const RUNS = Math.max(1, Number(opt('runs', 1)));
/** The short runs of the ceilings: a bulk run of 10 windows, a single-call run of 10 seconds. */
const SHORT_BULK = Number(opt('short-bulk', 2500));
const SHORT_SINGLE = Number(opt('short-single', 500));
/** Each call is counted 0..JITTER ms after it reaches the emulator (see its `countDelay`). */
const JITTER = Number(opt('jitter', process.env.BENCH_ARRIVAL_JITTER_MS ?? 50));
const BUSY = args.includes('--busy');
const BUSY_MINUTES = Number(opt('busy-minutes', 30));
const WRITE = args.includes('--write');
const VERSION = process.env.BENCH_N8N_VERSION ?? '2.41.1';
const KEY = 'bench-user-api-key';
const CEILING = { bulk: 250, single: 50 };

const CRED = { blueshiftApi: { id: 'bsBenchCredent01', name: 'Blueshift (emulator)' } };
const BASIC = { httpBasicAuth: { id: 'bsBenchBasicAut1', name: 'Blueshift key as Basic auth' } };

const generator = (count) => ({
	id: 'gen',
	name: 'Records',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
	parameters: {
		jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { email: \`bench\${i}@example.com\`, firstname: \`B\${i}\`, plan: i % 2 ? 'pro' : 'free' } }));`,
	},
});

function workflow(id, count, nodes, connections) {
	return {
		id,
		name: `Bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			generator(count),
			...nodes,
		],
		connections: {
			Start: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: nodes[0].name, type: 'main', index: 0 }]] },
			...connections,
		},
	};
}

function blueshiftCase(id, count, operation, dataMode, options = {}) {
	const parameters = { resource: 'customer', operation, options };
	if (operation !== 'startTracking') parameters.dataMode = dataMode;
	if (dataMode === 'defineBelow' || operation === 'startTracking') {
		parameters.email = '={{ $json.email }}';
		if (operation !== 'startTracking')
			parameters.additionalFields = { firstname: '={{ $json.firstname }}' };
	}
	const node = {
		id: 'bs',
		name: 'Blueshift',
		type: 'n8n-nodes-blueshift.blueshift',
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: CRED,
		onError: 'continueErrorOutput',
	};
	return workflow(id, count, [node], {});
}

/** Any operation of the node, its parameters given whole (events, lists, campaigns). */
function operationCase(id, count, parameters) {
	const node = {
		id: 'bs',
		name: 'Blueshift',
		type: 'n8n-nodes-blueshift.blueshift',
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: CRED,
		onError: 'continueErrorOutput',
	};
	return workflow(id, count, [node], {});
}

const httpNode = (name, url, jsonBody, batching, extra = {}) => ({
	id: name,
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position: [400, 0],
	credentials: BASIC,
	parameters: {
		method: 'POST',
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpBasicAuth',
		sendBody: true,
		specifyBody: 'json',
		jsonBody,
		options: batching ? { batching: { batch: { batchSize: 50, batchInterval: 1000 } } } : {},
	},
	...extra,
});

/** One HTTP Request per item with n8n's batching option, 50 per 1 s, as the n8n docs suggest. */
function httpPerItemCase(id, count, url, body) {
	return workflow(
		id,
		count,
		[httpNode('HTTP Request', url, body, true, { onError: 'continueErrorOutput' })],
		{},
	);
}

/** Loop Over Items (50) -> Aggregate -> HTTP Request to /customers/bulk -> back to the loop. */
function loopCase(id, count, url, field = 'customers', size = 50) {
	const nodes = [
		{
			id: 'loop',
			name: 'Loop Over Items',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [400, 0],
			parameters: { batchSize: size, options: {} },
		},
		{
			id: 'agg',
			name: 'Aggregate',
			type: 'n8n-nodes-base.aggregate',
			typeVersion: 1,
			position: [600, 100],
			parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: field, options: {} },
		},
		// events need a name, which the generated records do not carry
		httpNode(
			'HTTP Request',
			url,
			field === 'events'
				? '={{ JSON.stringify({ events: $json.events.map((e) => ({ ...e, event: "purchase" })) }) }}'
				: `={{ JSON.stringify({ ${field}: $json.${field} }) }}`,
			false,
			{
				position: [800, 100],
				retryOnFail: true,
				maxTries: 5,
				waitBetweenTries: 1000,
				onError: 'continueRegularOutput',
			},
		),
		{
			id: 'done',
			name: 'Done',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [600, -100],
			parameters: {},
		},
	];
	return workflow(id, count, nodes, {
		'Loop Over Items': {
			main: [
				[{ node: 'Done', type: 'main', index: 0 }],
				[{ node: 'Aggregate', type: 'main', index: 0 }],
			],
		},
		Aggregate: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		'HTTP Request': { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
	});
}

/** Wall time of everything after the generator, from the run data. */
function measure(run) {
	const runData = (run.data ?? run).resultData.runData;
	let start = Infinity;
	let end = 0;
	for (const [name, runs] of Object.entries(runData)) {
		if (name === 'Start' || name === 'Records') continue;
		for (const r of runs) {
			start = Math.min(start, r.startTime);
			end = Math.max(end, r.startTime + r.executionTime);
		}
	}
	return { ms: end - start, start, runData };
}

function peakRss(child) {
	let peak = 0;
	const timer = setInterval(() => {
		try {
			const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
			const hwm = /VmHWM:\s+(\d+)/.exec(status);
			if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
		} catch {
			/* the process ended */
		}
	}, 100);
	return {
		stop: () => clearInterval(timer),
		get peak() {
			return peak;
		},
	};
}

/** When the first 429 came, in seconds from the first call (empty without 429s). */
function firstRefusal(emulator) {
	const first = emulator.requests[0]?.at;
	const refused = emulator.requests.find((r) => r.status === 429);
	return refused ? `first 429 at ${((refused.at - first) / 1000).toFixed(2)} s` : '';
}

/** Triggers `executions` webhook runs of `count` records at once and reads the account's figures. */
async function concurrentRow(sc, emulator, url, finished) {
	emulator.reset();
	emulator.latencyMs = sc.latency;
	emulator.limits = { single: 50, bulk: 5 };
	const runs = Array.from({ length: sc.executions }, (_, r) => ({
		path: sc.path,
		run: `${sc.key}-r${r}`,
		count: sc.count,
	}));
	const before = finished?.();
	const started = Date.now();
	const { answers } = await triggerAtOnce(url, runs);
	// in queue mode the webhook answers at once; the run ends when the workers say so
	if (finished) await waitFinished(finished, before, sc.executions, 1_800_000);
	const seconds = (Date.now() - started) / 1000;
	const stored = emulator.stored.length;
	const unique = new Set(emulator.stored.map((r) => r.email)).size;
	const limit = sc.kind === 'bulk' ? 5 : 50;
	const f = accountFigures(emulator, { path: sc.endpoint, limit, items: stored });
	const total = sc.executions * sc.count;
	const perSecond =
		sc.kind === 'bulk'
			? f.itemsPerSecond
			: sc.kind === 'executions'
				? sc.executions / seconds
				: f.acceptedPerSecond;
	const failed = finished
		? total - unique
		: total - answers.reduce((n, a) => n + (Number(a.body?.accepted) || 0), 0);
	return {
		key: sc.key,
		label: sc.label,
		kind: sc.kind,
		count: total,
		seconds,
		itemsPerSecond: perSecond,
		share: sc.kind === 'executions' ? undefined : perSecond / CEILING[sc.kind],
		msPerItem: (seconds * 1000) / total,
		r429: f.r429,
		r429Share: f.r429 / f.calls,
		failed,
		duplicates: stored - unique,
		extra: `${f.sentPerSecond.toFixed(1)} calls/s sent, ${f.acceptedPerSecond.toFixed(1)}/s accepted, ${f.calls} calls, ${((100 * f.r429) / f.calls).toFixed(1)}% 429, busiest second ${f.busiestSecond}, ${stored - unique} stored twice`,
	};
}

async function main() {
	// fail before running, not after half an hour: the files and their markers must be there
	if (WRITE) for (const target of targets()) markedSpan(readTarget(target.file), target);
	const startedAt = new Date();
	const loadBefore = os.loadavg();
	const burners = BUSY ? startBurners(BUSY_MINUTES) : undefined;
	try {
		await runAll({ startedAt, loadBefore });
	} finally {
		burners?.stop();
	}
}

async function runAll({ startedAt, loadBefore }) {
	const emulator = await new Emulator({
		keys: [KEY],
		limits: { single: 50, bulk: 5 },
		arrivalJitterMs: JITTER,
	}).start();
	const n8n = new N8n(VERSION);
	await n8n.importCredentials([
		{
			id: CRED.blueshiftApi.id,
			name: CRED.blueshiftApi.name,
			type: 'blueshiftApi',
			data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY },
		},
		{
			id: BASIC.httpBasicAuth.id,
			name: BASIC.httpBasicAuth.name,
			type: 'httpBasicAuth',
			data: { user: KEY, password: '' },
		},
	]);
	const customers = `${emulator.url}/api/v1/customers`;
	const recordBody = '={{ JSON.stringify({ email: $json.email, firstname: $json.firstname }) }}';
	const trackBody = '={{ JSON.stringify({ email: $json.email }) }}';
	const unlimited = { callsPerSecond: 100000, bulkCallsPerSecond: 100000 };

	// The scenarios: `n8n execute` of one workflow alone (the default), or `mode: 'regular' | 'queue'`
	// for webhook executions at once on one account. kind: which ceiling applies (bulk, single, cpu).
	const scenarios = [];
	// extra: `ceiling` (items/s the scenario can reach), `accepted(emulator)` (items Blueshift took),
	// `setup(emulator)` (before the run), for operations other than the customer ones
	const alone = (key, label, kind, wf, count, latency, limits, extra = {}) =>
		scenarios.push({ key, label, kind, wf, count, latency, limits, ...extra });
	// the ceilings: Bulk Create or Update (5 calls/s x 50 records) and Create or Update (50 calls/s),
	// a short run and a long one at each latency (`--cases bulk-,upsert-`)
	for (const latency of LATENCIES) {
		const l = `${latency} ms`;
		alone(
			`bulk-short-${latency}`,
			`Bulk Create or Update ${SHORT_BULK} (define below), ${l}`,
			'bulk',
			blueshiftCase(`bulkShort${latency}`, SHORT_BULK, 'bulkUpsert', 'defineBelow'),
			SHORT_BULK,
			latency,
		);
		alone(
			`bulk-${latency}`,
			`Bulk Create or Update ${BULK} (define below), ${l}`,
			'bulk',
			blueshiftCase(`bulkDefine${latency}`, BULK, 'bulkUpsert', 'defineBelow'),
			BULK,
			latency,
		);
		alone(
			`bulkauto-${latency}`,
			`Bulk Create or Update ${BULK} (auto-map), ${l}`,
			'bulk',
			blueshiftCase(`bulkAuto${latency}`, BULK, 'bulkUpsert', 'autoMapInputData'),
			BULK,
			latency,
		);
		if (PEERS)
			alone(
				`loop-${latency}`,
				`peer: Loop 50 / Aggregate / HTTP bulk, ${l}`,
				'bulk',
				loopCase(`loopBulk${latency}`, BULK, `${customers}/bulk`),
				BULK,
				latency,
			);
		alone(
			`upsert-short-${latency}`,
			`Create or Update ${SHORT_SINGLE}, ${l}`,
			'single',
			blueshiftCase(`upsertShort${latency}`, SHORT_SINGLE, 'upsert', 'defineBelow'),
			SHORT_SINGLE,
			latency,
		);
		alone(
			`upsert-${latency}`,
			`Create or Update ${SINGLE}, ${l}`,
			'single',
			blueshiftCase(`upsertDefine${latency}`, SINGLE, 'upsert', 'defineBelow'),
			SINGLE,
			latency,
		);
		alone(
			`track-${latency}`,
			`Start Tracking ${SINGLE}, ${l}`,
			'single',
			blueshiftCase(`startTrack${latency}`, SINGLE, 'startTracking'),
			SINGLE,
			latency,
		);
	}
	const l0 = LATENCIES[0];
	if (PEERS) {
		alone(
			'http-upsert',
			`peer: HTTP Request per item, batching 50/1 s, upsert ${SINGLE}, ${l0} ms`,
			'single',
			httpPerItemCase('httpUpsert', SINGLE, customers, recordBody),
			SINGLE,
			l0,
		);
		alone(
			'http-track',
			`peer: HTTP Request per item, batching 50/1 s, start tracking ${SINGLE}, ${l0} ms`,
			'single',
			httpPerItemCase('httpTrack', SINGLE, `${customers}/unforget`, trackBody),
			SINGLE,
			l0,
		);
		alone(
			'http-bulk',
			`peer: HTTP Request per item, batching 50/1 s, ${BULK} records, ${l0} ms`,
			'single',
			httpPerItemCase('httpPerItemBulk', BULK, customers, recordBody),
			BULK,
			l0,
		);
	}
	alone(
		'cpu-bulk',
		`node cost: Bulk Create or Update ${BULK} auto-map, no latency, no limit`,
		'cpu',
		blueshiftCase('cpuBulk', BULK, 'bulkUpsert', 'autoMapInputData', unlimited),
		BULK,
		0,
		false,
	);
	alone(
		'cpu-bulk-define',
		`node cost: Bulk Create or Update ${BULK} define below, no latency, no limit`,
		'cpu',
		blueshiftCase('cpuBulkDef', BULK, 'bulkUpsert', 'defineBelow', unlimited),
		BULK,
		0,
		false,
	);
	alone(
		'cpu-upsert',
		`node cost: Create or Update ${SINGLE} define below, no latency, no limit`,
		'cpu',
		blueshiftCase('cpuUpsert', SINGLE, 'upsert', 'defineBelow', unlimited),
		SINGLE,
		0,
		false,
	);
	// the other resources, one run alone each at the first latency; ceilings as the pages document them
	// (events: 5 bulk calls/s x 30 or 100 events), or the node's default pace where none is documented
	const EVENTS = Number(opt('events', 3000));
	const eventFields = {
		eventName: 'purchase',
		email: '={{ $json.email }}',
		attributes: { attributes: [{ name: 'plan', value: '={{ $json.plan }}' }] },
	};
	const eventsTaken = (emu) => emu.events.length;
	alone(
		'events-bulk30',
		`Send Bulk Events ${EVENTS}, Batch Size 30, ${l0} ms`,
		'bulk',
		operationCase('eventsBulk30', EVENTS, {
			resource: 'event',
			operation: 'sendBulk',
			dataMode: 'defineBelow',
			...eventFields,
			options: {},
		}),
		EVENTS,
		l0,
		undefined,
		{ ceiling: 150, accepted: eventsTaken },
	);
	alone(
		'events-bulk100',
		`Send Bulk Events ${EVENTS * 2}, Batch Size 100 (server takes 100), ${l0} ms`,
		'bulk',
		operationCase('eventsBulk100', EVENTS * 2, {
			resource: 'event',
			operation: 'sendBulk',
			dataMode: 'defineBelow',
			...eventFields,
			options: { batchSize: 100 },
		}),
		EVENTS * 2,
		l0,
		undefined,
		{ ceiling: 500, accepted: eventsTaken, setup: (emu) => (emu.eventsPerCall = 100) },
	);
	alone(
		'event-send',
		`Send Event ${SINGLE}, ${l0} ms (no rate documented: the node's 50/s)`,
		'single',
		operationCase('eventSend', SINGLE, {
			resource: 'event',
			operation: 'send',
			dataMode: 'defineBelow',
			...eventFields,
			options: {},
		}),
		SINGLE,
		l0,
		undefined,
		{ ceiling: 50, accepted: eventsTaken },
	);
	if (PEERS) {
		alone(
			'http-event',
			`peer: HTTP Request per item, batching 50/1 s, send event ${SINGLE}, ${l0} ms`,
			'single',
			httpPerItemCase(
				'httpEvent',
				SINGLE,
				`${emulator.url}/api/v1/event`,
				'={{ JSON.stringify({ event: "purchase", email: $json.email, plan: $json.plan }) }}',
			),
			SINGLE,
			l0,
			undefined,
			{ ceiling: 50, accepted: eventsTaken },
		);
		alone(
			'loop-events',
			`peer: Loop 30 / Aggregate / HTTP bulk events ${EVENTS}, ${l0} ms`,
			'bulk',
			loopCase('loopEvents', EVENTS, `${emulator.url}/api/v1/bulkevents`, 'events', 30),
			EVENTS,
			l0,
			undefined,
			{ ceiling: 150, accepted: eventsTaken },
		);
	}
	// the other one-customer calls (the customers family, paced together at the node's 50/s; no rate
	// documented): every generated email has a profile to find, forget or delete
	const profiles = (n) => (emu) => {
		for (let i = 0; i < n; i++)
			emu.addProfile({ email: `bench${i}@example.com`, customer_id: `B-${i}` });
	};
	const answeredOk = (endpoint) => (emu) => emu.received(endpoint, 200).length;
	// Get reads by Blueshift's uuid: each generated record's profile gets one made from its number
	const uuidOf = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
	const withUuids = (n) => (emu) => {
		for (let i = 0; i < n; i++) emu.addProfile({ uuid: uuidOf(i), email: `bench${i}@example.com` });
	};
	const uuidExpression =
		"={{ '00000000-0000-4000-8000-' + $json.email.replace(/\\D/g, '').padStart(12, '0') }}";
	alone(
		'get',
		`Get ${SINGLE} by uuid, ${l0} ms (the node's 50/s)`,
		'single',
		operationCase('get', SINGLE, {
			resource: 'customer',
			operation: 'get',
			uuid: uuidExpression,
			options: {},
		}),
		SINGLE,
		l0,
		undefined,
		{
			ceiling: 50,
			accepted: (emu) => emu.requests.filter((r) => r.method === 'GET' && r.status === 200).length,
			setup: withUuids(SINGLE),
		},
	);
	alone(
		'search',
		`Search ${SINGLE} by email, ${l0} ms (the node's 50/s)`,
		'single',
		operationCase('search', SINGLE, {
			resource: 'customer',
			operation: 'search',
			email: '={{ $json.email }}',
			options: {},
		}),
		SINGLE,
		l0,
		undefined,
		{ ceiling: 50, accepted: answeredOk('/api/v1/customers'), setup: profiles(SINGLE) },
	);
	alone(
		'stop-tracking',
		`Stop Tracking ${SINGLE}, ${l0} ms (the node's 50/s)`,
		'single',
		operationCase('stopTracking', SINGLE, {
			resource: 'customer',
			operation: 'stopTracking',
			email: '={{ $json.email }}',
			options: {},
		}),
		SINGLE,
		l0,
		undefined,
		{ ceiling: 50, accepted: answeredOk('/api/v1/customers/forget'), setup: profiles(SINGLE) },
	);
	alone(
		'delete',
		`Delete ${SINGLE}, ${l0} ms (the node's 50/s)`,
		'single',
		operationCase('delete', SINGLE, {
			resource: 'customer',
			operation: 'delete',
			email: '={{ $json.email }}',
			options: {},
		}),
		SINGLE,
		l0,
		undefined,
		{ ceiling: 50, accepted: answeredOk('/api/v1/customers/delete'), setup: profiles(SINGLE) },
	);
	const LIST = Number(opt('list', 2500));
	const listFields = {
		listId: '52817',
		identifierKey: 'email',
		identifierValue: '={{ $json.email }}',
	};
	alone(
		'list-bulk',
		`Add Many Customers to a list ${LIST}, 25 per call, ${l0} ms (no rate documented: the node's 5 calls/s)`,
		'bulk',
		operationCase('listBulk', LIST, {
			resource: 'customList',
			operation: 'addCustomers',
			...listFields,
			options: {},
		}),
		LIST,
		l0,
		undefined,
		{ ceiling: 125, accepted: (emu) => emu.lists.get('52817').members.size },
	);
	alone(
		'list-bulk-async',
		`Add Many Customers to a list ${LIST * 4}, Async (500 per call), ${l0} ms`,
		'bulk',
		operationCase('listBulkAsync', LIST * 4, {
			resource: 'customList',
			operation: 'addCustomers',
			...listFields,
			options: { async: true },
		}),
		LIST * 4,
		l0,
		undefined,
		{ ceiling: 2500, accepted: (emu) => emu.lists.get('52817').members.size },
	);
	alone(
		'campaign-bulk',
		`Campaign Trigger Many ${LIST}, 50 per call, ${l0} ms (no rate documented: the node's 5 calls/s)`,
		'bulk',
		operationCase('campaignBulk', LIST, {
			resource: 'campaign',
			operation: 'triggerBulk',
			campaignUuid: '4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47',
			email: '={{ $json.email }}',
			options: {},
		}),
		LIST,
		l0,
		undefined,
		{ ceiling: 250, accepted: (emu) => emu.messages.length },
	);
	// Catalog: Add or Update Items, and (with peers) two HTTP Request builds of the same
	// (scripts/bench-catalog.js; `--cases catalog-`); the catalog rate is a guess, none is documented
	for (const sc of catalogScenarios({
		url: emulator.url,
		credential: CRED,
		basic: BASIC,
		count: CATALOG_PRODUCTS,
		latencies: LATENCIES,
	})) {
		if (PEERS || !/loop|batching/.test(sc.key)) scenarios.push(sc);
	}
	// paging reads: Campaign Get Many beside the HTTP Request node's Pagination (scripts/bench-paging.js;
	// `--cases paging-`)
	for (const sc of pagingScenarios({
		url: emulator.url,
		credential: CRED,
		basic: BASIC,
		latencies: LATENCIES,
	})) {
		if (PEERS || !/http/.test(sc.key)) scenarios.push(sc);
	}
	// executions at once on one account (issue 14): one process, then queue mode with two workers
	const bulkEndpoint = '/api/v1/customers/bulk';
	scenarios.push({
		key: 'regular-bulk',
		mode: 'regular',
		label: `regular mode: 4 Bulk Create or Update executions x ${CONCURRENT_BULK} at once, one account, ${l0} ms`,
		kind: 'bulk',
		path: 'bench-bulk',
		operation: 'bulkUpsert',
		endpoint: bulkEndpoint,
		executions: 4,
		count: CONCURRENT_BULK,
		latency: l0,
	});
	scenarios.push({
		key: 'regular-upsert',
		mode: 'regular',
		label: `regular mode: 5 Create or Update executions x ${CONCURRENT_SINGLE} at once, one account, ${l0} ms`,
		kind: 'single',
		path: 'bench-upsert',
		operation: 'upsert',
		endpoint: '/api/v1/customers',
		executions: 5,
		count: CONCURRENT_SINGLE,
		latency: l0,
	});
	// one-item executions: n8n's own cost per execution, with this node and with the HTTP Request node
	scenarios.push({
		key: 'regular-oneitem',
		mode: 'regular',
		label: `regular mode: ${ONE_ITEM} one-item Create or Update executions at once, ${l0} ms`,
		kind: 'executions',
		path: 'bench-one',
		operation: 'upsert',
		endpoint: '/api/v1/customers',
		executions: ONE_ITEM,
		count: 1,
		latency: l0,
	});
	scenarios.push({
		key: 'regular-oneitem-http',
		mode: 'regular',
		label: `peer: ${ONE_ITEM} one-item HTTP Request executions at once, ${l0} ms`,
		kind: 'executions',
		path: 'bench-one-http',
		operation: 'upsert',
		http: true,
		endpoint: '/api/v1/customers',
		executions: ONE_ITEM,
		count: 1,
		latency: l0,
	});
	scenarios.push({
		key: 'queue-bulk',
		mode: 'queue',
		label: `queue mode, 2 workers: 4 Bulk Create or Update executions x ${QUEUE_RECORDS} at once, one account, 0 ms`,
		kind: 'bulk',
		path: 'bench-queue-bulk',
		operation: 'bulkUpsert',
		endpoint: bulkEndpoint,
		executions: 4,
		count: QUEUE_RECORDS,
		latency: 0,
	});
	const selected = ONLY.length
		? scenarios.filter((c) => ONLY.some((o) => c.key.startsWith(o)))
		: scenarios;

	const results = [];
	const print = (row) => {
		results.push(row);
		const run = RUNS > 1 ? ` (run ${row.run})` : '';
		console.error(
			`${row.label}${run}: ${row.seconds.toFixed(1)} s, ${row.itemsPerSecond.toFixed(1)} items/s${row.share === undefined ? '' : ` (${(row.share * 100).toFixed(1)}% of its ceiling)`}, 429s ${row.r429}${row.calls ? ` of ${row.calls} calls` : ''}, failed ${row.failed}${row.peakMb ? `, peak ${row.peakMb.toFixed(0)} MB` : ''}${row.firstCallMs === undefined ? '' : `, first call after ${row.firstCallMs} ms`}${row.extra ? `; ${row.extra}` : ''}`,
		);
	};
	const aloneScenarios = selected.filter((c) => !c.mode);
	if (aloneScenarios.length) await n8n.importWorkflows(aloneScenarios.map((c) => c.wf));
	for (let run = 1; run <= RUNS; run++) {
		for (const {
			key,
			label,
			kind,
			wf,
			count,
			latency,
			limits,
			ceiling,
			accepted,
			setup,
			misreported,
		} of aloneScenarios) {
			emulator.reset();
			emulator.latencyMs = latency;
			emulator.limits = limits === false ? false : { single: 50, bulk: 5, bulkEvents: 5 };
			setup?.(emulator);
			let memory;
			const result = await n8n.execute(wf.id, {
				timeout: 1_800_000,
				onSpawn: (child) => (memory = peakRss(child)),
			});
			memory.stop();
			const { ms, start, runData } = measure(result);
			const failedOutput =
				(runData.Blueshift ?? runData['HTTP Request'])?.[0]?.data?.main?.[1]?.length ?? 0;
			const stored = emulator.stored.length;
			const ok = accepted
				? accepted(emulator, result)
				: kind === 'cpu' || key.includes('track')
					? count - failedOutput
					: stored;
			print({
				key,
				label,
				run,
				kind,
				count,
				seconds: ms / 1000,
				itemsPerSecond: ok / (ms / 1000),
				share:
					kind === 'cpu'
						? undefined
						: ok /
							(ms / 1000) /
							(ceiling ??
								CEILING[
									kind === 'bulk' || key === 'http-bulk'
										? key === 'http-bulk'
											? 'single'
											: 'bulk'
										: 'single'
								]),
				r429: emulator.counts.byStatus[429] ?? 0,
				calls: emulator.requests.length,
				failed: count - ok,
				peakMb: memory.peak / 2 ** 20,
				msPerItem: ms / count,
				// where the time goes besides the pacing: until the first call reached the emulator
				firstCallMs: emulator.requests.length ? emulator.requests[0].at - start : undefined,
				extra: misreported
					? `misreported ${misreported(emulator, result)}`
					: firstRefusal(emulator),
			});
		}
	}
	for (const mode of ['regular', 'queue']) {
		const group = selected.filter((c) => c.mode === mode);
		if (!group.length) continue;
		// a fresh user folder per mode: its own database, the package installed from the tarball
		const host = new N8n(VERSION, userFolderWithPackage());
		await host.importCredentials([
			{
				id: CRED.blueshiftApi.id,
				name: CRED.blueshiftApi.name,
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY },
			},
			{
				id: BASIC.httpBasicAuth.id,
				name: BASIC.httpBasicAuth.name,
				type: 'httpBasicAuth',
				data: { user: KEY, password: '' },
			},
		]);
		await host.importWorkflows(
			group.map((c, i) =>
				webhookWorkflow({
					id: `benchConcurren${String(i).padStart(2, '0')}`,
					path: c.path,
					credential: CRED.blueshiftApi.id,
					operation: c.operation,
					respond: mode === 'queue' ? 'onReceived' : 'lastNode',
					http: c.http ? { url: emulator.url, credential: BASIC.httpBasicAuth.id } : undefined,
				}),
			),
		);
		for (let i = 0; i < group.length; i++)
			await host.cli(['publish:workflow', `--id=benchConcurren${String(i).padStart(2, '0')}`]);
		const server =
			mode === 'queue' ? await startQueueMode(host, { port: 5710 }) : await startEditor(host, 5710);
		try {
			// the webhooks answer a few seconds after /healthz does
			for (let i = 0; i < 120; i++) {
				const probe = await fetch(`${server.url}/webhook/${group[0].path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: '{"run":"probe","count":0}',
				}).catch(() => undefined);
				if (probe?.status === 200) break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			if (mode === 'queue') await waitFinished(server.finished, 0, 1, 60_000);
			// warm every workflow up (n8n compiles and caches on first use), so the first scenario is not
			// the one that pays for it
			else
				for (const sc of group)
					await triggerAtOnce(
						server.url,
						Array.from({ length: 50 }, (_, i) => ({ path: sc.path, run: `warm${i}`, count: 1 })),
					);
			for (let run = 1; run <= RUNS; run++) {
				for (let round = 0; round < (mode === 'regular' ? ROUNDS : 1); round++) {
					for (const sc of round % 2 ? [...group].reverse() : group) {
						const row = {
							...(await concurrentRow(
								sc,
								emulator,
								server.url,
								mode === 'queue' ? server.finished : undefined,
							)),
							run,
						};
						print(
							ROUNDS > 1 && mode === 'regular'
								? { ...row, label: `${row.label} (round ${round + 1})`, round }
								: row,
						);
					}
				}
			}
		} finally {
			await server.stop();
		}
	}
	await emulator.stop();

	const report = tables(results, { n8n, startedAt, loadBefore, loadAfter: os.loadavg() });
	console.log(`\n${report.results}`);
	if (WRITE) {
		for (const target of targets())
			writeMarked(target.file, target, target.key === 'results' ? report.results : report.table);
		console.log(
			`\nWritten: ${targets()
				.map((t) => path.relative(ROOT, t.file))
				.join(', ')}`,
		);
	}
}

/** Which rows a row is compared with (the same run's). */
function peerOf(row) {
	if (row.key.startsWith('bulk')) return ['loop-' + row.key.split('-').pop(), 'http-bulk'];
	if (row.key.startsWith('upsert')) return ['http-upsert'];
	if (row.key.startsWith('track')) return ['http-track'];
	if (row.key === 'regular-oneitem') return ['regular-oneitem-http'];
	if (row.key.startsWith('events-bulk')) return ['loop-events'];
	if (row.key === 'event-send') return ['http-event'];
	return [];
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;

function median(values) {
	const sorted = [...values].sort((x, y) => x - y);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** When, where and how the figures were taken: date, machine, versions, load, the bench's options. */
function setting({ n8n, startedAt, loadBefore, loadAfter }) {
	const cpus = os.cpus();
	const load = (l) => l.map((x) => x.toFixed(2)).join(', ');
	return [
		`Measured ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} with \`npm run bench${args.length ? ` -- ${args.filter((a) => a !== '--write').join(' ')}` : ''}\`:`,
		`n8n ${VERSION} on Node ${n8n.runtime.nodeVersion} (the bench on Node ${process.version.slice(1)}),`,
		`${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB,`,
		`load average ${load(loadBefore)} at the start and ${load(loadAfter)} at the end${BUSY ? ', two CPU burners beside it (`--busy`)' : ''}.`,
		`Emulator: 5 bulk calls/s (customers, events) and 50 calls/s (customers) per sliding second, 429 beyond;`,
		`each call counted 0 to ${JITTER} ms after it arrived (seeded); ceilings: bulk 250 customers/s, single 50 calls/s, and each row's own for events, lists, campaigns.`,
	].join(' ');
}

/** The full table (every run) with each scenario's summary, and the headline table (the summaries of the ceilings). */
function tables(results, context) {
	const lines = [setting(context), ''];
	lines.push(
		'| case | run | items | wall s | items/s | of ceiling | 429s of calls | failed items | peak MB | vs peers |',
	);
	lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
	for (const row of results) {
		const vs = peerOf(row)
			.map((k) => results.find((r) => r.key === k && r.run === row.run))
			.filter(Boolean)
			.map((p) => `${(row.itemsPerSecond / p.itemsPerSecond).toFixed(1)}x ${p.key}`)
			.join(', ');
		const share = row.share === undefined ? `${row.msPerItem.toFixed(3)} ms/item` : pct(row.share);
		const peak = row.peakMb === undefined ? '' : row.peakMb.toFixed(0);
		const refused = row.calls ? `${row.r429} of ${row.calls}` : `${row.r429}`;
		lines.push(
			`| ${row.label} | ${row.run} | ${row.count} | ${row.seconds.toFixed(1)} | ${row.itemsPerSecond.toFixed(1)} | ${share} | ${refused} | ${row.failed} | ${peak} | ${vs || row.extra || ''} |`,
		);
	}
	// each scenario over its runs: the lowest, the median and the highest share of its ceiling
	const summary = [];
	for (const key of [...new Set(results.map((r) => r.key))]) {
		const rows = results.filter(
			(r) => r.key === key && r.share !== undefined && r.round === undefined,
		);
		if (!rows.length) continue;
		const shares = rows.map((r) => r.share);
		const calls = rows.reduce((n, r) => n + (r.calls ?? 0), 0);
		const refused = rows.reduce((n, r) => n + r.r429, 0);
		summary.push({
			key,
			label: rows[0].label,
			runs: rows.length,
			low: Math.min(...shares),
			mid: median(shares),
			high: Math.max(...shares),
			refused,
			calls,
		});
	}
	const summaryTable = (rows) => [
		'| case | runs | of ceiling: lowest / median / highest | 429s of calls |',
		'| --- | ---: | --- | ---: |',
		...rows.map(
			(s) =>
				`| ${s.label} | ${s.runs} | ${pct(s.low)} / ${pct(s.mid)} / ${pct(s.high)} | ${s.refused}${s.calls ? ` of ${s.calls} (${pct(s.refused / s.calls)})` : ''} |`,
		),
	];
	if (summary.length) lines.push('', ...summaryTable(summary));
	// with rounds: each pair's ratio in every round (rows of one round), then the median
	for (const row of results.filter((r) => r.round === 0)) {
		for (const peer of peerOf(row)) {
			const ratios = [];
			for (let round = 0; round < ROUNDS; round++) {
				const a = results.find((r) => r.key === row.key && r.round === round && r.run === row.run);
				const b = results.find((r) => r.key === peer && r.round === round && r.run === row.run);
				if (a && b) ratios.push(a.itemsPerSecond / b.itemsPerSecond);
			}
			if (ratios.length < 2) continue;
			lines.push(
				'',
				`${row.key} vs ${peer}, ${ratios.length} rounds: ${ratios.map((x) => `${x.toFixed(2)}x`).join(', ')}; median ${median(ratios).toFixed(2)}x`,
			);
		}
	}
	const ceilings = summary.filter((s) => /^(bulk|upsert)-/.test(s.key));
	const headline = [setting(context), '', ...summaryTable(ceilings.length ? ceilings : summary)];
	return { results: lines.join('\n'), table: headline.join('\n') };
}

/** Two CPU burners beside n8n (`--busy`), each ending by itself after `minutes` whatever happens. */
function startBurners(minutes) {
	const ms = Math.round(minutes * 60_000);
	const code = `const end = Date.now() + ${ms}; while (Date.now() < end) {}`;
	const children = [0, 1].map(() => spawn(process.execPath, ['-e', code], { stdio: 'ignore' }));
	const stop = () => {
		for (const child of children)
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	};
	process.once('exit', stop);
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			stop();
			process.exit(130);
		});
	}
	console.error(
		`--busy: two CPU burners (pids ${children.map((c) => c.pid).join(', ')}) for at most ${minutes} min`,
	);
	return { stop };
}

const ROOT = path.join(__dirname, '..');

/** Where `--write` puts the figures: between these markers, in files another change created. */
const TARGETS = [
	{
		key: 'results',
		file: path.join(ROOT, 'docs', 'throughput.md'),
		start: '<!-- bench:results -->',
		end: '<!-- /bench:results -->',
	},
	{
		key: 'table',
		file: path.join(ROOT, 'README.md'),
		start: '<!-- bench:table -->',
		end: '<!-- /bench:table -->',
	},
];

/**
 * Where `--busy --write` puts its figures instead: beside the quiet ones, not over them (two CPU
 * burners are a different machine), and not in the README's headline table.
 */
const BUSY_TARGETS = [
	{
		key: 'results',
		file: path.join(ROOT, 'docs', 'throughput.md'),
		start: '<!-- bench:busy -->',
		end: '<!-- /bench:busy -->',
	},
];

/** Where the text between the markers is; throws, saying what to add, when a marker is missing. */
function markedSpan(text, { file, start, end }) {
	const from = text.indexOf(start);
	const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
	if (from < 0 || to < 0 || text.indexOf(start, from + start.length) >= 0) {
		const missing = from < 0 ? start : to < 0 ? end : `a single ${start}`;
		throw new Error(
			`bench --write: ${path.relative(ROOT, file) || file} has no ${missing}. Add the markers ${start} and ${end} (each once, in that order) where the figures go, then run again; nothing was written.`,
		);
	}
	return { from: from + start.length, to };
}

function readTarget(file) {
	if (!fs.existsSync(file)) {
		throw new Error(
			`bench --write: ${path.relative(ROOT, file) || file} does not exist, and --write creates no file. Add it with its markers, then run again; nothing was written.`,
		);
	}
	return fs.readFileSync(file, 'utf8');
}

/** Replaces what stands between the markers of `file` with `content`; writes nothing else. */
function writeMarked(file, markers, content) {
	const text = readTarget(file);
	const { from, to } = markedSpan(text, { ...markers, file });
	fs.writeFileSync(file, `${text.slice(0, from)}\n${content}\n${text.slice(to)}`);
}

/** The markers this run writes between (see TARGETS and BUSY_TARGETS). */
const targets = () => (BUSY ? BUSY_TARGETS : TARGETS);

module.exports = { markedSpan, writeMarked, TARGETS, BUSY_TARGETS };

if (require.main === module) {
	main().catch((error) => {
		console.error(String(error?.message).startsWith('bench --write') ? error.message : error);
		process.exit(1);
	});
}
