import { DEFAULT_GROUPS } from './emulator/server';
import { expectNoSecret, FAST, jsonOf, pairedOf, run, useEmulator } from './support/fixtures';

const getAll = (fields: Record<string, unknown> = {}) => ({
	resource: 'subscriptionGroup',
	operation: 'getAll',
	returnAll: true,
	options: FAST,
	...fields,
});

describe('Subscription Group: Get Many', () => {
	const emulator = useEmulator();

	it('returns every group of the account as one item each, from one call to index_lite', async () => {
		const result = await run(emulator, getAll(), [{ any: 'input' }]);
		expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/api/v1/subscription_groups/index_lite'],
		]);
		expect(jsonOf(result.success)).toEqual(DEFAULT_GROUPS);
		expect(jsonOf(result.success)[0]).toEqual({
			subscription_group_id: expect.any(String),
			uuid: expect.any(String),
			subscription_group_label: expect.any(String),
		});
		expect(pairedOf(result.success)).toEqual(DEFAULT_GROUPS.map(() => 0));
	});

	it('Return All off: at most Limit groups', async () => {
		const result = await run(emulator, getAll({ returnAll: false, limit: 2 }), [{}]);
		expect(jsonOf(result.success)).toEqual(DEFAULT_GROUPS.slice(0, 2));
	});

	it('one call per input item, each group paired to the item it was listed for', async () => {
		const result = await run(emulator, getAll({ returnAll: false, limit: '={{ $json.limit }}' }), [
			{ limit: 1 },
			{ limit: 3 },
		]);
		expect(emulator.requests).toHaveLength(2);
		expect(pairedOf(result.success)).toEqual([0, 1, 1, 1]);
	});

	it('an account without groups gives no items', async () => {
		const empty = await run(emulator, getAll(), [{}]);
		expect(empty.success.length).toBe(DEFAULT_GROUPS.length);
		emulator.script('/index_lite', [{ status: 200, body: { subscription_groups: [] } }]);
		const none = await run(emulator, getAll(), [{}]);
		expect(none.success).toHaveLength(0);
		expect(none.errors).toHaveLength(0);
	});

	it('an answer without the list, a bad key and a bad limit go to the error output with the reason', async () => {
		emulator.script('/index_lite', [{ status: 200, body: { message: 'feature disabled' } }]);
		const odd = await run(emulator, getAll(), [{ n: 1 }]);
		expect(odd.errors[0].json).toEqual({
			n: 1,
			error: expect.stringMatching(/^Blueshift answered without a list of subscription groups/),
			message: expect.stringMatching(/enabled for the account/),
		});

		const unauthorized = await run(
			emulator,
			getAll(),
			[{ n: 1 }],
			'continueErrorOutput',
			'wrong-key',
		);
		expect(unauthorized.errors[0].json.error).toMatch(
			/^Blueshift did not accept the API key \(401/,
		);
		expectNoSecret(unauthorized);

		const badLimit = await run(emulator, getAll({ returnAll: false, limit: 0 }), [{ n: 1 }]);
		expect(badLimit.errors[0].json.error).toMatch(
			/^Invalid input in item 0: Limit must be a whole number of at least 1/,
		);
	});

	it('retries 503 and stops the workflow on a failure with Stop Workflow', async () => {
		emulator.script('/index_lite', [{ status: 503 }]);
		const ok = await run(emulator, getAll(), [{}]);
		expect(ok.success).toHaveLength(DEFAULT_GROUPS.length);
		expect(emulator.requests.map((r) => r.status)).toEqual([503, 200]);

		const stopped = await run(emulator, getAll(), [{}], 'stopWorkflow', 'wrong-key');
		expect(stopped.error?.message).toMatch(/401/);
	});
});
