import type { Emulator } from './emulator/server';
import {
	expectEachItemOnce,
	expectNoSecret,
	FAST,
	jsonOf,
	pairedOf,
	run,
	useEmulator,
} from './support/fixtures';

/** What test/emulator/routes/lists.js adds to the emulator. */
interface ListCall {
	action: 'add' | 'remove';
	bulk: boolean;
	async: boolean;
	listId: string;
	key: string;
	values: string[];
	status?: number;
}
type ListsEmulator = Emulator & {
	lists: Map<string, { source: string; members: Set<string>; old: boolean }>;
	listCalls: ListCall[];
	listRemoveAsync: 'supported' | 'ignored' | 'refused';
	addList(
		id: string,
		source: string,
		options?: { old?: boolean; members?: string[] },
	): ListsEmulator;
	refuseListValue(value: string, reason?: string): ListsEmulator;
};

/** The query string the emulator recorded (server.js keeps it in `entry.query`). */
const queryOf = (request: unknown) => (request as { query: Record<string, string> }).query;

const EMAIL_LIST = '52817';
const ID_LIST = '52818';
const OLD_LIST = '40001';

const list = (
	operation: string,
	options: Record<string, unknown> = FAST,
	fields: Record<string, unknown> = {},
) => ({
	resource: 'customList',
	operation,
	listId: '={{ $json.list }}',
	identifierKey: 'email',
	identifierValue: '={{ $json.email }}',
	options,
	...fields,
});

const people = (n: number, listId = EMAIL_LIST, from = 0) =>
	Array.from({ length: n }, (_, k) => ({ list: listId, email: `p${from + k}@example.com` }));

