'use strict';
/**
 * `npm run dev`: n8n's editor on localhost with this package installed (from its npm pack tarball),
 * the Blueshift emulator running, a credential pointing at it and the example workflow imported.
 * Prints the URL and the login; Ctrl-C stops everything.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Emulator } = require('../test/emulator/server');
const { N8n, startEditor, ROOT } = require('../test/e2e/n8n');

const VERSION = process.env.DEV_N8N_VERSION ?? '2.41.1';
const PORT = Number(process.env.DEV_N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.DEV_EMULATOR_PORT ?? 5680);
const API_KEY = 'dev-user-api-key';

async function main() {
	const emulator = await new Emulator({ keys: [API_KEY] }).start(EMULATOR_PORT);
	const n8n = new N8n(VERSION);
	await n8n.importCredentials([
		{
			id: 'bsExampleCred001',
			name: 'Blueshift (emulator)',
			type: 'blueshiftApi',
			data: { region: 'custom', baseUrl: emulator.url, apiKey: API_KEY },
		},
	]);
	const workflow = JSON.parse(
		fs.readFileSync(path.join(ROOT, 'examples/blueshift-example.json'), 'utf8'),
	);
	await n8n.importWorkflows([workflow]);
	const editor = await startEditor(n8n, PORT);
	console.log(`\nn8n ${VERSION} is running with n8n-nodes-blueshift installed.`);
	console.log(`  Editor:   ${editor.url}/workflow/${workflow.id}`);
	console.log(`  Login:    ${editor.owner.email} / ${editor.owner.password}`);
	console.log(
		`  Emulator: ${emulator.url} (credential "Blueshift (emulator)", User API key "${API_KEY}"; a throw-away key for the emulator only)`,
	);
	console.log(`  Data:     ${n8n.userFolder}`);
	console.log('Ctrl-C stops n8n and the emulator.');
	const shutdown = async () => {
		await editor.stop();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	if (process.env.DEV_EXIT_AFTER_START) await shutdown();
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
