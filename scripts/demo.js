'use strict';
/**
 * `npm run demo`, the main job in seconds: builds the package from source (npm run build, done by
 * the npm script), then runs examples/blueshift-example.json on n8n's own workflow engine embedded
 * (n8n-core's WorkflowExecute, as the unit tests do) against the Blueshift emulator over real HTTP,
 * and prints what every Blueshift node sent, what Blueshift accepted, what failed and why; then
 * runs it again with Dry Run on in every Blueshift node and shows one node's requests beside what
 * its real run sent.
 *
 * No n8n is installed: the Blueshift node and credential are the ones in dist/, and the example's
 * n8n-nodes-base nodes (Manual Trigger, Code, No Op, Edit Fields) are played by small stand-ins
 * below, since n8n-nodes-base is not a dependency. `npm run demo:n8n` runs the same workflow in a
 * real n8n 2.x instead (the first run installs n8n: minutes and GB).
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const started = process.hrtime.bigint();
const ROOT = path.join(__dirname, '..');
const WORKFLOW_FILE = path.join(ROOT, 'examples/blueshift-example.json');
const API_KEY = 'demo-user-api-key'; // accepted by the emulator only
const BLUESHIFT_TYPE = 'n8n-nodes-blueshift.blueshift';

const seconds = (from) => (Number(process.hrtime.bigint() - from) / 1e9).toFixed(2);

for (const file of [
	'dist/nodes/Blueshift/Blueshift.node.js',
	'dist/credentials/BlueshiftApi.credentials.js',
]) {
	if (!fs.existsSync(path.join(ROOT, file))) {
		console.error(`${file} is missing: run "npm run demo" (it builds first) or "npm run build".`);
		process.exit(1);
	}
}

// n8n-core keeps an instance key in N8N_USER_FOLDER: a throw-away folder, not the user's ~/.n8n.
const userFolder = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'blueshift-demo-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY ??= 'demo-encryption-key';

// The harness the unit tests use: the node and credential from dist/, credentials applied through
// the credential type's own `authenticate` block with n8n's expression engine.
const { makeAdditionalData, NODE_TYPE } = require('../test/support/harness');
const { Blueshift } = require(path.join(ROOT, 'dist/nodes/Blueshift/Blueshift.node.js'));
const { Emulator } = require('../test/emulator/server');
const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { Workflow } = require('n8n-workflow');

const describe = (name, extra = {}) => ({
	displayName: name,
	name,
	group: ['transform'],
	version: [1, 2, 3, 3.4],
	description: `Stand-in for n8n's ${name} node`,
	defaults: { name },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
	...extra,
});

/** n8n-nodes-base.manualTrigger: one empty item, as clicking "Execute workflow" gives. */
class ManualTrigger {
	description = describe('manualTrigger', { group: ['trigger'], inputs: [] });

	async execute() {
		return [[{ json: {} }]];
	}
}

/** n8n-nodes-base.code, "Run Once for All Items": the node's JavaScript in a fresh context. */
class Code {
	description = describe('code', {
		properties: [{ displayName: 'Code', name: 'jsCode', type: 'string', default: '' }],
	});

	async execute() {
		const input = this.getInputData();
		const code = this.getNodeParameter('jsCode', 0);
		const $input = { all: () => input, first: () => input[0], last: () => input[input.length - 1] };
		const result = await vm.runInNewContext(
			`(async () => {\n${code}\n})()`,
			{ $input, items: input },
			{ timeout: 5000 },
		);
		const items = (Array.isArray(result) ? result : [result]).map((item) =>
			item && item.json ? item : { json: item },
		);
		return [items.map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: 0 } }))];
	}
}

/** n8n-nodes-base.noOp: passes its input on. */
class NoOp {
	description = describe('noOp');

	async execute() {
		return [
			this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } })),
		];
	}
}

/** n8n-nodes-base.set ("Edit Fields"), manual mode: adds the assignments, resolved per item. */
class EditFields {
	description = describe('set', {
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'manual' },
			{
				displayName: 'Include Other Fields',
				name: 'includeOtherFields',
				type: 'boolean',
				default: false,
			},
			{
				displayName: 'Assignments',
				name: 'assignments',
				type: 'assignmentCollection',
				default: {},
			},
		],
	});

	async execute() {
		return [
			this.getInputData().map((item, index) => {
				const assignments = this.getNodeParameter('assignments.assignments', index, []);
				const json = this.getNodeParameter('includeOtherFields', index, false)
					? { ...item.json }
					: {};
				for (const { name, value, type } of assignments)
					json[name] = type === 'string' ? String(value ?? '') : value;
				return { json, pairedItem: { item: index } };
			}),
		];
	}
}