describe('Custom User List', () => {
	const emulator = useEmulator() as ListsEmulator;
	const members = (id: string) => [...(emulator.lists.get(id)?.members ?? [])].sort();

	describe('Add Customer and Remove Customer (one call per item)', () => {
		it('puts each item to add_user_to_list/{list_id} with the documented body and says it was added', async () => {
			const result = await run(emulator, list('addCustomer'), [
				{ list: EMAIL_LIST, email: 'sam.ortiz@example.com' },
				{ list: 52817, email: 'li.wen@example.com' },
			]);
			expect(emulator.requests.map((r) => [r.method, r.path, r.body])).toEqual([
				[
					'PUT',
					'/api/v1/custom_user_lists/add_user_to_list/52817',
					{ identifier_key: 'email', identifier_value: 'sam.ortiz@example.com' },
				],
				[
					'PUT',
					'/api/v1/custom_user_lists/add_user_to_list/52817',
					{ identifier_key: 'email', identifier_value: 'li.wen@example.com' },
				],
			]);
			expect(jsonOf(result.success)).toEqual([
				{
					list_id: 52817,
					identifier_key: 'email',
					identifier_value: 'sam.ortiz@example.com',
					status: 'added',
				},
				{
					list_id: 52817,
					identifier_key: 'email',
					identifier_value: 'li.wen@example.com',
					status: 'added',
				},
			]);
			expect(pairedOf(result.success)).toEqual([0, 1]);
			expect(members(EMAIL_LIST)).toEqual(['li.wen@example.com', 'sam.ortiz@example.com']);
		});

		it('removes with remove_user_from_list/{list_id}, a customer_id list taking customer IDs (numbers as text)', async () => {
			emulator.addList(ID_LIST, 'customer_id', { members: ['ACME-55120', '77'] });
			const result = await run(
				emulator,
				list('removeCustomer', FAST, {
					identifierKey: 'customer_id',
					identifierValue: '={{ $json.id }}',
				}),
				[
					{ list: ID_LIST, id: 'ACME-55120' },
					{ list: ID_LIST, id: 77 },
				],
			);
			expect(emulator.requests.map((r) => [r.path, r.body])).toEqual([
				[
					'/api/v1/custom_user_lists/remove_user_from_list/52818',
					{ identifier_key: 'customer_id', identifier_value: 'ACME-55120' },
				],
				[
					'/api/v1/custom_user_lists/remove_user_from_list/52818',
					{ identifier_key: 'customer_id', identifier_value: '77' },
				],
			]);
			expect(jsonOf(result.success).map((j) => j.status)).toEqual(['removed', 'removed']);
			expect(members(ID_LIST)).toEqual([]);
		});

		it('refuses bad input before sending, naming the item and the field; the error output is the input plus exactly { error, message }', async () => {
			const items = [
				{ list: 'abc', email: 'a@example.com' },
				{ list: EMAIL_LIST, email: '' },
				{ list: EMAIL_LIST, email: 'not-an-email' },
				{ list: '-3', email: 'b@example.com' },
				{ list: EMAIL_LIST, email: 'ok@example.com' },
			];
			const result = await run(emulator, list('addCustomer'), items);
			expect(pairedOf(result.success)).toEqual([4]);
			expect(pairedOf(result.errors)).toEqual([0, 1, 2, 3]);
			const errors = jsonOf(result.errors);
			errors.forEach((json, k) => {
				expect(Object.keys(json).sort()).toEqual(
					[...Object.keys(items[k]), 'error', 'message'].sort(),
				);
				expect(json).toMatchObject(items[k]);
			});
			expect(errors.map((j) => j.error)).toEqual([
				expect.stringMatching(
					/^Invalid input in item 0: List ID \(list_id\) must be the list's number/,
				),
				expect.stringMatching(
					/^Invalid input in item 1: Identifier Value \(identifier_value\) is required/,
				),
				expect.stringMatching(
					/^Invalid input in item 2: Identifier Value .* not a valid email .*must be an email address/,
				),
				expect.stringMatching(/^Invalid input in item 3: List ID/),
			]);
			expect(emulator.requests).toHaveLength(1);
		});

		it('says the identifier key must match the list when Blueshift refuses it (400), without retrying', async () => {
			const result = await run(
				emulator,
				list('addCustomer', FAST, { identifierKey: 'customer_id' }),
				[{ list: EMAIL_LIST, email: 'C-1' }],
			);
			expect(emulator.requests).toHaveLength(1);
			expect(result.errors[0].json).toEqual({
				list: EMAIL_LIST,
				email: 'C-1',
				error:
					'Blueshift refused "C-1" with identifier_key "customer_id" for list 52817 (400: Input params not valid): the key must match the source type the list was created with, and each value must be a valid customer_id',
				message: expect.stringMatching(/A list built on emails takes Identifier Key "email"/),
			});
		});

		it('sends a value the list refuses to the error output with the reason', async () => {
			emulator.refuseListValue('blocked@example.com', 'Customer is blocked');
			const result = await run(emulator, list('addCustomer'), [
				{ list: EMAIL_LIST, email: 'blocked@example.com' },
				{ list: EMAIL_LIST, email: 'fine@example.com' },
			]);
			expect(pairedOf(result.success)).toEqual([1]);
			expect(result.errors[0].json.error).toMatch(/\(400: Customer is blocked\)/);
		});

		it('retries 404 and 409 (documented as resource conflicts), then says the list may not exist', async () => {
			emulator.script('/add_user_to_list/52817', [{ status: 409 }, { status: 404 }]);
			const ok = await run(emulator, list('addCustomer'), [
				{ list: EMAIL_LIST, email: 'a@example.com' },
			]);
			expect(ok.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.status)).toEqual([409, 404, 200]);

			emulator.reset();
			const missing = await run(emulator, list('addCustomer'), [
				{ list: '999', email: 'a@example.com' },
			]);
			expect(emulator.requests).toHaveLength(FAST.maxRetries + 1);
			expect(missing.errors[0].json.error).toMatch(
				/^Blueshift answered 404 for list 999 \(after 4 attempts\) \(Resource not found\): the list does not exist/,
			);
		});

		it('Continue keeps failures on the main output in input order, with details', async () => {
			const result = await run(
				emulator,
				list('addCustomer'),
				[
					{ list: EMAIL_LIST, email: 'a@example.com' },
					{ list: 'x', email: 'b@example.com' },
				],
				'continueRegularOutput',
			);
			expect(pairedOf(result.success)).toEqual([0, 1]);
			expect(result.success[1].json).toEqual({
				error: expect.stringMatching(/^Invalid input in item 1: List ID/),
				message: expect.any(String),
				details: expect.objectContaining({ itemIndex: 1, field: 'listId' }),
			});
		});

		it('Stop Workflow stops on bad input before anything is sent, and on a refusal with its item', async () => {
			const bad = await run(
				emulator,
				list('addCustomer'),
				[...people(3), { list: EMAIL_LIST, email: 'nope' }],
				'stopWorkflow',
			);
			expect(bad.error?.name).toBe('NodeOperationError');
			expect(bad.error?.message).toMatch(/item 3/);
			expect(emulator.requests).toHaveLength(0);

			emulator.refuseListValue('p1@example.com', 'Customer is blocked');
			const refused = await run(emulator, list('addCustomer'), people(2), 'stopWorkflow');
			expect(refused.error?.name).toBe('NodeApiError');
			expect(refused.error?.message).toMatch(/Customer is blocked/);
			expect(refused.error?.context?.itemIndex).toBe(1);
		});
	});

	describe('Add Many Customers and Remove Many Customers (bulk)', () => {
		it('groups items by list: 25 values per call, and items of different lists never share a call', async () => {
			emulator.addList('60000', 'email');
			const a = people(30, EMAIL_LIST);
			const b = people(10, '60000', 100);
			// the two lists interleaved, then the rest of the first
			const mixed = [...b.flatMap((item, k) => [a[k], item]), ...a.slice(10)];
			const result = await run(emulator, list('addCustomers'), mixed);
			expect(result.errors).toHaveLength(0);
			expectEachItemOnce(mixed.length, result.success);
			const calls = emulator.listCalls;
			for (const call of calls) {
				expect(call).toMatchObject({ bulk: true, async: false, key: 'email' });
				const lists = new Set(call.values.map((v) => mixed.find((m) => m.email === v)?.list));
				expect([...lists]).toEqual([call.listId]);
			}
			expect(calls.map((c) => [c.listId, c.values.length]).sort()).toEqual(
				[
					[EMAIL_LIST, 25],
					[EMAIL_LIST, 5],
					['60000', 10],
				].sort(),
			);
			expect(emulator.requests[0].path).toBe(
				'/api/v1/custom_user_lists/bulk_add_users_to_list/52817',
			);
			expect(emulator.requests[0].body).toEqual({
				identifier_key: 'email',
				identifier_values: mixed
					.filter((m) => m.list === EMAIL_LIST)
					.slice(0, 25)
					.map((m) => m.email),
			});
			expect(queryOf(emulator.requests[0])).toEqual({});
			expect(members(EMAIL_LIST)).toHaveLength(30);
			expect(members('60000')).toHaveLength(10);
			// the output is per item, in input order, paired
			expect(pairedOf(result.success)).toEqual(mixed.map((_, i) => i));
			expect(result.success[1].json).toEqual({
				list_id: 60000,
				identifier_key: 'email',
				identifier_value: 'p100@example.com',
				status: 'added',
			});
		});

		it('a larger Batch Size than 25 is lowered to 25 without Async', async () => {
			await run(emulator, list('addCustomers', { ...FAST, batchSize: 200 }), people(60));
			expect(emulator.listCalls.map((c) => c.values.length)).toEqual([25, 25, 10]);
		});

		it('keeps values of one list with different keys in separate calls (one key per call)', async () => {
			emulator.addList('70000', 'email');
			const result = await run(
				emulator,
				list('addCustomers', FAST, { identifierKey: '={{ $json.key }}' }),
				[
					{ list: '70000', key: 'email', email: 'a@example.com' },
					{ list: '70000', key: 'customer_id', email: 'C-1' },
					{ list: '70000', key: 'email', email: 'b@example.com' },
				],
			);
			expect(emulator.listCalls.map((c) => [c.key, c.values])).toEqual([
				['email', ['a@example.com', 'b@example.com']],
				['customer_id', ['C-1']],
			]);
			expect(pairedOf(result.success)).toEqual([0, 2]);
			expect(result.errors[0].json.error).toMatch(
				/identifier_key "customer_id".*must match the source type/,
			);
		});

		it('Async sends up to 500 values per call with async=true and reports them accepted, not done', async () => {
			const result = await run(
				emulator,
				list('addCustomers', { ...FAST, async: true }),
				people(600),
			);
			expect(emulator.requests.map((r) => [queryOf(r), r.body.identifier_values.length])).toEqual([
				[{ async: 'true' }, 500],
				[{ async: 'true' }, 100],
			]);
			expect(new Set(jsonOf(result.success).map((j) => j.status))).toEqual(new Set(['accepted']));
			expect(result.success).toHaveLength(600);
		});

		it('a value the list refuses inside a 200 answer goes to the error output with the reason; the others succeed', async () => {
			emulator.refuseListValue('p3@example.com', 'Customer is blocked');
			const result = await run(emulator, list('addCustomers'), people(6));
			expect(pairedOf(result.success)).toEqual([0, 1, 2, 4, 5]);
			expect(result.errors[0].json).toEqual({
				list: EMAIL_LIST,
				email: 'p3@example.com',
				error: 'Blueshift refused p3@example.com for list 52817: Customer is blocked',
				message: expect.any(String),
			});
			expect(members(EMAIL_LIST)).not.toContain('p3@example.com');
		});

		it('an error entry that names no value of the call fails every value of that call, never calling them done', async () => {
			emulator.script('/bulk_add_users_to_list/52817', [
				{ status: 200, body: { status: 'ok', errors: [{ detail: 'something went wrong' }] } },
			]);
			const result = await run(
				emulator,
				list('addCustomers', { ...FAST, batchSize: 3 }),
				people(5),
			);
			expect(pairedOf(result.errors)).toEqual([0, 1, 2]);
			expect(result.errors[0].json.error).toMatch(
				/reported 1 error\(s\) .* that name no value of the call, so this value cannot be shown as done/,
			);
			expect(pairedOf(result.success)).toEqual([3, 4]);
		});

		it('a number, or a text of digits, in an error entry names a value only under an identifier field, not as a row number', async () => {
			emulator.addList('61000', 'customer_id');
			emulator.script('/bulk_add_users_to_list/61000', [
				{
					status: 200,
					body: { status: 'ok', errors: [{ row: 2, detail: 'Customer is blocked' }] },
				},
				{
					status: 200,
					body: { status: 'ok', errors: [{ row: '2', detail: 'Customer is blocked' }] },
				},
			]);
			const items = [1, 2, 3, 1, 2, 3].map((n) => ({
				list: '61000',
				key: 'customer_id',
				email: String(n),
			}));
			const result = await run(
				emulator,
				list('addCustomers', { ...FAST, batchSize: 3 }, { identifierKey: '={{ $json.key }}' }),
				items,
			);
			// neither entry names a value of its call: none of them can be shown as done
			expect(result.success).toHaveLength(0);
			expect(pairedOf(result.errors)).toEqual([0, 1, 2, 3, 4, 5]);
			expect(result.errors[0].json.error).toMatch(/name no value of the call/);
		});

		it('a status other than ok, or errors that are no list, fails the call', async () => {
			emulator.script('/bulk_add_users_to_list/52817', [
				{ status: 200, body: { status: 'error', errors: [] } },
				{ status: 200, body: { status: 'ok', errors: { identifier_values: ['are invalid'] } } },
			]);
			const result = await run(
				emulator,
				list('addCustomers', { ...FAST, batchSize: 2 }),
				people(4),
			);
			expect(result.success).toHaveLength(0);
			expect(result.errors.map((e) => e.json.error)).toEqual([
				expect.stringMatching(/answered status "error"/),
				expect.stringMatching(/answered status "error"/),
				expect.stringMatching(/reports errors without saying which value/),
				expect.stringMatching(/reports errors without saying which value/),
			]);
		});

		it('a 413 splits the call in halves and resends them', async () => {
			emulator.script('/bulk_add_users_to_list/52817', [
				{ status: 413, body: { error: 'You can add maximum 25 users in one api call' } },
			]);
			const result = await run(emulator, list('addCustomers'), people(25));
			expect(emulator.requests.map((r) => [r.status, r.body.identifier_values.length])).toEqual([
				[413, 25],
				[200, 13],
				[200, 12],
			]);
			expect(result.success).toHaveLength(25);
			expect(members(EMAIL_LIST)).toHaveLength(25);
		});

		it('bulk remove, both readings of the pages (they disagree): async supported, ignored (413, split down to 25) or refused (said clearly)', async () => {
			const all = people(60).map((p) => p.email);
			emulator.addList(EMAIL_LIST, 'email', { members: all });
			const supported = await run(
				emulator,
				list('removeCustomers', { ...FAST, async: true }),
				people(60),
			);
			expect(emulator.listCalls.map((c) => [c.async, c.values.length])).toEqual([[true, 60]]);
			expect(new Set(jsonOf(supported.success).map((j) => j.status))).toEqual(
				new Set(['accepted']),
			);
			expect(emulator.requests[0].path).toBe(
				'/api/v1/custom_user_lists/bulk_remove_users_from_list/52817',
			);

			emulator.reset();
			emulator.addList(EMAIL_LIST, 'email', { members: all });
			emulator.listRemoveAsync = 'ignored';
			const ignored = await run(
				emulator,
				list('removeCustomers', { ...FAST, async: true }),
				people(60),
			);
			expect(ignored.success).toHaveLength(60);
			// 60 refused, then 30 refused; the other 30 shrinks to 15 before it is sent (the size just learnt)
			expect(
				emulator.listCalls.filter((c) => c.status === 413).map((c) => c.values.length),
			).toEqual([60, 30]);
			expect(
				emulator.listCalls.filter((c) => c.status === 200).map((c) => c.values.length),
			).toEqual([15, 15, 15, 15]);
			expect(members(EMAIL_LIST)).toEqual([]);

			emulator.reset();
			emulator.listRemoveAsync = 'refused';
			const refused = await run(
				emulator,
				list('removeCustomers', { ...FAST, async: true }),
				people(3),
			);
			expect(refused.success).toHaveLength(0);
			expect(refused.errors[0].json.error).toMatch(
				/^Blueshift refused the asynchronous bulk remove from list 52817 \(400: Input params not valid\)/,
			);
			expect(refused.errors[0].json.message).toMatch(/turn the Async option off/);
		});

		it('sync bulk remove takes 25 per call', async () => {
			emulator.addList(EMAIL_LIST, 'email', { members: people(30).map((p) => p.email) });
			const result = await run(emulator, list('removeCustomers'), people(30));
			expect(emulator.listCalls.map((c) => [c.action, c.async, c.values.length])).toEqual([
				['remove', false, 25],
				['remove', false, 5],
			]);
			expect(jsonOf(result.success).every((j) => j.status === 'removed')).toBe(true);
			expect(members(EMAIL_LIST)).toEqual([]);
		});

		it('a deleted list (404) is not retried and says so; an old list (422) points to the single operation', async () => {
			const missing = await run(emulator, list('addCustomers'), people(3, '999'));
			expect(emulator.requests).toHaveLength(1);
			expect(missing.errors.map((e) => e.json.error)).toEqual(
				Array(3).fill(
					'Blueshift did not find list 999 (404: Not Found): the list does not exist or has been deleted',
				),
			);
			emulator.reset();
			const old = await run(emulator, list('addCustomers'), people(2, OLD_LIST));
			expect(emulator.requests).toHaveLength(1);
			expect(old.errors[0].json.error).toMatch(/\(422: Functionality not supported for old list\)/);
			expect(old.errors[0].json.message).toMatch(/use the single-customer operation/);
		});

		it('retries 429 and 503 on bulk calls, and not 404', async () => {
			emulator.script('/bulk_add_users_to_list/52817', [{ status: 429 }, { status: 503 }]);
			const result = await run(emulator, list('addCustomers'), people(3));
			expect(emulator.requests.map((r) => r.status)).toEqual([429, 503, 200]);
			expect(result.success).toHaveLength(3);
		});

		it('Stop Workflow: a value refused in a 200 answer stops the run naming its item', async () => {
			emulator.refuseListValue('p2@example.com', 'Customer is blocked');
			const result = await run(emulator, list('addCustomers'), people(5), 'stopWorkflow');
			expect(result.error?.message).toMatch(
				/Blueshift refused p2@example\.com for list 52817: Customer is blocked/,
			);
			expect(result.error?.context?.itemIndex).toBe(2);
		});

		it('Continue: refused and bad values stay on the main output in input order', async () => {
			emulator.refuseListValue('p1@example.com', 'Customer is blocked');
			const items = people(3);
			items[2].email = 'bad';
			const result = await run(emulator, list('addCustomers'), items, 'continueRegularOutput');
			expect(pairedOf(result.success)).toEqual([0, 1, 2]);
			expect(result.success[0].json.status).toBe('added');
			expect(Object.keys(result.success[1].json).sort()).toEqual(['details', 'error', 'message']);
			expect(result.success[2].json.error).toMatch(/^Invalid input in item 2/);
			expectNoSecret(result);
		});
	});
});
