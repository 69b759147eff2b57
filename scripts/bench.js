'use strict';
/**
 * `npm run bench`: throughput of the Blueshift node against its documented ceilings, side by side
 * with what a builder would assemble from n8n's HTTP Request node, all in the same real n8n (2.40.7,
 * this package installed from its tarball) against the emulator with latency and enforced limits.
 *
 *   node scripts/bench.js [--latency 150,500] [--bulk 10000] [--single 1000] [--no-peers] [--cases a,b]
 *
 * Each case is one workflow run with `n8n execute`. Wall time is measured from the run data: from the
 * start of the first node after the item generator to the end of the last node. Peak memory is the
 * n8n process's VmHWM. Nothing here asserts: it prints figures.
 */
const fs = require('node:fs');
const { Emulator } = require('../test/emulator/server');
const { N8n } = require('../test/e2e/n8n');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const LATENCIES = opt('latency', '150,500').split(',').map(Number);
const BULK = Number(opt('bulk', 10000));
const SINGLE = Number(opt('single', 1000));
const PEERS = !args.includes('--no-peers');
const ONLY = opt('cases', '').split(',').filter(Boolean);
const VERSION = process.env.BENCH_N8N_VERSION ?? '2.40.7';
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
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
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
		if (operation !== 'startTracking') parameters.additionalFields = { firstname: '={{ $json.firstname }}' };
	}
	const node = { id: 'bs', name: 'Blueshift', type: 'n8n-nodes-blueshift.blueshift', typeVersion: 1, position: [400, 0], parameters, credentials: CRED, onError: 'continueErrorOutput' };
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
	return workflow(id, count, [httpNode('HTTP Request', url, body, true, { onError: 'continueErrorOutput' })], {});
}

