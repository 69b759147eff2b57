'use strict';
/**
 * `npm run demo:n8n`: the example in a real n8n. Installs this package into n8n 2.x the way the
 * Community Nodes installer does, runs examples/blueshift-example.json with `n8n execute` against
 * the Blueshift emulator, and prints what reached each Blueshift node's success and error outputs,
 * and why. (`npm run demo` runs the same workflow on n8n's engine embedded, in seconds.)
 * The first run provisions Node 24 and n8n into ~/.cache/n8n-nodes-blueshift (10 minutes or more
 * and 3 GB for 2.41.1, with progress on the way); later runs find it there and take seconds.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Emulator } = require('../test/emulator/server');
const { N8n, output, ROOT } = require('../test/e2e/n8n');

const VERSION = process.env.DEMO_N8N_VERSION ?? '2.41.1';
const API_KEY = 'demo-user-api-key';

async function main() {
	const workflow = JSON.parse(
		fs.readFileSync(path.join(ROOT, 'examples/blueshift-example.json'), 'utf8'),
	);
	const emulator = await new Emulator({ keys: [API_KEY] }).start();
	emulator.reject('customer42@example.com', { email: ['has been blocked'] });
	try {
		const cache =
			process.env.BLUESHIFT_CACHE ??
			path.join(require('node:os').homedir(), '.cache/n8n-nodes-blueshift');
		if (!fs.existsSync(path.join(cache, `n8n-${VERSION}`))) {
			console.log(
				`n8n ${VERSION} is not in ${cache} yet: installing it first (once; 10 minutes or more and 3 GB for 2.41.1, two C++ builds included; progress below).`,
			);
			console.log('For the same workflow in seconds without installing n8n: npm run demo\n');
		}
		console.log(
			`Preparing n8n ${VERSION} with n8n-nodes-blueshift installed from its npm pack tarball...`,
		);
		const n8n = new N8n(VERSION);
		await n8n.importCredentials([
			{
				id: 'bsExampleCred001',
				name: 'Blueshift (emulator)',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: API_KEY },
			},
		]);
		await n8n.importWorkflows([workflow]);
		console.log(
			`Running "${workflow.name}" with n8n execute against the emulator at ${emulator.url}\n`,
		);
		const run = await n8n.execute(workflow.id);

		for (const node of ['Upsert Customer', 'Bulk Upsert', 'Start Tracking']) {
			const success = output(run, node, 0);
			const errors = output(run, node, 1);
			const input = output(
				run,
				workflow.connections.Start.main[0].find(
					(c) => workflow.connections[c.node].main[0][0].node === node,
				).node,
			);
			console.log(
				`== ${node}: ${input.length} items in, ${success.length} on the success output, ${errors.length} on the error output`,
			);
			for (const item of errors) {
				const who = item.json.email || item.json.customer_id || 'no identifier';
				console.log(`   ✗ item ${item.pairedItem.item} (${who}): ${item.json.error}`);
			}
		}
		const bulk = emulator.received('/api/v1/customers/bulk');
		const basic = emulator.requests.every(
			(r) => r.user?.user === API_KEY && r.user.password === '',
		);
		console.log(
			`\nThe emulator received ${emulator.requests.length} calls, ${basic ? 'all' : 'NOT all'} with the key as Basic auth user name: ` +
				`${emulator.received('/api/v1/customers').length} upserts, ${bulk.length} bulk calls of ` +
				`${bulk.map((c) => c.body.customers.length).join(', ')} customers, ` +
				`${emulator.received('/api/v1/customers/unforget').length} start-tracking calls.`,
		);
		console.log(
			`It stored ${emulator.customers.size} customers. The API key appears in the run data: ${JSON.stringify(run).includes(API_KEY)}.`,
		);
		const runError = run.data?.resultData?.error;
		if (runError) throw new Error(`the workflow failed: ${runError.message}`);
	} finally {
		await emulator.stop();
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
