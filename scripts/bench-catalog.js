'use strict';
/**
 * Catalog bench scenarios (issue 26): Add or Update Items of 10,000 products beside what a builder
 * assembles from n8n's nodes, at 150 and 500 ms latency: products stored per second, 429s, and
 * products misreported (said stored but not stored, or stored but said failed).
 * - node: Catalog > Add or Update Items, auto-mapped, its defaults (100 a call, 5 calls/s).
 * - peer loop: Loop Over Items (100) -> Aggregate -> HTTP Request PUT ...?syncUpdateWithProductData=true;
 *   peer batching: a Code node cuts bodies of 100 -> HTTP Request, batching 1 per 200 ms. Both with
 *   Retry On Fail (5 tries, 1 s) and On Error: continue; a 2xx reads as "the chunk is stored".
 * Every 100th product is refused inside a 200 answer (`failure`). Blueshift documents no catalog
 * rate: the emulator gets 5 calls/s, a GUESS (its figure for the other bulk writes).
 * `catalogScenarios(ctx)` gives scenarios in the shape scripts/bench.js runs alone, plus
 * `misreported(emulator, run)`; `node scripts/bench-catalog.js [--latency 150,500] [--products N]`
 * runs them on their own n8n (BENCH_N8N_VERSION, default 2.41.1) and prints a table.
 */
const { Emulator } = require('../test/emulator/server');
const { N8n } = require('../test/e2e/n8n');

const CATALOG = 'dd0d2987-9e57-47d4-9380-8a3e959cbe8e';
/** A GUESS at Blueshift's catalog limit: none is documented; 5 calls/s is its figure for the other bulk writes. */
const GUESSED_LIMIT = 5;
const REFUSE_EVERY = 100;
const PER_CALL = 100;

/** One workflow node; `extra` holds its settings (credentials, retries, On Error). */
const node = (name, type, version, x, parameters, extra = {}) => ({
	id: name,
	name,
	type: `n8n-nodes-base.${type}`,
	typeVersion: version,
	position: [x, 0],
	parameters,
	...extra,
});
const link = (name) => ({ node: name, type: 'main', index: 0 });
const products = (count) =>
	`return Array.from({ length: ${count} }, (_, i) => ({ json: { product_id: \`P-\${i}\`, title: \`Product \${i}\`, image: \`https://example.com/i/\${i}.jpg\`, web_link: \`https://example.com/p/\${i}\`, availability: 'in_stock', category: ['All', 'All > Bench'], price: String(10 + (i % 90)) } }));`;

/** Start -> Records (the products) -> `nodes`, wired by `connections`. */
const workflow = (id, count, nodes, connections) => ({
	id,
	name: `Bench ${id}`,
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		node('Start', 'manualTrigger', 1, 0, {}),
		node('Records', 'code', 2, 200, { jsCode: products(count) }),
		...nodes,
	],
	connections: {
		Start: { main: [[link('Records')]] },
		Records: { main: [[link(nodes[0].name)]] },
		...connections,
	},
});

function nodeCase(id, count, credentials) {
	const parameters = {
		resource: 'catalog',
		operation: 'upsertItems',
		catalog: { __rl: true, mode: 'id', value: CATALOG },
		dataMode: 'autoMapInputData',
		options: {},
	};
	const extra = {
		type: 'n8n-nodes-blueshift.blueshift',
		credentials,
		onError: 'continueErrorOutput',
	};
	return workflow(id, count, [node('Blueshift', '', 1, 400, parameters, extra)], {});
}

/** The HTTP Request node as a builder sets it up: Retry On Fail (5 tries, 1 s), On Error: continue. */
const httpNode = (url, credentials, options = {}) =>
	node(
		'HTTP Request',
		'httpRequest',
		4.2,
		800,
		{
			method: 'PUT',
			url: `${url}/api/v1/catalogs/${CATALOG}.json?syncUpdateWithProductData=true`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ catalog: { products: $json.products } }) }}',
			options,
		},
		{
			credentials,
			retryOnFail: true,
			maxTries: 5,
			waitBetweenTries: 1000,
			onError: 'continueRegularOutput',
		},
	);

