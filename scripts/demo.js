'use strict';
/**
 * The main job: runs the example workflows through n8n's own execution engine (n8n-core's
 * WorkflowExecute, in-process) against the Blueshift emulator, and prints what reached the
 * success and the error outputs, and why.
 */
const { Emulator } = require('../test/emulator/server');
const { runWorkflow } = require('../test/support/harness');

const API_KEY = 'demo-key';

function report(title, result, emulator, path) {
	const calls = emulator.received(path);
	console.log(`\n== ${title}`);
	console.log(`   calls to ${path}: ${calls.length}` +
		(path.endsWith('/bulk') ? ` (customers per call: ${calls.map((c) => c.body.customers.length).join(', ')})` : ''));
	console.log(`   success output: ${result.success.length} items; error output: ${result.errors.length} items`);
	for (const item of result.errors) {
		const { pairedItem, json } = item;
		const who = json.email || json.customer_id || 'no identifier';
		console.log(`   ✗ item ${pairedItem.item} (${who}): ${json.error}`);
	}
	if (result.error) console.log(`   workflow stopped: ${result.error.message}`);
}

async function main() {
	process.env.N8N_USER_FOLDER ??= require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'blueshift-demo-'));
	const emulator = await new Emulator({ keys: [API_KEY] }).start();
	const credentials = { region: 'custom', baseUrl: emulator.url, apiKey: API_KEY };
	console.log(`Blueshift emulator on ${emulator.url} (Basic auth, 50 per bulk call, 5 bulk calls/s, 50 calls/s)`);
	try {
		const upsert = await runWorkflow({
			credentials,
			parameters: {
				resource: 'customer',
				operation: 'upsert',
				email: '={{ $json.email }}',
				additionalFields: { firstname: '={{ $json.first }}', phoneNumber: '={{ $json.phone }}' },
				subscriptionGroups: { groups: [{ id: 'sg-newsletter', subscribed: true }] },
			},
			items: [
				{ email: 'ada@example.com', first: 'Ada', phone: '+447700900123' },
				{ email: 'grace@example.com', first: 'Grace', phone: '0044 7700' },
				{ email: 'linus@example.com', first: 'Linus' },
			],
		});
		report('Upsert Customer: 3 records, one with a phone number not in E.164', upsert, emulator, '/api/v1/customers');

		const records = Array.from({ length: 120 }, (_, i) => ({ email: `customer${i}@example.com`, first: `C${i}`, plan: i % 2 ? 'pro' : 'free' }));
		records[17].email = 'not-an-email';
		records[64].email = `${'long'.repeat(16)}@example.com`;
		records[99] = { first: 'No identifier' };
		emulator.reject('customer42@example.com', { email: ['has been blocked'] });
		const bulk = await runWorkflow({
			credentials,
			parameters: {
				resource: 'customer',
				operation: 'bulkUpsert',
				email: '={{ $json.email }}',
				additionalFields: { firstname: '={{ $json.first }}' },
				customAttributes: { attributes: [{ name: 'plan', value: '={{ $json.plan }}' }] },
			},
			items: records,
		});
		report('Bulk Upsert: 120 records, 3 bad inputs, 1 rejected by Blueshift inside a 200 answer', bulk, emulator, '/api/v1/customers/bulk');

		const track = await runWorkflow({
			credentials,
			parameters: { resource: 'customer', operation: 'startTracking', email: '={{ $json.email }}', customerId: '={{ $json.id }}' },
			items: [{ email: 'ada@example.com' }, { id: 'CUST-12345' }, { note: 'no identifier' }],
		});
		report('Start Tracking: 3 items, one without identifier', track, emulator, '/api/v1/customers/unforget');

		console.log(`\nThe emulator stored ${emulator.customers.size} distinct customers; the API key appears in no output: ${
			!JSON.stringify([upsert, bulk, track]).includes(API_KEY)
		}`);
	} finally {
		await emulator.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
