import { MAX_PAYLOAD_BYTES } from './emulator/server';
import { FAST, pairedOf, run, useEmulator } from './support/fixtures';

describe('payload size', () => {
	const emulator = useEmulator();

	it('splits a chunk whose JSON would pass 1 MB, and refuses a record larger on its own', async () => {
		const big = 'x'.repeat(300_000);
		const items = Array.from({ length: 10 }, (_, i) => ({
			email: `big${i}@example.com`,
			notes: big,
		}));
		items[4] = { email: 'huge@example.com', notes: 'y'.repeat(MAX_PAYLOAD_BYTES) };
		const result = await run(
			emulator,
			{ operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAST },
			items,
		);
		const calls = emulator.received('/api/v1/customers/bulk');
		for (const call of calls)
			expect(Buffer.byteLength(call.raw)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
		expect(calls.map((c) => c.body.customers.length)).toEqual([3, 3, 3]);
		expect(emulator.received('/api/v1/customers/bulk', 413)).toHaveLength(0);
		expect(pairedOf(result.errors)).toEqual([4]);
		expect(result.errors[0].json.error).toMatch(
			/^Invalid input in item 4: The record is \d+ bytes as JSON; Blueshift takes at most 1000000 bytes/,
		);
		expect(result.success).toHaveLength(9);
	});

	it('refuses a single upsert larger than 1 MB before sending it', async () => {
		const result = await run(
			emulator,
			{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
			[
				{ email: 'huge@example.com', notes: 'y'.repeat(MAX_PAYLOAD_BYTES) },
				{ email: 'ok@example.com' },
			],
		);
		expect(pairedOf(result.errors)).toEqual([0]);
		expect(emulator.requests).toHaveLength(1);
	});

	it.each(['upsert', 'bulkUpsert'])(
		'with Stop Workflow, a record too large stops %s before anything is sent',
		async (operation) => {
			const result = await run(
				emulator,
				{ operation, dataMode: 'autoMapInputData', options: FAST },
				[
					{ email: 'ok@example.com' },
					{ email: 'huge@example.com', notes: 'y'.repeat(MAX_PAYLOAD_BYTES) },
				],
				'stopWorkflow',
			);
			expect(result.error?.message).toMatch(
				/^Invalid input in item 1: The record is \d+ bytes as JSON/,
			);
			expect(emulator.requests).toHaveLength(0);
		},
	);
});

describe('names n8n drops from node parameters', () => {
	const emulator = useEmulator();

	it('refuses keys of auto-mapped input named constructor or prototype at any depth, instead of sending them in some calls and not in others', async () => {
		const item = { email: 'a@example.com', car: { constructor: 'Ferrari', prototype: true } };
		const result = await run(
			emulator,
			{
				resource: 'customer',
				operation: 'bulkUpsert',
				dataMode: 'autoMapInputData',
				options: FAST,
			},
			[item],
		);
		expect(result.errors[0].json.error).toMatch(
			/^Invalid input in item 0: The input item holds the key car\.constructor, which cannot be sent/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it.each([
		[
			'a custom attribute',
			{
				resource: 'customer',
				operation: 'upsert',
				email: 'a@example.com',
				customAttributes: { attributes: [{ name: 'constructor', value: 'x' }] },
			},
			'Custom attribute name "constructor"',
		],
		[
			'an event attribute',
			{
				resource: 'event',
				operation: 'send',
				eventName: 'view',
				email: 'a@example.com',
				attributes: { attributes: [{ name: 'prototype', value: 'y' }] },
			},
			'Attribute name "prototype"',
		],
		[
			'a campaign attribute',
			{
				resource: 'campaign',
				operation: 'trigger',
				campaignUuid: '4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47',
				email: 'a@example.com',
				attributes: { attributes: [{ name: '__proto__', value: 'z' }] },
			},
			'Attribute name "__proto__"',
		],
	])('refuses %s named so, instead of losing it silently', async (_name, parameters, said) => {
		const result = await run(emulator, { ...parameters, options: FAST }, [{}]);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].json.error).toContain(`${said} cannot be sent: n8n drops the names`);
		expect(emulator.requests).toHaveLength(0);
	});
});
