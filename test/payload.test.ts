import { MAX_PAYLOAD_BYTES } from './emulator/server';
import { FAST, pairedOf, run, useEmulator } from './support/fixtures';

describe('payload size', () => {
	const emulator = useEmulator();

	it('splits a chunk whose JSON would pass 1 MB, and refuses a record larger on its own', async () => {
		const big = 'x'.repeat(300_000);
		const items = Array.from({ length: 10 }, (_, i) => ({ email: `big${i}@example.com`, notes: big }));
		items[4] = { email: 'huge@example.com', notes: 'y'.repeat(MAX_PAYLOAD_BYTES) };
		const result = await run(emulator, { operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAST }, items);
		const calls = emulator.received('/api/v1/customers/bulk');
		for (const call of calls) expect(Buffer.byteLength(call.raw)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
		expect(calls.map((c) => c.body.customers.length)).toEqual([3, 3, 3]);
		expect(emulator.received('/api/v1/customers/bulk', 413)).toHaveLength(0);
		expect(pairedOf(result.errors)).toEqual([4]);
		expect(result.errors[0].json.error).toMatch(/^Invalid input in item 4: The record is \d+ bytes as JSON; Blueshift takes at most 1000000 bytes/);
		expect(result.success).toHaveLength(9);
	});

	it('refuses a single upsert larger than 1 MB before sending it', async () => {
		const result = await run(emulator, { operation: 'upsert', dataMode: 'autoMapInputData', options: FAST }, [
			{ email: 'huge@example.com', notes: 'y'.repeat(MAX_PAYLOAD_BYTES) },
			{ email: 'ok@example.com' },
		]);
		expect(pairedOf(result.errors)).toEqual([0]);
		expect(emulator.requests).toHaveLength(1);
	});

	it.each(['upsert', 'bulkUpsert'])('with Stop Workflow, a record too large stops %s before anything is sent', async (operation) => {
		const result = await run(
			emulator,
			{ operation, dataMode: 'autoMapInputData', options: FAST },
			[{ email: 'ok@example.com' }, { email: 'huge@example.com', notes: 'y'.repeat(MAX_PAYLOAD_BYTES) }],
			'stopWorkflow',
		);
		expect(result.error?.message).toMatch(/^Invalid input in item 1: The record is \d+ bytes as JSON/);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('keys n8n would drop from a request body', () => {
	const emulator = useEmulator();

	it.each([
		['a top-level key in auto-mapped input', { resource: 'customer', operation: 'upsert', dataMode: 'autoMapInputData' }, { email: 'a@example.com', constructor: 'x' }, 'constructor'],
		['a nested key in auto-mapped input', { resource: 'customer', operation: 'bulkUpsert', dataMode: 'autoMapInputData' }, JSON.parse('{"email":"a@example.com","profile":{"__proto__":{"x":1}}}'), 'profile.__proto__'],
		['an event attribute', { resource: 'event', operation: 'send', eventName: 'view', email: 'a@example.com', attributes: { attributes: [{ name: 'prototype', value: 'y' }] } }, {}, 'prototype'],
	])('refuses %s instead of losing it silently', async (_name, parameters, item, path) => {
		const result = await run(emulator, { ...parameters, options: FAST }, [item as Record<string, unknown>]);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].json.error).toContain(`(at ${path}) cannot be sent: n8n drops the keys`);
		expect(emulator.requests).toHaveLength(0);
	});
});
