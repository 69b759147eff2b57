import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { Emulator } from '../emulator/server';
import { N8n, output, VERSIONS } from './n8n';

const KEY = 'e2e-user-api-key-7d41';
const BASIC = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
const dir = path.join(__dirname, 'workflows');
const workflows = readdirSync(dir)
	.filter((f) => f.endsWith('.json'))
	.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
const idOf = (name: string) => workflows.find((w) => w.name === name).id as string;

const paired = (items: Array<{ pairedItem?: unknown }>) =>
	items.map((item) => (item.pairedItem as { item: number }).item);
const jsonOf = (items: Array<{ json: Record<string, any> }>) => items.map((item) => item.json);

describe.each(VERSIONS)('n8n %s with the packed community node', (version) => {
	const emulator = new Emulator({ keys: [KEY] });
	// n8n 1.x moves an item to the error output only with `error` and `message` alone (see outcome.ts)
	const withDetails = (details: Record<string, unknown>) =>
		version.startsWith('1.') ? {} : { details };
	let n8n: N8n;

	beforeAll(async () => {
		await emulator.start();
		n8n = new N8n(version);
		await n8n.importCredentials([
			{
				id: 'bsE2eCredential1',
				name: 'Blueshift (emulator)',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY },
			},
		]);
		await n8n.importWorkflows(workflows);
	}, 900_000);
	afterAll(async () => {
		await emulator.stop();
	});
	beforeEach(() => emulator.reset());

	const run = async (name: string) => {
		const result = await n8n.execute(idOf(name));
		for (const request of emulator.requests) expect(request.authorization).toBe(BASIC);
		expect(JSON.stringify(result)).not.toContain(KEY);
		return result;
	};

	it('Upsert Customer, define below: expressions map each field; bad input goes down the error branch', async () => {
		const result = await run('E2E: Upsert Customer, define below');
		expect(emulator.requests.map((r) => [r.path, r.body])).toEqual([
			[
				'/api/v1/customers',
				{
					email: 'ada@example.com',
					firstname: 'Ada',
					phone_number: '+447700900123',
					subscription_groups: [{ id: 'sg-newsletter', subscribed: true }],
					loyalty_tier: 'gold',
				},
			],
			[
				'/api/v1/customers',
				{
					customer_id: 'CUST-4',
					firstname: 'Linus',
					subscription_groups: [{ id: 'sg-newsletter', subscribed: false }],
					loyalty_tier: 'bronze',
				},
			],
		]);
		const success = output(result, 'Blueshift', 0);
		const errors = output(result, 'Blueshift', 1);
		expect(paired(success)).toEqual([0, 3]);
		expect(success[0].json).toMatchObject({ email: 'ada@example.com', uuid: expect.any(String) });
		expect(paired(errors)).toEqual([1, 2]);
		expect(errors[0].json).toMatchObject({
			email: 'grace@example.com',
			first: 'Grace',
			error: expect.stringMatching(/^Invalid input in item 1: Phone Number \(phone_number\) must be in E\.164/),
			...withDetails({ itemIndex: 1, field: 'phone_number' }),
		});
		if (version.startsWith('1.')) expect(errors[0].json.details).toBeUndefined();
		expect(errors[1].json.error).toMatch(/item 2: Email \(email\) must be an email address/);
		// the error branch continues into an Edit Fields node, paired to the Blueshift error items
		const handled = output(result, 'Handle errors');
		expect(jsonOf(handled).map((j) => j.followUp)).toEqual([
			expect.stringMatching(/^check grace@example\.com: Invalid input in item 1/),
			expect.stringMatching(/^check not-an-email: Invalid input in item 2/),
		]);
		expect(paired(handled)).toEqual([0, 1]);
		expect(output(result, 'Saved')).toHaveLength(2);
	});

	it('Bulk Upsert of 120 in calls of 50, 50 and 17, with bad inputs and a record Blueshift rejects', async () => {
		emulator.reject('customer42@example.com', { email: ['has been blocked'] });
		const result = await run('E2E: Bulk Upsert of 120, three bad inputs');
		const calls = emulator.received('/api/v1/customers/bulk');
		expect(calls.map((c) => c.body.customers.length)).toEqual([50, 50, 17]);
		expect(calls[0].body.customers[0]).toEqual({ email: 'customer0@example.com', firstname: 'C0' });
		const success = output(result, 'Blueshift', 0);
		const errors = output(result, 'Blueshift', 1);
		expect(success).toHaveLength(116);
		expect(paired(errors)).toEqual([17, 42, 64, 99]);
		expect(errors[1].json).toMatchObject({
			email: 'customer42@example.com',
			error: 'Blueshift rejected the record in its bulk call (status 400): email: has been blocked',
			...withDetails({ chunk: { number: 1 } }),
		});
		expect(errors[3].json.error).toMatch(/item 99: Email or Customer ID is required/);
		expect([...paired(success), ...paired(errors)].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 120 }, (_, i) => i),
		);
		expect(emulator.stored).toHaveLength(116);
		expect(output(result, 'Handle errors')).toHaveLength(4);
	});

	it('Bulk Upsert auto-mapped with Batch Size 25 sends the items as given', async () => {
		const result = await run('E2E: Bulk Upsert auto-mapped, batch size 25');
		const calls = emulator.received('/api/v1/customers/bulk');
		expect(calls.map((c) => c.body.customers.length)).toEqual([25, 25, 10]);
		expect(calls[2].body.customers[9]).toEqual({ customer_id: 'C-59', firstname: 'N59', plan: 'pro' });
		expect(output(result, 'Blueshift', 0)).toHaveLength(60);
		expect(paired(output(result, 'Blueshift', 1))).toEqual([60]);
	});

	it('Start Tracking posts the identifiers and routes an item without one to the error branch', async () => {
		const result = await run('E2E: Start Tracking');
		expect(emulator.requests.map((r) => [r.path, r.body])).toEqual([
			['/api/v1/customers/unforget', { email: 'ada@example.com' }],
			['/api/v1/customers/unforget', { customer_id: 'CUST-12345' }],
		]);
		expect(jsonOf(output(result, 'Blueshift', 0))).toEqual([
			{ status: 'ok', email: 'ada@example.com' },
			{ status: 'ok', customer_id: 'CUST-12345' },
		]);
		expect(paired(output(result, 'Blueshift', 1))).toEqual([2]);
	});

	it('On Error = Continue keeps every item on the main output in order', async () => {
		const result = await run('E2E: On Error = Continue');
		const main = output(result, 'Blueshift', 0);
		expect(paired(main)).toEqual([0, 1, 2]);
		expect(Object.keys(main[1].json).sort()).toEqual(['details', 'error', 'message']);
		expect(emulator.requests).toHaveLength(2);
	});

	it('On Error = Stop Workflow stops on bad input before anything is sent', async () => {
		const result = await run('E2E: On Error = Stop Workflow');
		const error = (result.data ?? result).resultData.error;
		expect(error.message).toMatch(/Invalid input in item 1: Email \(email\)/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('retries a bulk call after 429 and 503 and loses nothing', async () => {
		emulator.script('/api/v1/customers/bulk', [{ status: 429 }, { status: 503 }]);
		const result = await run('E2E: Bulk Upsert retried after 429 and 503');
		expect(emulator.requests.map((r) => r.status)).toEqual([429, 503, 200, 200]);
		expect(output(result, 'Blueshift', 0)).toHaveLength(70);
		expect(emulator.stored).toHaveLength(70);
	});
});
