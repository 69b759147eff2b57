import { Emulator } from '../emulator/server';
import { errorOf, jsonOf, paired, useHost, workflowsIn } from './host';
import { output, VERSIONS } from './n8n';

/**
 * Get, Search, Stop Tracking and Delete in a real n8n, the package installed as a community node:
 * the workflows test/e2e/workflows/customer-*.json against the emulator.
 */
const KEY = 'e2e-user-api-key-7d41';
const workflows = workflowsIn(/^customer-.*\.json$/);

const MARIA = 'a7e3c9d0-52b1-4f8e-9d6a-0c4b2e7f1a93';
const UNKNOWN = '0f0e0d0c-0b0a-4909-8807-060504030201';

/** Calls of one node run concurrently: compare what arrived, not in which order. */
const sortedPairs = (pairs: unknown[][]) =>
	pairs
		.map((p) => JSON.stringify(p))
		.sort()
		.map((p) => JSON.parse(p) as unknown[]);

interface Lifecycle extends Emulator {
	addProfile(profile: Record<string, unknown>): Record<string, any> & { uuid: string };
	forgotten: Array<{ body: Record<string, unknown>; matched: string[] }>;
	deleted: Array<{ body: Record<string, unknown>; all: boolean; matched: string[] }>;
	requests: Array<Emulator['requests'][number] & { query: Record<string, string> }>;
}

