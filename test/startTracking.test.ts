import { FAST, jsonOf, pairedOf, run, useEmulator } from './support/fixtures';

const track = {
	operation: 'startTracking',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	options: FAST,
};

describe('Start Tracking', () => {
	const emulator = useEmulator();

	it('posts the identifiers to /api/v1/customers/unforget and returns { status, email?, customer_id? }', async () => {
		const result = await run(emulator, track, [
			{ email: 'a@example.com' },
			{ id: 'CUST-12345' },
			{ email: 'b@example.com', id: 77 },
		]);
		expect(emulator.requests.map((r) => [r.path, r.body])).toEqual([
			['/api/v1/customers/unforget', { email: 'a@example.com' }],
			['/api/v1/customers/unforget', { customer_id: 'CUST-12345' }],
			['/api/v1/customers/unforget', { email: 'b@example.com', customer_id: '77' }],
		]);
		expect(jsonOf(result.success)).toEqual([
			{ status: 'ok', email: 'a@example.com' },
			{ status: 'ok', customer_id: 'CUST-12345' },
			{ status: 'ok', email: 'b@example.com', customer_id: '77' },
		]);
		expect(pairedOf(result.success)).toEqual([0, 1, 2]);
	});

	it('sends nothing for an item without identifier and says why', async () => {
		const result = await run(emulator, track, [{ other: 1 }, { email: 'a@example.com' }]);
		expect(pairedOf(result.errors)).toEqual([0]);
		expect(result.errors[0].json).toMatchObject({
			other: 1,
			error:
				'Invalid input in item 0: Email or Customer ID is required: give at least one of email, customer_id',
		});
		expect(emulator.requests).toHaveLength(1);
	});

	it('routes an API failure to the error output after the retries', async () => {
		emulator.script('/api/v1/customers/unforget', [
			{ status: 503 },
			{ status: 503 },
			{ status: 503 },
			{ status: 503 },
		]);
		const result = await run(emulator, track, [{ email: 'a@example.com' }]);
		expect(emulator.requests).toHaveLength(4);
		expect(result.errors[0].json.error).toMatch(
			/Blueshift asked to retry later \(503.*\(after 4 attempts\)/,
		);
	});
});