const loopCase = (id, count, url, basic) =>
	workflow(
		id,
		count,
		[
			node('Loop Over Items', 'splitInBatches', 3, 400, { batchSize: PER_CALL, options: {} }),
			node('Aggregate', 'aggregate', 1, 600, {
				aggregate: 'aggregateAllItemData',
				destinationFieldName: 'products',
				options: {},
			}),
			httpNode(url, basic),
			node('Done', 'noOp', 1, 600, {}),
		],
		{
			'Loop Over Items': { main: [[link('Done')], [link('Aggregate')]] },
			Aggregate: { main: [[link('HTTP Request')]] },
			'HTTP Request': { main: [[link('Loop Over Items')]] },
		},
	);

const CHUNK = `const all = $input.all().map((i) => i.json);
const out = [];
for (let k = 0; k < all.length; k += ${PER_CALL}) out.push({ json: { products: all.slice(k, k + ${PER_CALL}) } });
return out;`;

const batchingCase = (id, count, url, basic) =>
	workflow(
		id,
		count,
		[
			node('Chunk', 'code', 2, 400, { jsCode: CHUNK }),
			httpNode(url, basic, { batching: { batch: { batchSize: 1, batchInterval: 200 } } }),
		],
		{ Chunk: { main: [[link('HTTP Request')]] } },
	);

const storedIds = ({ storedProducts }) =>
	new Set(storedProducts.filter((p) => p.catalog_uuid === CATALOG).map((p) => p.product_id));

/** Errors that say the product may or may not be stored: not misreported either way. */
const UNKNOWN =
	/may have|does not show this product as stored|did not answer|other than a JSON object|an empty body|failed before it answered/;

/** Products the workflow said were stored, and the ones it said failed, from its run data. */
function reported(run) {
	const runData = (run.data ?? run).resultData.runData;
	const said = { stored: new Set(), failed: new Set(), unknown: new Set() };
	if (runData.Blueshift) {
		const [ok = [], bad = []] = runData.Blueshift[0].data.main;
		for (const item of ok) said.stored.add(String(item.json.product_id));
		for (const item of bad)
			said[UNKNOWN.test(item.json.error) ? 'unknown' : 'failed'].add(String(item.json.product_id));
		return said;
	}
	// the peers: one HTTP Request run (loop) or one output item (batching) per chunk; a 2xx reads as stored
	const http = runData['HTTP Request'] ?? [];
	const chunks = runData.Aggregate
		? runData.Aggregate.map((r) => r.data.main[0][0].json.products)
		: runData.Chunk[0].data.main[0].map((i) => i.json.products);
	const answers = runData.Aggregate ? http.map((r) => r.data.main[0][0]) : http[0].data.main[0];
	chunks.forEach((products, k) => {
		const failed = !answers[k] || answers[k].json.error !== undefined;
		for (const p of products) said[failed ? 'failed' : 'stored'].add(String(p.product_id));
	});
	return said;
}

/** Said stored but not stored, plus stored but said failed (an error saying "may have" is not misreported). */
function misreported(emulator, run) {
	const stored = storedIds(emulator);
	const said = reported(run);
	let wrong = 0;
	for (const id of said.stored) if (!stored.has(id)) wrong++;
	for (const id of said.failed) if (stored.has(id)) wrong++;
	return wrong;
}