describe.each(VERSIONS)('n8n %s: customer Get, Search, Stop Tracking, Delete', (version) => {
	const emulator = new Emulator({ keys: [KEY] }) as Lifecycle;
	const { run } = useHost(version, emulator, workflows, { apiKey: KEY });

	it('Search outputs every matching profile paired to its item, none for no match; Get reads each by uuid; 404 is "not found"', async () => {
		const ada1 = emulator.addProfile({
			email: 'ada@example.com',
			customer_id: 'A-1',
			updated_at: '2025-05-01T00:00:00Z',
		});
		const ada2 = emulator.addProfile({
			email: 'ada@example.com',
			customer_id: 'A-2',
			updated_at: '2024-01-01T00:00:00Z',
		});
		emulator.addProfile({
			uuid: MARIA,
			email: 'maria.okafor@example.net',
			customer_id: 'C-20931',
			plan: 'pro',
		});
		emulator.script('/api/v1/customers', [{ status: 409 }]); // the first search is retried once

		const result = await run('E2E: Customer Search and Get');

		// calls run concurrently: the retry of the first search may come after the second
		const searches = emulator.requests.filter(
			(r) => r.method === 'GET' && r.path === '/api/v1/customers',
		);
		expect(searches[0].status).toBe(409);
		expect(sortedPairs(searches.slice(1).map((r) => [r.query.email, r.status]))).toEqual([
			['ada@example.com', 200],
			['ada@example.com', 200], // Search best match
			['nobody@example.com', 200],
		]);
		const found = output(result, 'Search', 0);
		expect(jsonOf(found).map((p) => p.uuid)).toEqual([ada1.uuid, ada2.uuid]);
		expect(paired(found)).toEqual([0, 0]);
		const searchErrors = output(result, 'Search', 1);
		expect(paired(searchErrors)).toEqual([2]);
		expect(searchErrors[0].json).toEqual({
			email: 'not-an-email',
			error: expect.stringMatching(
				/^Invalid input in item 2: Email \(email\) must be an email address/,
			),
			message: expect.any(String),
		});

		// the chained Get reads each profile Search found
		expect(jsonOf(output(result, 'Get', 0)).map((c) => [c.uuid, c.customer_id])).toEqual([
			[ada1.uuid, 'A-1'],
			[ada2.uuid, 'A-2'],
		]);
		expect(output(result, 'Found')).toHaveLength(2);

		// Get by uuid: a known one, an unknown one (404, asked once more), a customer_id (refused)
		const got = output(result, 'Get by UUID', 0);
		expect(paired(got)).toEqual([0]);
		expect(got[0].json).toMatchObject({
			uuid: MARIA,
			customer_id: 'C-20931',
			custom_attributes: { plan: 'pro' },
		});
		const notFound = output(result, 'Get by UUID', 1);
		expect(paired(notFound)).toEqual([1, 2]);
		expect(jsonOf(notFound)).toEqual([
			{
				uuid: UNKNOWN,
				error: `Customer not found: Blueshift has no customer with uuid ${UNKNOWN} (404)`,
				message: expect.any(String),
			},
			{
				uuid: 'C-20931',
				error: expect.stringMatching(
					/^Invalid input in item 2: UUID \(uuid\) must be Blueshift's customer uuid/,
				),
				message: expect.any(String),
			},
		]);
		expect(emulator.requests.filter((r) => r.path === `/api/v1/customers/${UNKNOWN}`)).toHaveLength(
			2,
		);
		expect(output(result, 'Not found')).toHaveLength(2);

		// Best Match Only: the answer's `user` (the most recently updated here), one item
		const best = output(result, 'Search best match', 0);
		expect(jsonOf(best).map((p) => p.uuid)).toEqual([ada1.uuid]);
	});

	it('Stop Tracking and Delete: what was sent, the irreversible and asynchronous acceptance, and bad items on the error branch', async () => {
		const dup = [
			emulator.addProfile({ email: 'dup@example.org' }),
			emulator.addProfile({ email: 'dup@example.org' }),
		];
		emulator.script('/api/v1/customers/forget', [{ status: 404 }]); // documented as retryable for customer writes

		const result = await run('E2E: Customer Stop Tracking and Delete');

		const forgets = emulator.requests.filter((r) => r.path === '/api/v1/customers/forget');
		expect([forgets[0].status, forgets[0].body]).toEqual([
			404,
			{ email: 'ada@example.com', cookie: 'ck-1' },
		]);
		expect(sortedPairs(forgets.slice(1).map((r) => [r.status, r.body]))).toEqual([
			[200, { cookie: 'ck-2' }],
			[200, { email: 'ada@example.com', cookie: 'ck-1' }],
		]);
		const forgotten = output(result, 'Stop Tracking', 0);
		expect(paired(forgotten)).toEqual([0, 1]);
		expect(forgotten[1].json).toEqual({
			status: 'ok',
			cookie: 'ck-2',
			irreversible: true,
			asynchronous: true,
			note: expect.stringMatching(/^Accepted, not yet done: .*within a couple of hours/),
		});
		expect(jsonOf(output(result, 'Stop Tracking', 1))).toEqual([
			{
				note: 'no identifier',
				error:
					'Invalid input in item 2: An identifier is required: give at least one of email, customer_id, cookie, device_id',
				message: expect.any(String),
			},
		]);

		expect(
			sortedPairs(
				emulator.requests
					.filter((r) => r.path === '/api/v1/customers/delete')
					.map((r) => [r.query, r.body]),
			),
		).toEqual([
			[{ delete_all_matching_customers: 'true' }, { email: 'dup@example.org' }],
			[{}, { customer_id: 'D-9' }],
		]);
		expect(emulator.deleted[0].matched).toEqual(dup.map((p) => p.uuid));
		const deleted = output(result, 'Delete', 0);
		expect(paired(deleted)).toEqual([0, 1]);
		expect(
			jsonOf(deleted).map((d) => [d.delete_all_matching_customers, d.irreversible, d.asynchronous]),
		).toEqual([
			[true, true, true],
			[false, true, true],
		]);
		const deleteErrors = output(result, 'Delete', 1);
		expect(paired(deleteErrors)).toEqual([2]);
		expect(deleteErrors[0].json).toEqual({
			email: 'x@',
			error: expect.stringMatching(
				/^Invalid input in item 2: Email \(email\) must be an email address/,
			),
			message: expect.any(String),
		});
		expect(output(result, 'Delete errors')).toHaveLength(1);
	});

	it('Delete with On Error = Stop Workflow stops on a bad item before anything is deleted', async () => {
		const result = await run('E2E: Customer Delete, Stop Workflow');
		expect(errorOf(result).message).toMatch(
			/Invalid input in item 1: Email or Customer ID is required/,
		);
		expect(emulator.requests).toHaveLength(0);
		expect(output(result, 'Deleted')).toHaveLength(0);
	});

	it('Get with On Error = Continue keeps the not-found item on the main output, in order', async () => {
		emulator.addProfile({ uuid: MARIA, email: 'maria.okafor@example.net' });
		const result = await run('E2E: Customer Get, On Error = Continue');
		const main = output(result, 'Get', 0);
		expect(paired(main)).toEqual([0, 1]);
		expect(main[0].json.uuid).toBe(MARIA);
		expect(main[1].json).toEqual({
			error: `Customer not found: Blueshift has no customer with uuid ${UNKNOWN} (404)`,
			message: expect.any(String),
			details: expect.objectContaining({ itemIndex: 1, httpCode: 404 }),
		});
		expect(output(result, 'Next')).toHaveLength(2);
	});
});
