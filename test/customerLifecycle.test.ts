import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import type { Emulator } from './emulator/server';
import {
	expectEachItemOnce,
	expectNoSecret,
	FAST,
	jsonOf,
	pairedOf,
	run,
	runV2,
	useEmulator,
	type OnError,
} from './support/fixtures';

/** What the customers-lifecycle route module adds to the emulator. */
interface Lifecycle extends Emulator {
	addProfile(profile: Record<string, unknown>): Record<string, any> & { uuid: string };
	completeDeletions(): void;
	forgotten: Array<{ body: Record<string, unknown>; matched: string[] }>;
	deleted: Array<{
		body: Record<string, unknown>;
		query: Record<string, string>;
		all: boolean;
		matched: string[];
	}>;
	lifecycle: {
		searchMiss: 'empty' | '404';
		forgetIdentifiers: string[];
		forgetBody?: string;
		deleteBody?: string;
	};
	requests: Array<Emulator['requests'][number] & { query: Record<string, string> }>;
}

const { profileOf } = require('./emulator/routes/customers-lifecycle') as {
	profileOf: (stored: Record<string, unknown>) => Record<string, unknown>;
};

const get = (options: Record<string, unknown> = FAST) => ({
	operation: 'get',
	uuid: '={{ $json.uuid }}',
	options,
});
const search = (options: Record<string, unknown> = FAST) => ({
	operation: 'search',
	email: '={{ $json.email }}',
	options,
});
const stopTracking = (
	additionalFields: Record<string, unknown> = {},
	options: Record<string, unknown> = FAST,
) => ({
	operation: 'stopTracking',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	additionalFields,
	options,
});
const remove = (options: Record<string, unknown> = FAST) => ({
	operation: 'delete',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	options,
});

const UNKNOWN_UUID = '0f0e0d0c-0b0a-4909-8807-060504030201';

