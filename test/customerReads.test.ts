import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import type { Emulator } from './emulator/server';
import {
	credentialsFor,
	expectEachItemOnce,
	expectNoSecret,
	FAST,
	jsonOf,
	pairedOf,
	run,
	useEmulator,
} from './support/fixtures';
import { runWorkflow } from './support/harness';

/** What the customer-reads route module adds to the emulator. */
interface Reads extends Emulator {
	merged: Array<{ customer_id: string; into: string }>;
	seedActivities(ids: Record<string, string>, activities: Activity[]): Reads;
	seedEvents(uuid: string, events: Array<Record<string, unknown>>): Reads;
	activity: { cap: number; cursorField: boolean; maxAgeDays: number | null; now?: number };
}

type Activity = Record<string, unknown> & { trigger_timestamp: string; trigger_uuid: string };

const DAY = 24 * 60 * 60 * 1000;
/** The emulator's present for the activity rules: fixed, so no test depends on the wall clock. */
const NOW = Date.parse('2026-08-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const OPTIONS = { ...FAST, callsPerSecond: 200 };
const UUID = '51aceb79-2cbc-4e2b-a132-b02de69bba15';
const PATH = '/api/v2/customer_campaign_activity';

/** Activity k at `from + k * step`, as the page's example shows one. */
const activities = (n: number, from: number, step = 60_000): Activity[] =>
	Array.from({ length: n }, (_, k) => ({
		action: k % 2 ? 'open' : 'sent',
		campaign_uuid: 'aa075690-a173-4e1b-bfed-be504f738942',
		trigger_uuid: `62d05640-c5d8-b63d-938a-${String(k).padStart(12, '0')}`,
		trigger_timestamp: iso(from + k * step),
		trigger_name: 'Send an email',
		trigger_type: 'emailtrigger',
		campaign_name: 'Summer Sale',
		creative_uuid: '9340a0c8-cc2c-4c64-b62c-e1ac0476048e',
		email_domain: 'example.com',
		extended_attributes: { bsft_template_version: 26 },
	}));

const activity = (
	fields: Record<string, unknown> = {},
	options: Record<string, unknown> = OPTIONS,
) => ({
	operation: 'getCampaignActivity',
	identifyBy: 'email',
	email: '={{ $json.email }}',
	startTime: '2026-07-01T00:00:00Z',
	endTime: '2026-07-31T00:00:00Z',
	returnAll: true,
	options,
	...fields,
});
/** Activity by another identifier: no Email parameter at all. */
const withoutEmail = (fields: Record<string, unknown>) => {
	const { email: _email, ...rest } = activity(fields);
	return rest;
};
const events = (fields: Record<string, unknown> = {}) => ({
	operation: 'getEvents',
	uuid: '={{ $json.uuid }}',
	returnAll: true,
	options: OPTIONS,
	...fields,
});
const merge = (options: Record<string, unknown> = OPTIONS) => ({
	operation: 'merge',
	duplicateCustomerId: '={{ $json.dup }}',
	keepCustomerId: '={{ $json.keep }}',
	options,
});

const JULY = Date.parse('2026-07-10T00:00:00Z');
const ADA = { email: 'ada@example.com', customer_id: 'C-1', uuid: UUID };

describe('Customer reads: Get Campaign Activity, Get Events; Customer: Merge', () => {
	const emulator = useEmulator() as unknown as Reads;
	beforeEach(() => {
		emulator.activity.now = NOW;
	});
	const queries = () => emulator.received(PATH).map((r) => r.query);
	const uuidsOf = (items: Array<{ json: Record<string, unknown> }>) =>
		items.map((item) => item.json.trigger_uuid as string).sort();

	describe('Get Campaign Activity', () => {
		it('outputs one simplified item per activity, paired to its item, from one call', async () => {
			const seeded = activities(3, JULY);
			emulator.seedActivities(ADA, seeded);
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(result.errors).toHaveLength(0);
			expect(pairedOf(result.success)).toEqual([0, 0, 0]);
			expect(jsonOf(result.success)[0]).toEqual({
				action: 'sent',
				trigger_timestamp: seeded[0].trigger_timestamp,
				campaign_name: 'Summer Sale',
				campaign_uuid: seeded[0].campaign_uuid,
				trigger_name: 'Send an email',
				trigger_type: 'emailtrigger',
				trigger_uuid: seeded[0].trigger_uuid,
			});
			expect(queries()).toEqual([
				{ email: ADA.email, start_time: '2026-07-01T00:00:00Z', end_time: '2026-07-31T00:00:00Z' },
			]);
			expectNoSecret(result);
		});

		it('with Simplify off outputs the full record', async () => {
			const seeded = activities(2, JULY);
			emulator.seedActivities(ADA, seeded);
			const result = await run(emulator, activity({ simplify: false }), [{ email: ADA.email }]);
			expect(jsonOf(result.success)).toEqual(seeded);
		});

		it.each([
			['customerId', 'customerId', 'customer_id', ADA.customer_id],
			['uuid', 'uuid', 'uuid', ADA.uuid],
		])('identifies the customer by %s', async (identifyBy, field, key, value) => {
			emulator.seedActivities(ADA, activities(1, JULY));
			const result = await run(emulator, withoutEmail({ identifyBy, [field]: '={{ $json.id }}' }), [
				{ id: value },
			]);
			expect(result.success).toHaveLength(1);
			expect(queries()[0]).toEqual(expect.objectContaining({ [key]: value }));
			expect(Object.keys(queries()[0]).sort()).toEqual([key, 'end_time', 'start_time'].sort());
		});

		it('outputs nothing for a customer without activity in the range (no error)', async () => {
			emulator.seedActivities(ADA, []);
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(result.success).toHaveLength(0);
			expect(result.errors).toHaveLength(0);
			expect(queries()).toHaveLength(1);
		});

		it('reads exactly one full page with one call (not truncated)', async () => {
			emulator.activity.cap = 5;
			emulator.seedActivities(ADA, activities(5, JULY));
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(result.success).toHaveLength(5);
			expect(queries()).toHaveLength(1);
		});

		it('pages past the cap with the oldest trigger_timestamp as cursor, never outputting the boundary twice', async () => {
			emulator.activity.cap = 4;
			const seeded = activities(10, JULY);
			emulator.seedActivities(ADA, seeded);
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(result.errors).toHaveLength(0);
			expect(uuidsOf(result.success)).toEqual(seeded.map((a) => a.trigger_uuid).sort());
			expect(queries().map((q) => q.cursor)).toEqual([
				undefined,
				seeded[6].trigger_timestamp,
				seeded[3].trigger_timestamp,
			]);
			expect(pairedOf(result.success).every((p) => p === 0)).toBe(true);
		});

		it('outputs each of several activities at the boundary instant once', async () => {
			emulator.activity.cap = 3;
			const at = [0, 1, 2, 2, 3, 4].map((k) => JULY + k * 60_000);
			const seeded = at.map((t, k) => ({ ...activities(1, t)[0], trigger_uuid: `t-${k}` }));
			emulator.seedActivities(ADA, seeded);
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(uuidsOf(result.success)).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4', 't-5']);
			expect(queries().map((q) => q.cursor)).toEqual([undefined, iso(at[2]), iso(at[1])]);
		});

		it('pages within each window, then goes on to the older window', async () => {
			emulator.activity.maxAgeDays = null;
			emulator.activity.cap = 2;
			const end = Date.parse('2026-07-31T00:00:00Z');
			const seeded = [end - 10 * DAY, end - 400 * DAY].flatMap((from, w) =>
				activities(3, from).map((a, k) => ({ ...a, trigger_uuid: `w${w}-${k}` })),
			);
			emulator.seedActivities(ADA, seeded);
			const result = await run(
				emulator,
				activity({ startTime: iso(end - 500 * DAY), endTime: iso(end) }),
				[{ email: ADA.email }],
			);
			expect(uuidsOf(result.success)).toEqual(seeded.map((a) => a.trigger_uuid).sort());
			expect(queries().map((q) => [q.end_time, q.cursor])).toEqual([
				[iso(end), undefined],
				[iso(end), seeded[1].trigger_timestamp],
				[iso(end - 366 * DAY), undefined],
				[iso(end - 366 * DAY), seeded[4].trigger_timestamp],
			]);
		});

		it("takes the answer's own cursor field when Blueshift sends one", async () => {
			emulator.activity.cap = 4;
			emulator.activity.cursorField = true;
			const seeded = activities(6, JULY);
			emulator.seedActivities(ADA, seeded);
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(uuidsOf(result.success)).toEqual(seeded.map((a) => a.trigger_uuid).sort());
			expect(queries()[1].cursor).toBe(new Date(JULY + 2 * 60_000).toISOString());
		});

		it('a truncated page whose cursor would not move fails the item: nothing skipped silently', async () => {
			emulator.activity.cap = 2;
			emulator.seedActivities(ADA, activities(5, JULY, 0));
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(result.success).toHaveLength(0);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json.error).toMatch(/truncated but gave no cursor that reads on/);
			expect(result.errors[0].json.message).toMatch(/failed after 1 page\(s\) \(2 result\(s\)\)/);
			expect(queries()).toHaveLength(2);
		});

		it('a page that fails mid-way sends the item to the error output, saying how far it got', async () => {
			emulator.activity.cap = 2;
			emulator.seedActivities(ADA, activities(5, JULY));
			emulator.script(PATH, [{ passThrough: true }, { status: 500 }]);
			const result = await run(emulator, activity(), [{ email: ADA.email }]);
			expect(result.success).toHaveLength(0);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json.error).toMatch(/server error \(500/);
			expect(result.errors[0].json.message).toMatch(
				/It failed after 1 page\(s\) \(2 result\(s\)\)/,
			);
		});

		it('Stop Workflow: an item whose later pages the stop left unread is not reported as never sent', async () => {
			emulator.activity.cap = 1;
			emulator.seedActivities(ADA, activities(5, JULY));
			emulator.script(PATH, [
				{ passThrough: true },
				{ status: 400, body: { errors: [{ detail: 'boom' }] } },
			]);
			// one call per second: item 1's refusal comes before item 0's second page may start
			const result = await run(
				emulator,
				activity({}, { ...OPTIONS, callsPerSecond: 1 }),
				[{ email: ADA.email }, { email: ADA.email }],
				'stopWorkflow',
			);
			expect(queries()).toHaveLength(2);
			expect(result.error?.message).toMatch(/\(400: detail: boom\)/);
			expect(result.error?.description).toMatch(/were let finish \(0 of them accepted, 1 failed\)/);
			expect(result.error?.description).toMatch(/0 item\(s\) were never sent\.$/);
		});

		it('Limit ends the read as soon as it is reached', async () => {
			emulator.activity.cap = 2;
			emulator.seedActivities(ADA, activities(10, JULY));
			const result = await run(emulator, activity({ returnAll: false, limit: 3 }), [
				{ email: ADA.email },
			]);
			expect(result.success).toHaveLength(3);
			expect(queries()).toHaveLength(2);
		});

		it('splits a range over 366 days into windows of at most 366 days, newest first', async () => {
			emulator.activity.maxAgeDays = null;
			const start = Date.parse('2024-06-01T00:00:00Z');
			const end = Date.parse('2026-07-31T00:00:00Z');
			const seeded = [end - DAY, end - 400 * DAY, start].flatMap((at, k) =>
				activities(1, at).map((a) => ({ ...a, trigger_uuid: `t-${k}` })),
			);
			emulator.seedActivities(ADA, seeded);
			const result = await run(emulator, activity({ startTime: iso(start), endTime: iso(end) }), [
				{ email: ADA.email },
			]);
			expect(result.errors).toHaveLength(0);
			expect(uuidsOf(result.success)).toEqual(['t-0', 't-1', 't-2']);
			const windows = queries().map((q) => [Date.parse(q.start_time), Date.parse(q.end_time)]);
			expect(windows).toEqual([
				[end - 366 * DAY, end],
				[end - 732 * DAY, end - 366 * DAY],
				[start, end - 732 * DAY],
			]);
		});

		it("fails the item with Blueshift's message when it refuses an old window (start_time more than 366 days ago)", async () => {
			const end = NOW;
			emulator.seedActivities(ADA, activities(2, end - 2 * DAY));
			const result = await run(
				emulator,
				activity({ startTime: iso(end - 500 * DAY), endTime: iso(end) }),
				[{ email: ADA.email }],
			);
			expect(result.success).toHaveLength(0);
			expect(result.errors[0].json.error).toMatch(
				/\(400: .*start_time cannot be more than 366 days in the past\)/,
			);
			expect(result.errors[0].json.message).toMatch(/after 1 page\(s\) \(2 result\(s\)\)/);
			expect(queries()).toHaveLength(2);
		});

		// n8n's default time zone, unless GENERIC_TIMEZONE says otherwise
		const inNewYork = [undefined, 'America/New_York'].includes(process.env.GENERIC_TIMEZONE);
		(inNewYork ? it : it.skip)(
			"reads a time without a zone in the workflow's time zone (n8n's default: America/New_York)",
			async () => {
				emulator.seedActivities(ADA, activities(1, JULY));
				await run(emulator, activity({ startTime: '2025-10-01T00:00:00', endTime: '2025-01-15' }), [
					{ email: ADA.email },
				]);
				expect(emulator.requests).toHaveLength(0); // the end (winter, -05:00) is before the start
				await run(emulator, activity({ startTime: '2025-10-01T00:00:00', endTime: '2025-12-15' }), [
					{ email: ADA.email },
				]);
				expect(queries()[0]).toEqual(
					expect.objectContaining({
						start_time: '2025-10-01T04:00:00Z',
						end_time: '2025-12-15T05:00:00Z',
					}),
				);
			},
		);

		it('an empty End Time reads up to now; an End Time in the future is read as now', async () => {
			emulator.activity.now = undefined; // the emulator's rules on the clock, as the node's
			emulator.seedActivities(ADA, activities(1, Date.now() - DAY));
			const before = Date.now();
			const start = iso(before - 2 * DAY);
			const empty = await run(emulator, activity({ startTime: start, endTime: '' }), [
				{ email: ADA.email },
			]);
			const future = await run(
				emulator,
				activity({ startTime: start, endTime: iso(before + 9 * DAY) }),
				[{ email: ADA.email }],
			);
			const after = Date.now();
			expect([empty.success.length, future.success.length]).toEqual([1, 1]);
			for (const q of queries()) {
				expect(Date.parse(q.end_time)).toBeGreaterThanOrEqual(before - 1000);
				expect(Date.parse(q.end_time)).toBeLessThanOrEqual(after);
			}
		});

		it('asks twice after a 404 "User not found", then fails the item with it', async () => {
			const result = await run(emulator, activity(), [{ email: 'nobody@example.com' }]);
			expect(queries()).toHaveLength(2);
			expect(result.errors[0].json.error).toMatch(
				/^Customer not found: Blueshift has no customer with email nobody@example\.com \(404: User not found\)$/,
			);
		});

		it.each([
			[
				'an End Time before the Start Time',
				{ endTime: '2026-06-01T00:00:00Z' },
				{},
				/End Time \(2026-06-01T00:00:00Z\) is before Start Time/,
				'endTime',
			],
			[
				'an empty Start Time (n8n refuses an empty field, not an empty expression)',
				{ startTime: '={{ $json.when }}' },
				{ when: '' },
				/Start Time is required/,
				'startTime',
			],
			[
				'a Start Time that is no date',
				{ startTime: '={{ $json.when }}' },
				{ when: 'yesterday' },
				/Start Time must be an ISO 8601/,
				'startTime',
			],
			[
				'a Start Time in the future',
				{ startTime: '2999-01-01T00:00:00Z', endTime: '2999-02-01T00:00:00Z' },
				{},
				/Start Time .* is in the future/,
				'startTime',
			],
			['a bad email', {}, { email: 'ada@' }, /Email \(email\) must be an email address/, 'email'],
			[
				'a customer_id for Identify By UUID',
				{ identifyBy: 'uuid', uuid: '={{ $json.email }}' },
				{},
				/UUID \(uuid\) must be Blueshift's customer uuid/,
				'uuid',
			],
			[
				'no Customer ID for Identify By Customer ID',
				{ identifyBy: 'customerId', customerId: '={{ $json.id }}' },
				{},
				/Customer ID \(customer_id\) is required when Identify By is Customer ID/,
				'customer_id',
			],
			['a Limit of 0', { returnAll: false, limit: 0 }, {}, /Limit must be a whole number/, 'limit'],
		])(
			'sends nothing for %s, naming the item and the field',
			async (_name, fields, input, rule, field) => {
				emulator.seedActivities(ADA, activities(1, JULY));
				const result = await run(
					emulator,
					activity(fields),
					[{ email: ADA.email, ...input }],
					'continueRegularOutput',
				);
				expect(result.success).toHaveLength(1);
				expect(result.success[0].json).toEqual({
					error: expect.stringMatching(/^Invalid input in item 0: /),
					message: expect.any(String),
					details: expect.objectContaining({ itemIndex: 0, field }),
				});
				expect(String(result.success[0].json.error)).toMatch(rule);
				expect(emulator.requests).toHaveLength(0);
			},
		);
	});

	describe('Get Events', () => {
		const seeded = [0, 1, 2].map((k) => ({
			_bsft_doc_type: 'events',
			event: k ? 'view' : 'identify',
			event_uuid: `3766f118-d4cd-11eb-a278-02420000000${k}`,
			timestamp: iso(JULY + k * 1000),
			user_uuid: UUID,
		}));

		it('outputs one item per event, paired to its item', async () => {
			emulator.seedEvents(UUID, seeded);
			const result = await run(emulator, events(), [{ uuid: UUID }]);
			expect(jsonOf(result.success)).toEqual(seeded);
			expect(pairedOf(result.success)).toEqual([0, 0, 0]);
			expect(emulator.requests.map((r) => [r.path, r.query])).toEqual([
				['/api/v1/customer_search/show_events', { uuid: UUID }],
			]);
		});

		it('outputs nothing for a customer without events ([] is an answer, not a lost one)', async () => {
			emulator.seedEvents(UUID, []);
			const result = await run(emulator, events(), [{ uuid: UUID }]);
			expect(result.success).toHaveLength(0);
			expect(result.errors).toHaveLength(0);
			expect(emulator.requests).toHaveLength(1);
		});

		it('Limit cuts the list after the answer', async () => {
			emulator.seedEvents(UUID, seeded);
			const result = await run(emulator, events({ returnAll: false, limit: 2 }), [{ uuid: UUID }]);
			expect(jsonOf(result.success)).toEqual(seeded.slice(0, 2));
		});

		it.each([
			[
				{ body: { events: [] } },
				'Blueshift answered without a list of events (it said: {"events":[]})',
			],
			// not JSON Blueshift would send: read as a lost answer, retried, then said as it came
			[{ raw: 'null' }, 'Blueshift answered 200 with something other than a JSON object: null'],
			[{ raw: '[1,2]' }, 'Blueshift answered 200 with something other than a JSON object: [1,2]'],
		])(
			'a 2xx that is no list of events is not success: the item says what came back (%j)',
			async (answer, said) => {
				emulator.script(
					'/show_events',
					Array.from({ length: 4 }, () => ({ status: 200, ...answer })),
				);
				const result = await run(emulator, events(), [{ uuid: UUID }]);
				expect(result.success).toHaveLength(0);
				expect(result.errors[0].json.error).toBe(said);
			},
		);

		it('sends nothing for a uuid that is no uuid', async () => {
			const result = await run(emulator, events(), [{ uuid: 'C-1' }]);
			expect(result.errors[0].json.error).toMatch(/^Invalid input in item 0: UUID \(uuid\)/);
			expect(emulator.requests).toHaveLength(0);
		});

		it('an unknown uuid: not found, after asking twice', async () => {
			const result = await run(emulator, events(), [{ uuid: UUID }]);
			expect(emulator.requests).toHaveLength(2);
			expect(result.errors[0].json.error).toMatch(/^Customer not found: .* \(404\)$/);
		});
	});

	describe('Merge', () => {
		it('posts both IDs and says the merge is irreversible', async () => {
			const result = await run(emulator, merge(), [{ dup: 'A-1', keep: 'B-1' }]);
			expect(emulator.received('/api/v1/customers/merge').map((r) => r.body)).toEqual([
				{ customer_id: 'A-1', bsft_new_customer_id: 'B-1' },
			]);
			expect(result.success[0].json).toEqual({
				status: 'accepted',
				customer_id: 'A-1',
				bsft_new_customer_id: 'B-1',
				irreversible: true,
				note: expect.stringMatching(/cannot be undone/),
			});
		});

		it.each([
			[
				{ dup: 'A-1', keep: 'A-1' },
				/item 0: Customer ID to Keep must differ from Duplicate Customer ID \(both are "A-1"\)/,
				'keepCustomerId',
			],
			[
				{ dup: '', keep: 'B-1' },
				/item 0: Duplicate Customer ID is required/,
				'duplicateCustomerId',
			],
			[{ dup: 'A-1' }, /item 0: Customer ID to Keep is required/, 'keepCustomerId'],
		])('sends nothing for %j, naming the item and the field', async (input, rule, field) => {
			const result = await run(emulator, merge(), [input], 'continueRegularOutput');
			expect(result.success[0].json.error).toMatch(rule);
			expect(result.success[0].json.details).toEqual(expect.objectContaining({ field }));
			expect(emulator.requests).toHaveLength(0);
		});

		it.each([
			['a 502', { status: 502 }, {}],
			['a timeout', { passThrough: true, delayMs: 1500 }, { timeout: 1000 }],
		])(
			"is never sent twice after %s, not even by n8n's Retry On Fail",
			async (_name, fault, options) => {
				emulator.script('/api/v1/customers/merge', [fault]);
				const result = await runWorkflow({
					credentials: credentialsFor(emulator),
					parameters: { resource: 'customer', ...merge({ ...OPTIONS, ...options }) },
					items: [{ dup: 'A-1', keep: 'B-1' }],
					onError: 'stopWorkflow',
					executionId: `merge-${_name}`,
					nodeSettings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
				});
				expect(emulator.received('/api/v1/customers/merge')).toHaveLength(1);
				expect(result.error).toBeDefined();
			},
		);

		it('every item once across the outputs, each paired to itself', async () => {
			const input = [
				{ dup: 'A-1', keep: 'B-1' },
				{ dup: 'X', keep: 'X' },
				{ dup: 'A-2', keep: 'B-1' },
			];
			const result = await run(emulator, merge(), input);
			expect(pairedOf(result.success)).toEqual([0, 2]);
			expect(pairedOf(result.errors)).toEqual([1]);
			expectEachItemOnce(3, result.success, result.errors);
			expect(emulator.merged).toEqual([
				{ customer_id: 'A-1', into: 'B-1' },
				{ customer_id: 'A-2', into: 'B-1' },
			]);
		});
	});

	describe('as an AI agent tool', () => {
		const { Blueshift } = require(
			path.join(__dirname, '..', 'dist/nodes/Blueshift/Blueshift.node.js'),
		);
		const properties: INodeProperties[] = new Blueshift().description.properties;
		const ours = ['merge', 'getCampaignActivity', 'getEvents'];
		const shownFor = (p: INodeProperties) =>
			(p.displayOptions?.show?.operation as string[] | undefined)?.some((o) => ours.includes(o)) &&
			(p.displayOptions?.show?.resource as string[] | undefined)?.includes('customer');

		it('every field, and every option inside them, has a description; Merge says it is irreversible', () => {
			const fields = properties.filter(shownFor).filter((p) => p.type !== 'notice');
			const inner = fields.flatMap((p) =>
				p.type === 'collection' ? (p.options as INodeProperties[]) : [p],
			);
			for (const field of inner)
				expect([field.name, (field.description ?? '').length > 20]).toEqual([field.name, true]);
			for (const name of ['duplicateCustomerId', 'keepCustomerId'])
				expect(fields.find((p) => p.name === name)?.description).toMatch(/Irreversible/);
			const operation = properties.find(
				(p) =>
					p.name === 'operation' &&
					(p.displayOptions?.show?.resource as string[]).includes('customer'),
			);
			const options = operation?.options as Array<{ value: string; description: string }>;
			expect(options.find((o) => o.value === 'merge')?.description).toMatch(/irreversible/);
			expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(ours));
		});
	});
});