/** Loop Over Items (50) -> Aggregate -> HTTP Request to /customers/bulk -> back to the loop. */
function loopCase(id, count, url) {
	const nodes = [
		{ id: 'loop', name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [400, 0], parameters: { batchSize: 50, options: {} } },
		{ id: 'agg', name: 'Aggregate', type: 'n8n-nodes-base.aggregate', typeVersion: 1, position: [600, 100], parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'customers', options: {} } },
		httpNode('HTTP Request', url, '={{ JSON.stringify({ customers: $json.customers }) }}', false, {
			position: [800, 100],
			retryOnFail: true,
			maxTries: 5,
			waitBetweenTries: 1000,
			onError: 'continueRegularOutput',
		}),
		{ id: 'done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, -100], parameters: {} },
	];
	return workflow(id, count, nodes, {
		'Loop Over Items': { main: [[{ node: 'Done', type: 'main', index: 0 }], [{ node: 'Aggregate', type: 'main', index: 0 }]] },
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
	return { ms: end - start, runData };
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
	return { stop: () => clearInterval(timer), get peak() { return peak; } };
}

async function main() {
	const emulator = await new Emulator({ keys: [KEY], limits: { single: 50, bulk: 5 } }).start();
	const n8n = new N8n(VERSION);
	await n8n.importCredentials([
		{ id: CRED.blueshiftApi.id, name: CRED.blueshiftApi.name, type: 'blueshiftApi', data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY } },
		{ id: BASIC.httpBasicAuth.id, name: BASIC.httpBasicAuth.name, type: 'httpBasicAuth', data: { user: KEY, password: '' } },
	]);
	const customers = `${emulator.url}/api/v1/customers`;
	const recordBody = '={{ JSON.stringify({ email: $json.email, firstname: $json.firstname }) }}';
	const trackBody = '={{ JSON.stringify({ email: $json.email }) }}';
	const unlimited = { callsPerSecond: 100000, bulkCallsPerSecond: 100000 };

	// [key, label, kind, ceiling, workflow, count, latency override, limits override]
	const cases = [];
	for (const latency of LATENCIES) {
		const l = `${latency} ms`;
		cases.push([`bulk-${latency}`, `Bulk Upsert ${BULK} (define below), ${l}`, 'bulk', blueshiftCase(`bulkDefine${latency}`, BULK, 'bulkUpsert', 'defineBelow'), BULK, latency]);
		cases.push([`bulkauto-${latency}`, `Bulk Upsert ${BULK} (auto-map), ${l}`, 'bulk', blueshiftCase(`bulkAuto${latency}`, BULK, 'bulkUpsert', 'autoMapInputData'), BULK, latency]);
		if (PEERS) {
			cases.push([`loop-${latency}`, `peer: Loop 50 / Aggregate / HTTP bulk, ${l}`, 'bulk', loopCase(`loopBulk${latency}`, BULK, `${customers}/bulk`), BULK, latency]);
		}
	}
	const l0 = LATENCIES[0];
	cases.push(['upsert', `Upsert Customer ${SINGLE}, ${l0} ms`, 'single', blueshiftCase('upsertDefine', SINGLE, 'upsert', 'defineBelow'), SINGLE, l0]);
	cases.push(['track', `Start Tracking ${SINGLE}, ${l0} ms`, 'single', blueshiftCase('startTrack', SINGLE, 'startTracking'), SINGLE, l0]);
	if (PEERS) {
		cases.push(['http-upsert', `peer: HTTP Request per item, batching 50/1 s, upsert ${SINGLE}, ${l0} ms`, 'single', httpPerItemCase('httpUpsert', SINGLE, customers, recordBody), SINGLE, l0]);
		cases.push(['http-track', `peer: HTTP Request per item, batching 50/1 s, start tracking ${SINGLE}, ${l0} ms`, 'single', httpPerItemCase('httpTrack', SINGLE, `${customers}/unforget`, trackBody), SINGLE, l0]);
		cases.push(['http-bulk', `peer: HTTP Request per item, batching 50/1 s, ${BULK} records, ${l0} ms`, 'single', httpPerItemCase('httpPerItemBulk', BULK, customers, recordBody), BULK, l0]);
	}
	cases.push(['cpu-bulk', `node cost: Bulk Upsert ${BULK} auto-map, no latency, no limit`, 'cpu', blueshiftCase('cpuBulk', BULK, 'bulkUpsert', 'autoMapInputData', unlimited), BULK, 0, false]);
	cases.push(['cpu-bulk-define', `node cost: Bulk Upsert ${BULK} define below, no latency, no limit`, 'cpu', blueshiftCase('cpuBulkDef', BULK, 'bulkUpsert', 'defineBelow', unlimited), BULK, 0, false]);
	cases.push(['cpu-upsert', `node cost: Upsert Customer ${SINGLE} define below, no latency, no limit`, 'cpu', blueshiftCase('cpuUpsert', SINGLE, 'upsert', 'defineBelow', unlimited), SINGLE, 0, false]);
	const selected = ONLY.length ? cases.filter((c) => ONLY.some((o) => c[0].startsWith(o))) : cases;

	await n8n.importWorkflows(selected.map((c) => c[3]));
	const results = [];
	for (const [key, label, kind, wf, count, latency, limits] of selected) {
		emulator.reset();
		emulator.latencyMs = latency;
		emulator.limits = limits === false ? false : { single: 50, bulk: 5 };
		let memory;
		const run = await n8n.execute(wf.id, {
			timeout: 1_800_000,
			onSpawn: (child) => (memory = peakRss(child)),
		});
		memory.stop();
		const { ms, runData } = measure(run);
		const failedOutput = (runData.Blueshift ?? runData['HTTP Request'])?.[0]?.data?.main?.[1]?.length ?? 0;
		const stored = emulator.stored.length;
		const ok = kind === 'cpu' || key.includes('track') ? count - failedOutput : stored;
		const row = {
			key,
			label,
			kind,
			count,
			seconds: ms / 1000,
			itemsPerSecond: ok / (ms / 1000),
			share: kind === 'cpu' ? undefined : ok / (ms / 1000) / CEILING[kind === 'bulk' || key === 'http-bulk' ? (key === 'http-bulk' ? 'single' : 'bulk') : 'single'],
			r429: emulator.counts.byStatus[429] ?? 0,
			failed: count - ok,
			peakMb: memory.peak / 2 ** 20,
			msPerItem: ms / count,
		};
		results.push(row);
		console.error(`${label}: ${row.seconds.toFixed(1)} s, ${row.itemsPerSecond.toFixed(1)} items/s, 429s ${row.r429}, failed ${row.failed}, peak ${row.peakMb.toFixed(0)} MB`);
	}
	await emulator.stop();

	const peerOf = (row) => {
		if (row.key.startsWith('bulk')) return ['loop-' + row.key.split('-')[1], 'http-bulk'];
		if (row.key === 'upsert') return ['http-upsert'];
		if (row.key === 'track') return ['http-track'];
		return [];
	};
	console.log(`\nn8n ${VERSION}, emulator limits: 5 bulk calls/s, 50 calls/s (429 beyond); ceilings: bulk 250 customers/s, single 50 calls/s\n`);
	console.log('| case | items | wall s | items/s | of ceiling | 429s | failed items | peak MB | vs peers |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
	for (const row of results) {
		const vs = peerOf(row)
			.map((k) => results.find((r) => r.key === k))
			.filter(Boolean)
			.map((p) => `${(row.itemsPerSecond / p.itemsPerSecond).toFixed(1)}x ${p.key}`)
			.join(', ');
		const share = row.share === undefined ? `${row.msPerItem.toFixed(3)} ms/item` : `${(row.share * 100).toFixed(1)}%`;
		console.log(`| ${row.label} | ${row.count} | ${row.seconds.toFixed(1)} | ${row.itemsPerSecond.toFixed(1)} | ${share} | ${row.r429} | ${row.failed} | ${row.peakMb.toFixed(0)} | ${vs} |`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