describe('Customer lifecycle: Get, Search, Stop Tracking, Delete', () => {
	const emulator = useEmulator() as Lifecycle;

	describe('Get', () => {
		it('Simplify (version 2, on by default) keeps who the customer is; version 1 keeps the whole profile', async () => {
			const maria = emulator.addProfile({
				email: 'maria.okafor@example.net',
				customer_id: 'C-20931',
				firstname: 'Maria',
				loyalty_tier: 'gold',
			});
			const v2 = await runV2(emulator, { resource: 'customer', ...get() }, [{ uuid: maria.uuid }]);
			expect(v2.success[0].json).toMatchObject({
				email: 'maria.okafor@example.net',
				firstname: 'Maria',
			});
			expect(v2.success[0].json).not.toHaveProperty('custom_attributes');
			expect(Object.keys(v2.success[0].json).length).toBeLessThanOrEqual(10);
			const off = await runV2(emulator, { resource: 'customer', ...get(), simplify: false }, [
				{ uuid: maria.uuid },
			]);
			expect(off.success[0].json).toHaveProperty('custom_attributes.loyalty_tier', 'gold');
			const v1 = await run(emulator, get(), [{ uuid: maria.uuid }]);
			expect(v1.success[0].json).toHaveProperty('custom_attributes.loyalty_tier', 'gold');
		});

		it('reads GET /api/v1/customers/{uuid} and outputs the customer as Blueshift answers it', async () => {
			const maria = emulator.addProfile({
				email: 'maria.okafor@example.net',
				customer_id: 'C-20931',
				firstname: 'Maria',
				device_ids: ['9f2b6c1e-7d44-4a0b-8c3e-55aa01be9c10'],
				loyalty_tier: 'gold',
			});
			const result = await run(emulator, get(), [{ uuid: maria.uuid }]);
			expect(emulator.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
				['GET', `/api/v1/customers/${maria.uuid}`, ''],
			]);
			expect(jsonOf(result.success)).toEqual([profileOf(maria)]);
			// the documented shape: custom attributes inside custom_attributes
			expect(result.success[0].json).toMatchObject({
				uuid: maria.uuid,
				customer_id: 'C-20931',
				custom_attributes: { loyalty_tier: 'gold' },
			});
			expect(pairedOf(result.success)).toEqual([0]);
			expect(result.errors).toHaveLength(0);
		});

		it('reads a customer by the uuid a Create or Update answered', async () => {
			const created = await run(
				emulator,
				{
					operation: 'upsert',
					dataMode: 'defineBelow',
					email: '={{ $json.email }}',
					options: FAST,
				},
				[{ email: 'new@example.com' }],
			);
			const { uuid } = created.success[0].json as { uuid: string };
			const result = await run(emulator, get(), [{ uuid }]);
			expect(result.success[0].json).toMatchObject({ uuid, email: 'new@example.com' });
		});

		it('routes an unknown uuid (404) to the error output as "not found" after asking once more', async () => {
			const known = emulator.addProfile({ email: 'a@example.com' });
			const result = await run(emulator, get(), [
				{ uuid: UNKNOWN_UUID, note: 'x' },
				{ uuid: known.uuid },
			]);
			const statusesOf = (uuid: string) =>
				emulator.requests.filter((r) => r.path.endsWith(uuid)).map((r) => r.status);
			expect(statusesOf(UNKNOWN_UUID)).toEqual([404, 404]);
			expect(statusesOf(known.uuid)).toEqual([200]);
			expect(pairedOf(result.success)).toEqual([1]);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json).toEqual({
				uuid: UNKNOWN_UUID,
				note: 'x',
				error: `Customer not found: Blueshift has no customer with uuid ${UNKNOWN_UUID} (404)`,
				message: expect.stringMatching(/not your customer_id/),
			});
		});

		it('stops the workflow on a 404 with Stop Workflow, naming the item and the status', async () => {
			const result = await run(emulator, get(), [{ uuid: UNKNOWN_UUID }], 'stopWorkflow');
			expect(result.error?.message).toMatch(/Customer not found: .* \(404\)/);
			expect(result.error?.httpCode).toBe('404');
			expect(emulator.requests).toHaveLength(2);
		});

		// the pages also document 404 as a transient conflict worth retrying: one 404 is asked again
		it('outputs the customer when a first 404 was transient', async () => {
			const known = emulator.addProfile({ email: 'a@example.com' });
			emulator.script(`/api/v1/customers/${known.uuid}`, [
				{ status: 404, body: { message: 'Resource not found' } },
			]);
			const result = await run(emulator, get(), [{ uuid: known.uuid }]);
			expect(emulator.requests.map((r) => r.status)).toEqual([404, 200]);
			expect(jsonOf(result.success)).toEqual([profileOf(known)]);
			expect(result.errors).toHaveLength(0);
		});

		it.each([
			[
				'a customer_id',
				{ uuid: 'C-20931' },
				/^Invalid input in item 0: UUID \(uuid\) must be Blueshift's customer uuid/,
			],
			['nothing', { uuid: '' }, /^Invalid input in item 0: UUID \(uuid\) is required/],
			[
				'a path',
				{ uuid: `${UNKNOWN_UUID}/../x` },
				/UUID \(uuid\) must be Blueshift's customer uuid/,
			],
		])('sends nothing for %s as uuid and says why', async (_name, input, rule) => {
			const result = await run(emulator, get(), [input]);
			expect(result.errors[0].json.error).toMatch(rule);
			expect(emulator.requests).toHaveLength(0);
		});

		it('retries 409, 429 and 503 (documented for reads), then outputs the customer', async () => {
			const known = emulator.addProfile({ email: 'a@example.com' });
			emulator.script(`/api/v1/customers/${known.uuid}`, [
				{ status: 409 },
				{ status: 429 },
				{ status: 503 },
			]);
			const result = await run(emulator, get(), [{ uuid: known.uuid }]);
			expect(emulator.requests.map((r) => r.status)).toEqual([409, 429, 503, 200]);
			expect(result.success[0].json.uuid).toBe(known.uuid);
		});

		it("does not retry a 500 and routes it with Blueshift's message", async () => {
			const known = emulator.addProfile({ email: 'a@example.com' });
			emulator.script(`/api/v1/customers/${known.uuid}`, [{ status: 500 }]);
			const result = await run(emulator, get(), [{ uuid: known.uuid }]);
			expect(emulator.requests).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(/^Blueshift had a server error \(500/);
		});

		it('refuses a 200 without a customer object rather than outputting nothing', async () => {
			const known = emulator.addProfile({ email: 'a@example.com' });
			emulator.script(`/api/v1/customers/${known.uuid}`, [
				{ status: 200, body: { customer: null } },
			]);
			const result = await run(emulator, get(), [{ uuid: known.uuid }]);
			expect(result.success).toHaveLength(0);
			expect(result.errors[0].json.error).toMatch(/^Blueshift answered without the customer/);
		});
	});

	describe('Search', () => {
		const threeNamedAda = () => {
			const old = emulator.addProfile({
				email: 'ada@example.com',
				customer_id: 'A-1',
				updated_at: '2024-01-01T00:00:00Z',
			});
			const recent = emulator.addProfile({
				email: 'ada@example.com',
				customer_id: 'A-2',
				updated_at: '2025-06-01T00:00:00Z',
			});
			const middle = emulator.addProfile({
				email: 'ada@example.com',
				customer_id: 'A-3',
				updated_at: '2024-06-01T00:00:00Z',
			});
			return { old, recent, middle };
		};

		it('outputs one item per profile in `users`, each paired to its input item', async () => {
			const { old, recent, middle } = threeNamedAda();
			const grace = emulator.addProfile({ email: 'grace@example.com', customer_id: 'G-1' });
			const result = await run(emulator, search(), [
				{ email: 'ada@example.com' },
				{ email: 'nobody@example.com' },
				{ email: 'grace@example.com' },
			]);
			expect(emulator.requests.map((r) => [r.method, r.path, r.query])).toEqual([
				['GET', '/api/v1/customers', { email: 'ada@example.com' }],
				['GET', '/api/v1/customers', { email: 'nobody@example.com' }],
				['GET', '/api/v1/customers', { email: 'grace@example.com' }],
			]);
			expect(jsonOf(result.success)).toEqual([old, recent, middle, grace].map(profileOf));
			expect(pairedOf(result.success)).toEqual([0, 0, 0, 2]);
			expect(result.errors).toHaveLength(0);
		});

		it('with Best Match Only outputs `user`, the profile Blueshift marks most relevant, not the first of `users`', async () => {
			const { old, recent } = threeNamedAda();
			const result = await run(emulator, search({ ...FAST, bestMatchOnly: true }), [
				{ email: 'ada@example.com' },
			]);
			const answer = emulator.requests[0];
			expect(answer.status).toBe(200);
			expect(jsonOf(result.success)).toEqual([profileOf(recent)]);
			expect(result.success[0].json.uuid).not.toBe(old.uuid);
			expect(pairedOf(result.success)).toEqual([0]);
		});

		it('outputs the single profile once when one matches (users and user hold the same)', async () => {
			const one = emulator.addProfile({ email: 'one@example.com' });
			for (const bestMatchOnly of [false, true]) {
				const result = await run(emulator, search({ ...FAST, bestMatchOnly }), [
					{ email: 'one@example.com' },
				]);
				expect(jsonOf(result.success)).toEqual([profileOf(one)]);
			}
		});

		it.each(['empty', '404'] as const)(
			'outputs no item and no error when nothing matches (Blueshift answering %s; a 404 is asked once more)',
			async (miss) => {
				emulator.lifecycle.searchMiss = miss;
				for (const bestMatchOnly of [false, true]) {
					emulator.requests.length = 0;
					const result = await run(emulator, search({ ...FAST, bestMatchOnly }), [
						{ email: 'nobody@example.com' },
					]);
					expect(emulator.requests.map((r) => r.status)).toEqual(
						miss === '404' ? [404, 404] : [200],
					);
					expect(result.success).toHaveLength(0);
					expect(result.errors).toHaveLength(0);
					expect(result.error).toBeUndefined();
				}
			},
		);

		it('outputs the profile when a first 404 was transient', async () => {
			const one = emulator.addProfile({ email: 'one@example.com' });
			emulator.script('/api/v1/customers', [
				{ status: 404, body: { message: 'Resource not found' } },
			]);
			const result = await run(emulator, search(), [{ email: 'one@example.com' }]);
			expect(emulator.requests.map((r) => r.status)).toEqual([404, 200]);
			expect(jsonOf(result.success)).toEqual([profileOf(one)]);
		});

		it('sends the email URL-encoded, so a + is not read as a space', async () => {
			const tagged = emulator.addProfile({ email: 'ada+news@example.com' });
			const result = await run(emulator, search(), [{ email: 'ada+news@example.com' }]);
			expect(emulator.requests[0].query).toEqual({ email: 'ada+news@example.com' });
			expect(jsonOf(result.success)).toEqual([profileOf(tagged)]);
		});

		it('searches an email over 64 characters: only the create and update pages set 64', async () => {
			const email = `${'a'.repeat(100)}@example.com`;
			const result = await run(emulator, search(), [{ email }]);
			expect(result.errors).toEqual([]);
			expect(emulator.requests.map((r) => r.query)).toEqual([{ email }]);
		});

		it.each([
			['no email', { email: '' }, /Email \(email\) is required/],
			[
				'an email over 256 characters',
				{ email: `${'a'.repeat(245)}@example.com` },
				/Email \(email\) must be at most 256 characters/,
			],
			[
				'an email without @',
				{ email: 'ada.example.com' },
				/Email \(email\) must be an email address/,
			],
		])('sends nothing for %s and says why', async (_name, input, rule) => {
			const result = await run(emulator, search(), [input, { email: 'ok@example.com' }]);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json.error).toMatch(/^Invalid input in item 0: /);
			expect(result.errors[0].json.error).toMatch(rule);
			expect(emulator.requests.map((r) => r.query)).toEqual([{ email: 'ok@example.com' }]);
		});

		it.each([
			[
				'only `user`',
				{ user: { uuid: 'u-1', email: 'a@example.com' } },
				[{ uuid: 'u-1', email: 'a@example.com' }],
			],
			[
				'`users` but no `user`',
				{ users: [{ uuid: 'u-1' }, { uuid: 'u-2' }] },
				[{ uuid: 'u-1' }, { uuid: 'u-2' }],
			],
			['an empty body', {}, []],
			['`user: null` and no users', { users: [], user: null }, []],
		])('reads an answer with %s', async (_name, body, expected) => {
			emulator.script('/api/v1/customers', [{ status: 200, body }]);
			const result = await run(emulator, search(), [{ email: 'a@example.com' }]);
			expect(jsonOf(result.success)).toEqual(expected);
			expect(result.errors).toHaveLength(0);
		});

		it('takes the first of `users` as the best match when the answer has no `user`', async () => {
			emulator.script('/api/v1/customers', [
				{ status: 200, body: { users: [{ uuid: 'u-1' }, { uuid: 'u-2' }] } },
			]);
			const result = await run(emulator, search({ ...FAST, bestMatchOnly: true }), [
				{ email: 'a@example.com' },
			]);
			expect(jsonOf(result.success)).toEqual([{ uuid: 'u-1' }]);
		});

		it('refuses an answer whose users is not a list', async () => {
			emulator.script('/api/v1/customers', [{ status: 200, body: { users: 'ada' } }]);
			const result = await run(emulator, search(), [{ email: 'a@example.com' }]);
			expect(result.errors[0].json.error).toMatch(/not in the documented shape/);
		});

		it('retries after a connection reset (no answer) and outputs what the retry found', async () => {
			const one = emulator.addProfile({ email: 'one@example.com' });
			emulator.script('/api/v1/customers', [{ reset: true }]);
			const result = await run(emulator, search(), [{ email: 'one@example.com' }]);
			expect(emulator.requests.map((r) => r.status)).toEqual(['reset', 200]);
			expect(jsonOf(result.success)).toEqual([profileOf(one)]);
		});

		it('retries 409 and 502 (404 is the no-match answer, see above)', async () => {
			const one = emulator.addProfile({ email: 'one@example.com' });
			emulator.script('/api/v1/customers', [{ status: 409 }, { status: 502 }]);
			const result = await run(emulator, search(), [{ email: 'one@example.com' }]);
			expect(emulator.requests.map((r) => r.status)).toEqual([409, 502, 200]);
			expect(jsonOf(result.success)).toEqual([profileOf(one)]);
		});
	});

	describe('Stop Tracking', () => {
		it('posts each identifier given to /api/v1/customers/forget and says the erasure is accepted, irreversible and asynchronous', async () => {
			const result = await run(
				emulator,
				stopTracking({ cookie: '={{ $json.cookie }}', deviceId: '={{ $json.device }}' }),
				[
					{ email: 'ada@example.com' },
					{ id: 'CUST-1' },
					{ cookie: 'ck-77' },
					{ device: 'dev-9', email: 'grace@example.com', id: 42 },
				],
			);
			expect(emulator.requests.map((r) => [r.method, r.path, r.body])).toEqual([
				['POST', '/api/v1/customers/forget', { email: 'ada@example.com' }],
				['POST', '/api/v1/customers/forget', { customer_id: 'CUST-1' }],
				['POST', '/api/v1/customers/forget', { cookie: 'ck-77' }],
				[
					'POST',
					'/api/v1/customers/forget',
					{ email: 'grace@example.com', customer_id: '42', device_id: 'dev-9' },
				],
			]);
			expect(emulator.forgotten).toHaveLength(4);
			expect(pairedOf(result.success)).toEqual([0, 1, 2, 3]);
			expect(result.success[3].json).toEqual({
				status: 'ok',
				email: 'grace@example.com',
				customer_id: '42',
				device_id: 'dev-9',
				irreversible: true,
				asynchronous: true,
				note: expect.stringMatching(
					/^Accepted, not yet done: .*permanently.*within a couple of hours.*cannot be undone/,
				),
			});
		});

		it('sends nothing for an item without any identifier and names the four it takes', async () => {
			const result = await run(emulator, stopTracking({ cookie: '={{ $json.cookie }}' }), [
				{ cookie: '' },
				{ email: 'a@example.com' },
			]);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json).toEqual({
				cookie: '',
				error:
					'Invalid input in item 0: An identifier is required: give at least one of email, customer_id, cookie, device_id',
				message: expect.any(String),
			});
			expect(emulator.requests.map((r) => r.body)).toEqual([{ email: 'a@example.com' }]);
		});

		it('validates the email as for upserts', async () => {
			const result = await run(emulator, stopTracking(), [{ email: 'not-an-email', id: 'C-1' }]);
			expect(result.errors[0].json.error).toMatch(
				/^Invalid input in item 0: Email \(email\) must be an email address/,
			);
			expect(emulator.requests).toHaveLength(0);
		});

		it('under the older page (email or customer_id only), a cookie-only item fails with what to add, not retried', async () => {
			emulator.lifecycle.forgetIdentifiers = ['email', 'customer_id'];
			const result = await run(emulator, stopTracking({ cookie: '={{ $json.cookie }}' }), [
				{ cookie: 'ck-1' },
				{ cookie: 'ck-2', email: 'a@example.com' },
			]);
			expect(emulator.requests.map((r) => r.status)).toEqual([400, 200]);
			expect(pairedOf(result.success)).toEqual([1]);
			expect(result.errors[0].json).toEqual({
				cookie: 'ck-1',
				error: expect.stringMatching(
					/^Blueshift rejected the request \(400.*\)\. Blueshift did not accept cookie without email or customer_id$/,
				),
				message: expect.stringMatching(
					/nothing was erased\. Add the customer's Email or Customer ID/,
				),
			});
		});

		it('retries 404 and 409 as the page says for customer writes', async () => {
			emulator.script('/api/v1/customers/forget', [{ status: 404 }, { status: 409 }]);
			const result = await run(emulator, stopTracking(), [{ email: 'a@example.com' }]);
			expect(emulator.requests.map((r) => r.status)).toEqual([404, 409, 200]);
			expect(result.success).toHaveLength(1);
		});

		it.each([
			['Stop Tracking', '/api/v1/customers/forget', () => stopTracking()],
			['Delete', '/api/v1/customers/delete', () => remove()],
		])(
			'%s: a "200 OK" in plain text is the answer, not a lost one: the irreversible call is not sent again',
			async (_name, path, parameters) => {
				emulator.script(path, [{ status: 200, raw: 'OK' }]);
				const result = await run(emulator, parameters(), [{ email: 'a@example.com' }]);
				expect(emulator.requests).toHaveLength(1);
				expect(result.success).toHaveLength(1);
				expect(result.errors).toHaveLength(0);
			},
		);

		it.each([
			['an empty body', ''],
			['{}', '{}'],
		])('takes a 2xx with %s as accepted (the page shows no answer body)', async (_name, raw) => {
			emulator.lifecycle.forgetBody = raw;
			const result = await run(emulator, stopTracking(), [{ email: 'a@example.com' }]);
			expect(result.success[0].json).toMatchObject({
				status: 'accepted',
				email: 'a@example.com',
				irreversible: true,
				asynchronous: true,
			});
		});
	});

	describe('Delete', () => {
		const twoProfiles = () => [
			emulator.addProfile({ email: 'dup@example.org', customer_id: 'D-1' }),
			emulator.addProfile({ email: 'dup@example.org', customer_id: 'D-2' }),
		];

		it('posts the identifiers to /api/v1/customers/delete without the flag: only the first match is deleted', async () => {
			const [first, second] = twoProfiles();
			const result = await run(emulator, remove(), [{ email: 'dup@example.org' }]);
			expect(emulator.requests.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
				['POST', '/api/v1/customers/delete', {}, { email: 'dup@example.org' }],
			]);
			expect(emulator.deleted[0].matched).toEqual([first.uuid]);
			expect(jsonOf(result.success)).toEqual([
				{
					status: 'accepted',
					email: 'dup@example.org',
					delete_all_matching_customers: false,
					irreversible: true,
					asynchronous: true,
					note: expect.stringMatching(
						/first profile matching.*within a couple of hours.*Other profiles with the same identifier are kept/,
					),
				},
			]);
			// once Blueshift has done it, the other profile is still found
			emulator.completeDeletions();
			const after = await run(emulator, search(), [{ email: 'dup@example.org' }]);
			expect(jsonOf(after.success).map((p) => p.uuid)).toEqual([second.uuid]);
		});

		it('with Delete All Matching sends ?delete_all_matching_customers=true and says up to 50', async () => {
			twoProfiles();
			const result = await run(emulator, remove({ ...FAST, deleteAllMatching: true }), [
				{ email: 'dup@example.org' },
			]);
			expect(emulator.requests[0].query).toEqual({ delete_all_matching_customers: 'true' });
			expect(emulator.deleted[0].matched).toHaveLength(2);
			expect(result.success[0].json).toMatchObject({
				delete_all_matching_customers: true,
				note: expect.stringMatching(
					/up to 50 in this call.*run Search after the deletion completes/,
				),
			});
		});

		it('reads Delete All Matching per item from an expression', async () => {
			const result = await run(
				emulator,
				remove({ ...FAST, deleteAllMatching: '={{ $json.all }}' }),
				[
					{ id: 'D-1', all: true },
					{ id: 'D-2', all: false },
				],
			);
			expect(emulator.requests.map((r) => [r.query, r.body])).toEqual([
				[{ delete_all_matching_customers: 'true' }, { customer_id: 'D-1' }],
				[{}, { customer_id: 'D-2' }],
			]);
			expect(jsonOf(result.success).map((j) => j.delete_all_matching_customers)).toEqual([
				true,
				false,
			]);
		});

		it.each([
			['no identifier', { email: '', id: '' }, /Email or Customer ID is required/],
			[
				'an email over 256 characters',
				{ email: `${'a'.repeat(245)}@example.com` },
				/Email \(email\) must be at most 256 characters/,
			],
		])('sends nothing for %s', async (_name, input, rule) => {
			const result = await run(emulator, remove(), [input]);
			expect(result.errors[0].json.error).toMatch(rule);
			expect(emulator.requests).toHaveLength(0);
		});

		it('retries 404 and 409 up to Max Retries, then says so', async () => {
			emulator.script('/api/v1/customers/delete', [
				{ status: 404 },
				{ status: 409 },
				{ status: 404 },
				{ status: 409 },
			]);
			const result = await run(emulator, remove(), [{ email: 'a@example.com' }]);
			expect(emulator.requests.map((r) => r.status)).toEqual([404, 409, 404, 409]);
			expect(result.errors[0].json.error).toMatch(
				/^Blueshift asked to retry later \(409.*\(after 4 attempts\)$/,
			);
		});

		it('does not send a delete again after a connection reset: the first may have deleted the first match, and a second would delete the next profile with that identifier', async () => {
			const [first, second] = [
				emulator.addProfile({ email: 'twice@example.org', customer_id: 'T-1' }),
				emulator.addProfile({ email: 'twice@example.org', customer_id: 'T-2' }),
			];
			emulator.script('/api/v1/customers/delete', [{ passThrough: true, reset: true }]);
			const result = await run(emulator, remove(), [{ email: 'twice@example.org' }]);
			expect(emulator.requests.map((r) => r.status)).toEqual(['reset']);
			expect(result.errors[0].json.message).toMatch(
				/may or may not have reached Blueshift.*Not retried/,
			);
			const matched = emulator.deleted.flatMap((d) => d.matched);
			expect(matched).toHaveLength(1);
			expect([first.uuid, second.uuid]).toContain(matched[0]);
		});

		it.each([502, 504])(
			'does not retry %s for a delete (a gateway may have passed it on)',
			async (status) => {
				emulator.script('/api/v1/customers/delete', [{ status }]);
				const result = await run(emulator, remove(), [{ email: 'a@example.com' }]);
				expect(emulator.requests).toHaveLength(1);
				expect(result.errors).toHaveLength(1);
			},
		);

		it('takes a JSON status in the answer when Blueshift sends one', async () => {
			emulator.lifecycle.deleteBody = '{"status":"ok"}';
			const result = await run(emulator, remove(), [{ email: 'a@example.com' }]);
			expect(result.success[0].json.status).toBe('ok');
		});
	});

	let made = 0;
	describe.each([
		[
			'Get',
			() => get(),
			() => ({ uuid: emulator.addProfile({ email: 'g@example.com' }).uuid }),
			{ uuid: 'C-1' },
		],
		[
			'Search',
			() => search(),
			() => ({ email: emulator.addProfile({ email: `s${++made}@example.com` }).email }),
			{ email: 'nope' },
		],
		['Stop Tracking', () => stopTracking(), () => ({ email: 'st@example.com' }), { email: '' }],
		['Delete', () => remove(), () => ({ email: 'd@example.com' }), { email: 'x@' }],
	])('%s under each On Error setting', (_name, parameters, good, bad) => {
		const items = () => [good(), bad, good()];

		it('Continue (using error output): the bad item alone on the error output, as its input plus { error, message }', async () => {
			const input = items();
			const result = await run(emulator, parameters(), input, 'continueErrorOutput');
			expect(pairedOf(result.success)).toEqual([0, 2]);
			expect(pairedOf(result.errors)).toEqual([1]);
			expect(result.errors[0].json).toEqual({
				...bad,
				error: expect.stringMatching(/^Invalid input in item 1: /),
				message: expect.any(String),
			});
			expect(emulator.requests).toHaveLength(2);
			expectEachItemOnce(3, result.success, result.errors);
			expectNoSecret(result);
		});

		it('Continue: every item on the main output, in input order, the bad one as { error, message, details }', async () => {
			const result = await run(emulator, parameters(), items(), 'continueRegularOutput' as OnError);
			expect(pairedOf(result.success)).toEqual([0, 1, 2]);
			expect(result.success[1].json).toEqual({
				error: expect.stringMatching(/^Invalid input in item 1: /),
				message: expect.any(String),
				details: expect.objectContaining({
					itemIndex: 1,
					field: expect.any(String),
					rule: expect.any(String),
				}),
			});
			expect(result.errors).toHaveLength(0);
		});

		it('Stop Workflow: stops on the bad item before anything is sent', async () => {
			const result = await run(emulator, parameters(), items(), 'stopWorkflow');
			expect(result.error?.message).toMatch(/^Invalid input in item 1: /);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	describe('as an AI agent tool', () => {
		const { Blueshift } = require(
			path.join(__dirname, '..', 'dist/nodes/Blueshift/Blueshift.node.js'),
		);
		const properties: INodeProperties[] = new Blueshift().description.properties;
		const ours = ['get', 'search', 'stopTracking', 'delete'];
		const shownFor = (p: INodeProperties) =>
			(p.displayOptions?.show?.operation as string[] | undefined)?.some((o) => ours.includes(o)) &&
			(p.displayOptions?.show?.resource as string[] | undefined)?.includes('customer');

		it('every field of these operations, and every option inside them, has a description', () => {
			const fields = properties.filter(shownFor).filter((p) => p.type !== 'notice');
			expect(
				fields.map((p) => `${p.name}:${(p.displayOptions?.show?.operation as string[]).join(',')}`),
			).toEqual(
				expect.arrayContaining([
					'uuid:get',
					'email:search',
					'email:stopTracking',
					'additionalFields:stopTracking',
					'email:delete',
					'customerId:delete',
				]),
			);
			const inner = fields.flatMap((p) =>
				p.type === 'collection' ? (p.options as INodeProperties[]) : [p],
			);
			for (const field of inner)
				expect([field.name, (field.description ?? '').length > 20]).toEqual([field.name, true]);
		});

		it('the operations list says which are irreversible and asynchronous', () => {
			const operation = properties.find(
				(p) =>
					p.name === 'operation' &&
					(p.displayOptions?.show?.resource as string[]).includes('customer'),
			);
			const options = operation?.options as Array<{
				value: string;
				action: string;
				description: string;
			}>;
			for (const value of ['stopTracking', 'delete']) {
				const option = options.find((o) => o.value === value)!;
				expect(option.action).toMatch(/irreversibly .* over the next few hours$/i);
				expect(option.description).toMatch(/irreversible, completed by Blueshift within hours/);
			}
			expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(ours));
		});
	});
});