/** The scenarios, for scripts/bench.js's list of runs alone. */
function catalogScenarios({ url, credential, basic, count = 10000, latencies = [150, 500] }) {
	const setup = (emulator) => {
		emulator.limits = {
			...(emulator.limits || { single: 50, bulk: 5 }),
			catalogItems: GUESSED_LIMIT,
		};
		for (let i = 0; i < count; i += REFUSE_EVERY)
			emulator.refuseProduct(`P-${i}`, { image: ['is not reachable'] });
	};
	const common = {
		kind: 'bulk',
		count,
		ceiling: GUESSED_LIMIT * PER_CALL,
		accepted: (emulator) => storedIds(emulator).size,
		setup,
		misreported,
	};
	return latencies.flatMap((latency) => {
		const at = (key, label, wf) => ({
			...common,
			key,
			label: `${label}, ${latency} ms`,
			wf,
			latency,
		});
		return [
			at(
				`catalog-${latency}`,
				`Catalog Add or Update Items ${count}`,
				nodeCase(`catalogNode${latency}`, count, credential),
			),
			at(
				`catalog-loop-${latency}`,
				`peer: Loop 100 / Aggregate / HTTP PUT, ${count} products`,
				loopCase(`catalogLoop${latency}`, count, url, basic),
			),
			at(
				`catalog-batching-${latency}`,
				`peer: Code chunks of 100 / HTTP PUT batching 1 per 200 ms, ${count} products`,
				batchingCase(`catalogBatch${latency}`, count, url, basic),
			),
		];
	});
}

/** Wall time of everything after the generator, from the run data. */
function wallMs(run) {
	const runs = Object.entries((run.data ?? run).resultData.runData)
		.filter(([name]) => name !== 'Start' && name !== 'Records')
		.flatMap(([, r]) => r);
	const end = Math.max(...runs.map((r) => r.startTime + r.executionTime));
	return end - Math.min(...runs.map((r) => r.startTime));
}

/** Runs the scenarios on their own n8n and emulator; prints one row per scenario. */
async function runCatalogBench({
	count = 10000,
	latencies = [150, 500],
	version = process.env.BENCH_N8N_VERSION ?? '2.41.1',
} = {}) {
	const KEY = 'bench-user-api-key';
	const credential = { blueshiftApi: { id: 'bsBenchCredent01', name: 'Blueshift (emulator)' } };
	const basic = { httpBasicAuth: { id: 'bsBenchBasicAut1', name: 'Blueshift key as Basic auth' } };
	const emulator = await new Emulator({ keys: [KEY] }).start();
	const n8n = new N8n(version);
	const cred = (ids, type, data) => ({ ...Object.values(ids)[0], type, data });
	await n8n.importCredentials([
		cred(credential, 'blueshiftApi', { region: 'custom', baseUrl: emulator.url, apiKey: KEY }),
		cred(basic, 'httpBasicAuth', { user: KEY, password: '' }),
	]);
	const scenarios = catalogScenarios({ url: emulator.url, credential, basic, count, latencies });
	await n8n.importWorkflows(scenarios.map((s) => s.wf));
	const rows = [];
	for (const sc of scenarios) {
		emulator.reset();
		emulator.latencyMs = sc.latency;
		emulator.limits = { single: 50, bulk: 5 };
		sc.setup(emulator);
		const run = await n8n.execute(sc.wf.id, { timeout: 1_800_000 });
		const seconds = wallMs(run) / 1000;
		const row = {
			label: sc.label,
			seconds,
			perSecond: sc.accepted(emulator) / seconds,
			r429: emulator.counts.byStatus[429] ?? 0,
			misreported: sc.misreported(emulator, run),
			stored: sc.accepted(emulator),
		};
		rows.push(row);
		console.error(
			`${row.label}: ${seconds.toFixed(1)} s, ${row.perSecond.toFixed(1)} products/s, 429s ${row.r429}, misreported ${row.misreported}`,
		);
	}
	await emulator.stop();
	console.log(
		`\nn8n ${version}; emulator: ${GUESSED_LIMIT} catalog calls/s (a guess), every ${REFUSE_EVERY}th product refused in a 200 answer\n`,
	);
	console.log('| case | products | wall s | stored/s | 429s | stored | misreported |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const r of rows)
		console.log(
			`| ${r.label} | ${count} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(1)} | ${r.r429} | ${r.stored} | ${r.misreported} |`,
		);
	return rows;
}

module.exports = { catalogScenarios, runCatalogBench, misreported, GUESSED_LIMIT, node, link };

if (require.main === module) {
	const args = process.argv.slice(2);
	const opt = (name, fallback) =>
		args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback;
	runCatalogBench({
		count: Number(opt('products', 10000)),
		latencies: opt('latency', '150,500').split(',').map(Number),
	}).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