const nodeTypeInstances = {
	[NODE_TYPE]: new Blueshift(),
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-base.code': new Code(),
	'n8n-nodes-base.noOp': new NoOp(),
	'n8n-nodes-base.set': new EditFields(),
};
const nodeTypes = {
	getByName: (type) => nodeTypeInstances[type],
	getByNameAndVersion: (type) => {
		if (!nodeTypeInstances[type]) throw new Error(`the demo has no stand-in for node type ${type}`);
		return nodeTypeInstances[type];
	},
	getKnownTypes: () => ({}),
};

/** Runs the workflow; returns the run and, per node, the emulator requests made while it ran. */
async function execute(definition, emulator, credentials) {
	const { nodes, connections } = definition;
	const workflow = new Workflow({
		id: definition.id,
		name: definition.name,
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1', ...definition.settings },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'demo', {
		id: definition.id,
		nodes,
		connections,
	});
	const requestsOf = {};
	const timeOf = {};
	let firstRequest = 0;
	let nodeStarted;
	hooks.addHandler('nodeExecuteBefore', () => {
		firstRequest = emulator.requests.length;
		nodeStarted = process.hrtime.bigint();
	});
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		requestsOf[nodeName] = emulator.requests.slice(firstRequest);
		timeOf[nodeName] = seconds(nodeStarted);
	});
	let finished;
	const done = new Promise((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
	const trigger = nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	await new WorkflowExecute(makeAdditionalData(hooks, credentials, 'demo'), 'manual').run({
		workflow,
		startNode: workflow.getNode(trigger.name),
	});
	return { run: await done, requestsOf, timeOf };
}

function summarizeCalls(requests) {
	const byStatus = {};
	for (const r of requests) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
	const statuses = Object.entries(byStatus)
		.map(([status, n]) => `${n}× ${status}`)
		.join(', ');
	return `${requests.length} call(s)${statuses ? ` (${statuses})` : ''}`;
}

/** The node whose dry run the demo shows beside its real run. */
const DRY_RUN_NODE = 'Upsert Customer';

/**
 * Runs the workflow again with Dry Run on in every Blueshift node, and prints DRY_RUN_NODE's
 * requests beside what the emulator received from it in the real run. Returns whether they agree
 * and nothing reached the emulator.
 */
async function dryRunBeside(definition, emulator, credentials, realRequests) {
	const dry = {
		...definition,
		nodes: definition.nodes.map((node) =>
			node.type === BLUESHIFT_TYPE
				? { ...node, parameters: { ...node.parameters, options: { dryRun: true } } }
				: node,
		),
	};
	const before = emulator.requests.length;
	const { run, requestsOf } = await execute(dry, emulator, credentials);
	const [shown = [], failed = []] =
		run.data.resultData.runData[DRY_RUN_NODE]?.[0]?.data?.main ?? [];
	const sent = requestsOf[DRY_RUN_NODE] ?? [];
	const real = realRequests.map((r) => JSON.stringify([r.method, r.path, r.body]));
	console.log(`\n== ${DRY_RUN_NODE}, Dry Run on, beside its real run above`);
	console.log(
		`   sent:     ${summarizeCalls(sent)} (the real run: ${summarizeCalls(realRequests)})`,
	);
	const anySent = emulator.requests.length - before;
	let same = anySent === 0 && sent.length === 0 && shown.length === realRequests.length;
	for (const item of shown) {
		const { method, url, body, note } = item.json;
		const path = new URL(url).pathname;
		const match = real.includes(JSON.stringify([method, path, body]));
		same &&= match && item.json.dryRun === true;
		console.log(`     item ${item.pairedItem?.item}: ${method} ${url} ${JSON.stringify(body)}`);
		console.log(
			`       ${match ? '= the body the real run sent' : '≠ NOT what the real run sent'}; "${note}"`,
		);
	}
	for (const item of failed) {
		console.log(`     ✗ item ${item.pairedItem?.item}: ${item.json.error} (as in the real run)`);
	}
	console.log(
		`   The emulator received ${anySent} call(s) while the workflow ran with Dry Run on in every Blueshift node.`,
	);
	console.log(
		`   The dry run shows what the real run sent, and sent nothing: ${same ? 'yes' : 'NO'}.`,
	);
	return same;
}

async function main() {
	const definition = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8'));
	const emulator = await new Emulator({ keys: [API_KEY] }).start();
	// Blueshift answers a bulk call with 200 and lists records it refused: one such record here.
	emulator.reject('customer42@example.com', { email: ['has been blocked'] });
	const pkg = require('../package.json');
	console.log(
		`n8n-nodes-blueshift ${pkg.version}, built from source, on n8n's workflow engine ` +
			`(n8n-core ${require('n8n-core/package.json').version}, n8n-workflow ${require('n8n-workflow/package.json').version}) embedded in this process.`,
	);
	console.log(`Workflow: "${definition.name}" (${path.relative(ROOT, WORKFLOW_FILE)})`);
	console.log(
		`Blueshift: the emulator at ${emulator.url} (test/emulator), Blueshift's documented rate limits enforced.\n`,
	);

	let failures = 0;
	try {
		const runStarted = process.hrtime.bigint();
		const credentials = { region: 'custom', baseUrl: emulator.url, apiKey: API_KEY };
		const { run, requestsOf, timeOf } = await execute(definition, emulator, credentials);
		const runTime = seconds(runStarted);
		const runData = run.data.resultData.runData;
		const blueshiftNodes = definition.nodes.filter((node) => node.type === BLUESHIFT_TYPE);
		for (const node of blueshiftNodes) {
			const data = runData[node.name]?.[0];
			const inputs = data?.source?.[0]
				? (runData[data.source[0].previousNode]?.[0]?.data?.main?.[
						data.source[0].previousNodeOutput ?? 0
					] ?? [])
				: [];
			const [accepted = [], failed = []] = data?.data?.main ?? [];
			const requests = requestsOf[node.name] ?? [];
			const records = requests.reduce(
				(n, r) => n + (Array.isArray(r.body?.customers) ? r.body.customers.length : 1),
				0,
			);
			console.log(
				`== ${node.name} (${node.parameters.operation}): ${inputs.length} item(s) in, ${timeOf[node.name] ?? '?'} s`,
			);
			console.log(
				`   sent:     ${records} record(s) in ${summarizeCalls(requests)} to ${[...new Set(requests.map((r) => r.path))].join(', ') || 'nowhere'}`,
			);
			console.log(`   accepted: ${accepted.length} item(s) on the success output`);
			console.log(
				`   failed:   ${failed.length} item(s) on the error output${failed.length ? ':' : ''}`,
			);
			for (const item of failed) {
				const who = item.json.email || item.json.customer_id || item.json.id || 'no identifier';
				console.log(`     ✗ item ${item.pairedItem?.item ?? '?'} (${who}): ${item.json.error}`);
			}
			const next = (definition.connections[node.name]?.main ?? [])
				.map((targets, output) =>
					(targets ?? []).map(
						(t) =>
							`"${t.node}" got ${runData[t.node]?.[0]?.data?.main?.[0]?.length ?? 0}${output === 1 ? ' (error output)' : ''}`,
					),
				)
				.flat();
			if (next.length) console.log(`   next:     ${next.join(', ')}`);
			if (data?.error) {
				failures++;
				console.log(`   the node stopped the workflow: ${data.error.message}`);
			}
			if (accepted.length + failed.length !== inputs.length) {
				failures++;
				console.log(
					`   ! ${inputs.length - accepted.length - failed.length} item(s) reached neither output`,
				);
			}
		}
		const basic = emulator.requests.every(
			(r) => r.user?.user === API_KEY && r.user.password === '',
		);
		console.log(
			`\nThe emulator received ${summarizeCalls(emulator.requests)}, ${basic ? 'all' : 'NOT all'} authenticated with the API key as the Basic auth user name; it stored ${emulator.customers.size} customers.`,
		);
		const leaked = JSON.stringify(run).includes(API_KEY);
		console.log(`The API key appears in the run data: ${leaked ? 'YES' : 'no'}.`);
		if (leaked || !basic) failures++;
		const runError = run.data.resultData.error;
		if (runError) {
			failures++;
			console.log(`The workflow failed: ${runError.message}`);
		}
		const realUpserts = requestsOf[DRY_RUN_NODE] ?? [];
		if (!(await dryRunBeside(definition, emulator, credentials, realUpserts))) failures++;
		console.log(
			`\nWorkflow run: ${runTime} s; whole demo: ${seconds(started)} s (plus the build before it).`,
		);
	} finally {
		await emulator.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	return failures === 0;
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(`demo: ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
