import { expectEachItemOnce, FAST, jsonOf, pairedOf, run, useEmulator } from './support/fixtures';

const bulk = (fields: Record<string, unknown> = {}, options: Record<string, unknown> = FAST) => ({
	operation: 'bulkUpsert',
	dataMode: 'defineBelow',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	additionalFields: { firstname: '={{ $json.name }}' },
	options,
	...fields,
});

const people = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ email: `person${i}@example.com`, name: `P${i}` }));

describe('Bulk Upsert', () => {
	const emulator = useEmulator();
	const bulkCalls = () => emulator.received('/api/v1/customers/bulk', 200);

	it('sends 120 items in calls of 50, 50 and 20 and returns each record as sent, paired', async () => {
		const items = people(120);
		const result = await run(emulator, bulk(), items);
		expect(bulkCalls().map((r) => r.body.customers.length)).toEqual([50, 50, 20]);
		expect(bulkCalls().flatMap((r) => r.body.customers)).toEqual(
			items.map((p) => ({ email: p.email, firstname: p.name })),
		);
		expect(result.errors).toHaveLength(0);
		expect(pairedOf(result.success)).toEqual(items.map((_, i) => i));
		expect(jsonOf(result.success)[119]).toEqual({
			email: 'person119@example.com',
			firstname: 'P119',
		});
		expect(emulator.stored).toHaveLength(120);
	});

	it('honours Batch Size', async () => {
		await run(emulator, bulk({}, { ...FAST, batchSize: 30 }), people(100));
		expect(bulkCalls().map((r) => r.body.customers.length)).toEqual([30, 30, 30, 10]);
	});

	it('never sends more than 50 per call, whatever Batch Size an expression gives', async () => {
		await run(emulator, bulk({}, { ...FAST, batchSize: 80 }), people(60));
		expect(bulkCalls().map((r) => r.body.customers.length)).toEqual([50, 10]);
		expect(emulator.received('/api/v1/customers/bulk', 413)).toHaveLength(0);
	});

	it('chunks only the valid items and routes each bad one to the error output with its reason', async () => {
		const items = people(120);
		items[3].email = 'not-an-email';
		items[57].email = `${'x'.repeat(60)}@example.com`;
		items[101].email = '';
		const result = await run(emulator, bulk(), items);
		expect(bulkCalls().map((r) => r.body.customers.length)).toEqual([50, 50, 17]);
		expect(pairedOf(result.errors)).toEqual([3, 57, 101]);
		expect(jsonOf(result.errors).map((j) => j.error)).toEqual([
			expect.stringMatching(/item 3: Email \(email\) must be an email address/),
			expect.stringMatching(/item 57: Email \(email\) must be at most 64 characters/),
			expect.stringMatching(/item 101: Email or Customer ID is required/),
		]);
		expect(result.errors[0].json).toMatchObject({ email: 'not-an-email', name: 'P3' });
		expectEachItemOnce(120, result.success, result.errors);
	});

	it('routes records that a 200 answer lists in `errors` to the error output; the rest succeed', async () => {
		emulator.reject('person7@example.com', { email: ['is invalid'] });
		emulator.reject('person66@example.com', { email: ['has been blocked'] });
		const items = people(120);
		const result = await run(emulator, bulk(), items);
		expect(bulkCalls()).toHaveLength(3);
		expect(pairedOf(result.errors)).toEqual([7, 66]);
		// on the error output: the input item merged with exactly { error, message } (every n8n version)
		expect(result.errors[0].json).toEqual({
			...items[7],
			error: 'Blueshift refused the record in its bulk answer (status 400): email: is invalid',
			message: expect.stringMatching(/Fix the record/),
		});
		expect(result.success).toHaveLength(118);
		// with Continue the same failure keeps its details on the main output
		emulator.reset();
		emulator.reject('person66@example.com', { email: ['has been blocked'] });
		const regular = await run(emulator, bulk(), items, 'continueRegularOutput');
		expect(regular.success[66].json).toMatchObject({
			details: {
				itemIndex: 66,
				httpCode: 400,
				apiErrors: { status: 400, error_data: { email: ['has been blocked'] } },
				call: { number: 2, size: 50 },
			},
		});
		expect(pairedOf(result.success)).not.toContain(7);
		expectEachItemOnce(120, result.success, result.errors);
		const stored = new Set(emulator.stored.map((r) => r.email));
		for (const item of result.success) expect(stored.has(item.json.email)).toBe(true);
	});

	it('fails every item of a chunk Blueshift refuses, and only those', async () => {
		emulator.script('/api/v1/customers/bulk', [{ passThrough: true }, { status: 500 }]);
		const result = await run(
			emulator,
			bulk({}, { ...FAST, bulkCallsPerSecond: 1000 }),
			people(120),
			'continueRegularOutput',
		);
		// the scripted answers go to the first two calls to arrive; the second is refused as a whole
		const failed = result.success.filter((item) => item.json.error !== undefined);
		expect(failed).toHaveLength(50);
		const failedCall = (failed[0].json.details as { call: { items: number[] } }).call.items;
		expect(pairedOf(failed)).toEqual(failedCall);
		const refused = emulator.requests.find((r) => r.status === 500)?.body as {
			customers: Array<{ email: string }>;
		};
		expect(failed.map((item) => people(120)[pairedOf([item])[0]].email)).toEqual(
			refused.customers.map((c) => c.email),
		);
		expect(failed[0].json.error).toMatch(/\(500/);
		expectEachItemOnce(120, result.success);
	});

	it('retries a chunk on 429 and 503 and then succeeds, sending no record twice to the store', async () => {
		emulator.script('/api/v1/customers/bulk', [{ status: 429 }, { status: 503 }]);
		const result = await run(emulator, bulk(), people(60));
		expect(result.success).toHaveLength(60);
		expect(emulator.stored).toHaveLength(60);
		expect(emulator.requests.map((r) => r.status)).toEqual([429, 503, 200, 200]);
	});

	it('sends auto-mapped input as the records', async () => {
		const items = [
			{
				email: 'a@example.com',
				plan: 'pro',
				subscription_groups: [{ id: 'sg-newsletter', subscribed: true }],
			},
			{ customer_id: 'C-2', score: 7 },
			{ nothing: 'here' },
		];
		const result = await run(
			emulator,
			{ operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAST },
			items,
		);
		expect(bulkCalls()[0].body.customers).toEqual(items.slice(0, 2));
		expect(pairedOf(result.success)).toEqual([0, 1]);
		expect(pairedOf(result.errors)).toEqual([2]);
	});

	describe('On Error settings', () => {
		it('Stop Workflow: validates every item before sending any chunk', async () => {
			const items = people(120);
			items[110].email = 'broken';
			const result = await run(emulator, bulk(), items, 'stopWorkflow');
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(/item 110/);
			expect(result.error?.context?.itemIndex).toBe(110);
			expect(emulator.requests).toHaveLength(0);
		});

		it('Stop Workflow: a record rejected in a 200 answer stops the run with its item', async () => {
			emulator.reject('person2@example.com');
			const result = await run(emulator, bulk(), people(10), 'stopWorkflow');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toMatch(/Blueshift refused the record in its bulk answer/);
			expect(result.error?.context?.itemIndex).toBe(2);
		});

		it('Continue: failures stay on the main output, in input order', async () => {
			emulator.reject('person1@example.com');
			const items = people(4);
			items[3].email = 'bad';
			const result = await run(emulator, bulk(), items, 'continueRegularOutput');
			expect(pairedOf(result.success)).toEqual([0, 1, 2, 3]);
			expect(Object.keys(result.success[1].json).sort()).toEqual(['details', 'error', 'message']);
			expect(Object.keys(result.success[3].json).sort()).toEqual(['details', 'error', 'message']);
			expect(result.success[2].json).toEqual({ email: 'person2@example.com', firstname: 'P2' });
		});
	});
});
