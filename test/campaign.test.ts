import { v5 as uuidV5Reference } from 'uuid';

import type { Emulator } from './emulator/server';
import { CAMPAIGNS } from './emulator/routes/campaigns';
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
import { NODE_TYPE, runWorkflow } from './support/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_NAMESPACE, uuidV5 } =
	require('../dist/nodes/Blueshift/actions/campaign/transactionUuid.js') as {
		NODE_NAMESPACE: string;
		uuidV5: (name: string, namespace: string) => string;
	};

/** What test/emulator/routes/campaigns.js adds to the emulator. */
interface Message {
	campaign_uuid: string;
	email?: string;
	customer_id?: string;
	transaction_uuid?: string;
	body: Record<string, unknown>;
	via: string;
}
type CampaignEmulator = Emulator & {
	campaigns: Map<string, { api: boolean }>;
	messages: Message[];
	transactions: Map<string, Message>;
	triggerArrivals: Map<string, number>;
	campaignBulkMax?: number;
	duplicateAnswer?: Record<string, unknown>;
};

const SHIPPED = CAMPAIGNS.orderShipped;
const RESET = CAMPAIGNS.passwordReset;
const NOT_API = CAMPAIGNS.newsletter;

const trigger = (
	operation = 'trigger',
	options: Record<string, unknown> = FAST,
	fields: Record<string, unknown> = {},
) => ({
	resource: 'campaign',
	operation,
	campaignUuid: '={{ $json.campaign }}',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	options,
	...fields,
});

const recipients = (n: number, campaign = SHIPPED) =>
	Array.from({ length: n }, (_, k) => ({
		campaign,
		email: `r${k}@example.com`,
		order: `ORD-${k}`,
	}));

/**
 * The key the node derives for item i of run `runIndex` of the harness's execution: instance (n8n-core's
 * own InstanceSettings in this process), workflow "test", execution "test-execution", node "Blueshift".
 */
const instanceId = () =>
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	(require('@n8n/di').Container.get(require('n8n-core').InstanceSettings) as { instanceId: string })
		.instanceId;
const derived = (i: number, runIndex = 0) =>
	uuidV5Reference(`${instanceId()}/test/test-execution/Blueshift/${runIndex}/${i}`, NODE_NAMESPACE);

describe('Campaign', () => {
	const emulator = useEmulator() as CampaignEmulator;

	it('computes UUID v5 as RFC 9562 does (the uuid package and its published vector)', () => {
		expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
			'2ed6657d-e927-568b-95e1-2665a8aea6a2',
		);
		for (const name of ['order-1234', '', 'ünïcødé ✓', 'x'.repeat(500)]) {
			expect(uuidV5(name, SHIPPED)).toBe(uuidV5Reference(name, SHIPPED));
		}
	});

	describe('a key derived per run of the node', () => {
		it('the node running twice in one execution (a loop, an AI agent calling it again) sends two messages, each run with its own keys', async () => {
			// Input -> A -> Blueshift and Input -> B -> Blueshift: the node runs once per branch
			const blueshift = {
				id: 'blueshift',
				name: 'Blueshift',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [400, 0],
				parameters: trigger(),
				credentials: { blueshiftApi: { id: '1', name: 'Blueshift account' } },
			};
			const pass = (name: string, y: number) => ({
				id: name,
				name,
				type: 'test.passThrough',
				typeVersion: 1,
				position: [200, y],
				parameters: {},
			});
			const nodes = [
				{
					id: 'input',
					name: 'Input',
					type: 'test.input',
					typeVersion: 1,
					position: [0, 0],
					parameters: { items: JSON.stringify(recipients(1)) },
				},
				pass('A', 0),
				pass('B', 200),
				blueshift,
			];
			const connections = {
				Input: {
					main: [
						[
							{ node: 'A', type: 'main', index: 0 },
							{ node: 'B', type: 'main', index: 0 },
						],
					],
				},
				A: { main: [[{ node: 'Blueshift', type: 'main', index: 0 }]] },
				B: { main: [[{ node: 'Blueshift', type: 'main', index: 0 }]] },
			};
			const result = await runWorkflow({
				workflow: { nodes, connections },
				credentials: credentialsFor(emulator),
			});
			const runs = result.run.data.resultData.runData.Blueshift;
			expect(runs).toHaveLength(2);
			const keys = emulator
				.received('/api/v1/campaigns/execute')
				.map((r) => r.body.transaction_uuid);
			expect(keys).toEqual([derived(0, 0), derived(0, 1)]);
			expect(emulator.messages).toHaveLength(2);
		});
	});

	describe('Trigger (one call per item)', () => {
		it.each([
			['an empty object', {}],
			['success as text', { success: 'false', error: 'nope' }],
		])(
			'does not call a trigger sent when a 2xx answer holds %s instead of success: true',
			async (_name, body) => {
				emulator.script('/api/v1/campaigns/execute', [{ status: 200, body }]);
				const result = await run(emulator, trigger(), recipients(1));
				expect(result.success).toHaveLength(0);
				expect(result.errors[0].json.error).toMatch(/does not say the trigger succeeded/);
				expect(result.errors[0].json.message).toMatch(
					/give Transaction UUID the value [0-9a-f-]{36}/,
				);
			},
		);

		it('posts the documented body with a transaction_uuid derived per execution and item, and template attributes', async () => {
			const result = await run(
				emulator,
				trigger('trigger', FAST, {
					attributes: {
						attributes: [
							{ name: 'order_id', value: '={{ $json.order }}' },
							{ name: 'first_name', value: 'Sam' },
							{ name: 'empty_one', value: '' },
						],
					},
					additionalFields: {
						highPriority: true,
						emailAttachments: 'https://files.example.com/a.pdf, https://files.example.com/b.pdf',
					},
				}),
				recipients(2),
			);
			expect(emulator.requests.map((r) => [r.method, r.path, r.body])).toEqual([
				[
					'POST',
					'/api/v1/campaigns/execute',
					{
						campaign_uuid: SHIPPED,
						email: 'r0@example.com',
						transaction_uuid: derived(0),
						_bsft_high_priority: true,
						email_attachments: [
							'https://files.example.com/a.pdf',
							'https://files.example.com/b.pdf',
						],
						order_id: 'ORD-0',
						first_name: 'Sam',
					},
				],
				[
					'POST',
					'/api/v1/campaigns/execute',
					expect.objectContaining({ email: 'r1@example.com', transaction_uuid: derived(1) }),
				],
			]);
			expect(jsonOf(result.success)).toEqual([
				{
					campaign_uuid: SHIPPED,
					email: 'r0@example.com',
					transaction_uuid: derived(0),
					success: true,
				},
				{
					campaign_uuid: SHIPPED,
					email: 'r1@example.com',
					transaction_uuid: derived(1),
					success: true,
				},
			]);
			expect(pairedOf(result.success)).toEqual([0, 1]);
			expect(emulator.messages).toHaveLength(2);
		});

		it("sends a Transaction UUID that is a UUID as given, and turns a business key into UUID v5 in the campaign's namespace", async () => {
			const given = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
			const result = await run(
				emulator,
				trigger('trigger', FAST, { transactionUuid: '={{ $json.key }}' }),
				[
					{ campaign: SHIPPED, email: 'a@example.com', key: given },
					{ campaign: SHIPPED, email: 'b@example.com', key: 'ORD-1234' },
					{ campaign: RESET, email: 'b@example.com', key: 'ORD-1234' },
					{ campaign: SHIPPED, email: 'c@example.com', key: 98765 },
				],
			);
			expect(emulator.requests.map((r) => r.body.transaction_uuid)).toEqual([
				given,
				uuidV5Reference('ORD-1234', SHIPPED),
				uuidV5Reference('ORD-1234', RESET),
				uuidV5Reference('98765', SHIPPED),
			]);
			expect(result.success).toHaveLength(4);
		});

		it('a business key makes a re-run idempotent: the second execution sends no second message', async () => {
			const params = trigger('trigger', FAST, { transactionUuid: '={{ $json.order }}' });
			const first = await run(emulator, params, recipients(3));
			const second = await run(emulator, params, recipients(3));
			expect(emulator.requests).toHaveLength(6);
			expect(emulator.messages.map((m) => m.email)).toEqual([
				'r0@example.com',
				'r1@example.com',
				'r2@example.com',
			]);
			expect(first.success).toHaveLength(3);
			// Blueshift answers a repeated key with 200 and a message; the node passes it on
			expect(jsonOf(second.success).map((j) => j.message)).toEqual(
				Array(3).fill('Request already processed'),
			);
		});

		// the pages say a repeated key gets 200 "with a message saying the request was already handled"
		// but do not show the body: whatever it says of success, the first request sent the message
		it.each([
			['a message alone', { message: 'Request already processed' }],
			[
				'success false and a message',
				{ success: false, message: 'Duplicate transaction_uuid: request already handled' },
			],
			['an error text', { error: 'already processed' }],
		])('a repeated key answered with %s counts as sent, single and bulk', async (_, answer) => {
			(emulator as CampaignEmulator).duplicateAnswer = answer;
			for (const operation of ['trigger', 'triggerBulk']) {
				const params = trigger(operation, FAST, {
					transactionUuid: `={{ $json.order + "-${operation}" }}`,
				});
				await run(emulator, params, recipients(3));
				const again = await run(emulator, params, recipients(3));
				expect(again.errors).toEqual([]);
				expect(jsonOf(again.success).map((j) => [j.success, j.already_processed])).toEqual(
					Array(3).fill([true, true]),
				);
			}
			expect(emulator.messages).toHaveLength(6);
		});

		it.each([
			[
				'the campaign is already archived',
				{ success: false, error: 'Campaign is already archived', error_code: 102 },
			],
			['the user already unsubscribed', { success: false, error: 'User has already unsubscribed' }],
			['a duplicate field', { success: false, error: 'duplicate email field' }],
		])(
			'a refusal that says %s is no "already processed": the item fails, single and bulk',
			async (_, refusal) => {
				for (const operation of ['trigger', 'triggerBulk']) {
					emulator.requests.length = 0;
					emulator.script(
						operation === 'trigger'
							? '/api/v1/campaigns/execute'
							: '/api/v1/campaigns/bulk_execute',
						[{ status: 200, body: operation === 'trigger' ? refusal : [refusal] }],
					);
					const result = await run(emulator, trigger(operation), recipients(1));
					expect(result.success).toEqual([]);
					expect(result.errors).toHaveLength(1);
					expect(result.errors[0].json.error).toMatch(/refused the trigger/);
				}
			},
		);

		it('retries after a lost answer carry the same transaction_uuid, so one message goes out', async () => {
			emulator.script('/api/v1/campaigns/execute', [
				{ passThrough: true, reset: true },
				{ passThrough: true, reset: true },
			]);
			const result = await run(emulator, trigger(), recipients(1));
			const keys = emulator.requests.map((r) => r.body.transaction_uuid);
			expect(keys).toEqual([derived(0), derived(0), derived(0)]);
			expect(emulator.messages).toHaveLength(1);
			expect(result.success).toHaveLength(1);
			expect(result.success[0].json).toMatchObject({
				success: true,
				transaction_uuid: derived(0),
				message: 'Request already processed',
			});
		});

		it('refuses bad input before sending, naming the item and the field', async () => {
			const items = [
				{ campaign: 'not-a-uuid', email: 'a@example.com' },
				{ campaign: '', email: 'a@example.com' },
				{ campaign: SHIPPED },
				{ campaign: SHIPPED, email: 'nope' },
				{ campaign: SHIPPED, email: 'ok@example.com' },
			];
			const result = await run(emulator, trigger(), items);
			expect(pairedOf(result.success)).toEqual([4]);
			expect(jsonOf(result.errors).map((j) => j.error)).toEqual([
				expect.stringMatching(
					/^Invalid input in item 0: Campaign UUID \(campaign_uuid\) must be a UUID/,
				),
				expect.stringMatching(
					/^Invalid input in item 1: Campaign UUID \(campaign_uuid\) is required/,
				),
				expect.stringMatching(/^Invalid input in item 2: Email or Customer ID is required/),
				expect.stringMatching(/^Invalid input in item 3: Email \(email\) must be an email address/),
			]);
			jsonOf(result.errors).forEach((json, k) =>
				expect(Object.keys(json).sort()).toEqual(
					[...Object.keys(items[k]), 'error', 'message'].sort(),
				),
			);
			expect(emulator.requests).toHaveLength(1);
		});

		it("refuses two items of one run with the same key, and attributes named like the trigger's own fields", async () => {
			const result = await run(
				emulator,
				trigger('trigger', FAST, {
					transactionUuid: '={{ $json.order }}',
					attributes: { attributes: [{ name: '={{ $json.attr }}', value: 'x' }] },
				}),
				[
					{ campaign: SHIPPED, email: 'a@example.com', order: 'ORD-1', attr: 'order_id' },
					{ campaign: SHIPPED, email: 'b@example.com', order: 'ORD-1', attr: 'order_id' },
					{ campaign: SHIPPED, email: 'c@example.com', order: 'ORD-2', attr: 'transaction_uuid' },
					{ campaign: SHIPPED, email: 'd@example.com', order: 'ORD-3', attr: 'constructor' },
					{ campaign: SHIPPED, email: 'e@example.com', order: 'ORD-4', attr: '' },
				],
			);
			expect(pairedOf(result.success)).toEqual([0]);
			expect(jsonOf(result.errors).map((j) => j.error)).toEqual([
				expect.stringMatching(
					/^Invalid input in item 1: Transaction UUID [0-9a-f-]{36} is also the key of item 0 in this run \(from "ORD-1"\)/,
				),
				expect.stringMatching(
					/^Invalid input in item 2: Attribute "transaction_uuid" is one of the trigger's own fields/,
				),
				expect.stringMatching(
					/^Invalid input in item 3: Attribute name "constructor" cannot be sent/,
				),
				expect.stringMatching(/^Invalid input in item 4: Attribute 1 has a value but no name/),
			]);
		});

		it('says why Blueshift refused: unknown campaign (404), not API triggered (422, error_code 101); neither is retried', async () => {
			const result = await run(emulator, trigger(), [
				{ campaign: '11111111-2222-4333-8444-555555555555', email: 'a@example.com' },
				{ campaign: NOT_API, email: 'b@example.com' },
			]);
			expect(emulator.requests).toHaveLength(2);
			expect(jsonOf(result.errors)).toEqual([
				{
					campaign: '11111111-2222-4333-8444-555555555555',
					email: 'a@example.com',
					error:
						'Blueshift did not find campaign 11111111-2222-4333-8444-555555555555 (404: Not Found)',
					message: expect.stringMatching(/^Check the Campaign UUID .* Blueshift did not send it/),
				},
				{
					campaign: NOT_API,
					email: 'b@example.com',
					error: `Blueshift refused the trigger for campaign ${NOT_API} (422: campaign is not event/API triggered (error_code 101))`,
					message: expect.stringMatching(/"API Endpoint is called"/),
				},
			]);
		});

		it('retries 429, 502, 503, 504 and a reset connection; not 500 or 409', async () => {
			emulator.script('/api/v1/campaigns/execute', [
				{ status: 429 },
				{ status: 502 },
				{ status: 503 },
				{ reset: true },
			]);
			const ok = await run(emulator, trigger('trigger', { ...FAST, maxRetries: 5 }), recipients(1));
			expect(ok.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.status)).toEqual([429, 502, 503, 'reset', 200]);

			emulator.reset();
			emulator.script('/api/v1/campaigns/execute', [{ status: 500 }, { status: 409 }]);
			const failed = await run(emulator, trigger(), recipients(2));
			expect(emulator.requests).toHaveLength(2);
			expect(failed.errors.map((e) => e.json.error)).toEqual([
				expect.stringMatching(/server error \(500/),
				expect.stringMatching(/\(409/),
			]);
			expect(emulator.messages).toHaveLength(0);
		});

		it('when every answer is lost, says the trigger may have been sent and that running it again with the same key is safe', async () => {
			emulator.script(
				'/api/v1/campaigns/execute',
				Array(4).fill({ passThrough: true, reset: true }),
			);
			const result = await run(
				emulator,
				trigger('trigger', FAST, { transactionUuid: '={{ $json.order }}' }),
				recipients(1),
			);
			expect(emulator.messages).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(/failed before it answered/);
			expect(result.errors[0].json.message).toMatch(
				new RegExp(
					`may or may not have reached Blueshift. Running it again is safe with the same transaction_uuid ${uuidV5Reference('ORD-0', SHIPPED)}`,
				),
			);
			// and running it again is safe: no second message
			const again = await run(
				emulator,
				trigger('trigger', FAST, { transactionUuid: '={{ $json.order }}' }),
				recipients(1),
			);
			expect(again.success).toHaveLength(1);
			expect(emulator.messages).toHaveLength(1);
		});

		it('Stop Workflow stops before sending on bad input; Continue keeps errors on the main output', async () => {
			const stopped = await run(
				emulator,
				trigger(),
				[...recipients(2), { campaign: 'x', email: 'a@example.com' }],
				'stopWorkflow',
			);
			expect(stopped.error?.message).toMatch(/item 2/);
			expect(emulator.requests).toHaveLength(0);

			const refused = await run(
				emulator,
				trigger(),
				[{ campaign: NOT_API, email: 'a@example.com' }],
				'stopWorkflow',
			);
			expect(refused.error?.name).toBe('NodeApiError');
			expect(refused.error?.message).toMatch(/campaign is not event\/API triggered/);

			const kept = await run(
				emulator,
				trigger(),
				[{ campaign: 'x', email: 'a@example.com' }, ...recipients(1)],
				'continueRegularOutput',
			);
			expect(pairedOf(kept.success)).toEqual([0, 1]);
			expect(Object.keys(kept.success[0].json).sort()).toEqual(['details', 'error', 'message']);
			expectNoSecret(kept);
		});
	});

	describe('Trigger Many (bulk)', () => {
		const bulk = (options: Record<string, unknown> = FAST, fields: Record<string, unknown> = {}) =>
			trigger('triggerBulk', options, fields);

		it('posts { payloads } in calls of 50 by default, each entry with its own transaction_uuid, different campaigns in one call', async () => {
			const items = recipients(120).map((r, k) => ({
				...r,
				campaign: k % 3 === 0 ? RESET : SHIPPED,
			}));
			const result = await run(
				emulator,
				bulk(FAST, {
					attributes: { attributes: [{ name: 'order_id', value: '={{ $json.order }}' }] },
				}),
				items,
			);
			const calls = emulator.received('/api/v1/campaigns/bulk_execute');
			expect(calls.map((c) => c.body.payloads.length)).toEqual([50, 50, 20]);
			expect(calls[0].body.payloads[0]).toEqual({
				campaign_uuid: RESET,
				email: 'r0@example.com',
				transaction_uuid: derived(0),
				order_id: 'ORD-0',
			});
			expect(Object.keys(calls[0].body)).toEqual(['payloads']);
			expect(result.success).toHaveLength(120);
			expect(pairedOf(result.success)).toEqual(items.map((_, i) => i));
			expect(new Set(emulator.messages.map((m) => m.transaction_uuid)).size).toBe(120);
		});

		it("maps each entry's success back to its item: a failed entry goes to the error output with the reason, the rest succeed", async () => {
			const items = recipients(6);
			items[1].campaign = NOT_API;
			items[4].campaign = '11111111-2222-4333-8444-555555555555';
			const result = await run(emulator, bulk(), items);
			expect(pairedOf(result.success)).toEqual([0, 2, 3, 5]);
			expect(jsonOf(result.errors)).toEqual([
				{
					...items[1],
					error: `Blueshift refused the trigger for campaign ${NOT_API}: campaign is not event/API triggered (error_code 101)`,
					message: expect.stringMatching(/"API Endpoint is called".*Blueshift did not send it/),
				},
				{
					...items[4],
					error: expect.stringMatching(/refused the trigger for campaign 1111.*: Not Found/),
					message: expect.any(String),
				},
			]);
			expect(emulator.messages.map((m) => m.email)).toEqual([
				'r0@example.com',
				'r2@example.com',
				'r3@example.com',
				'r5@example.com',
			]);
		});

		it('never calls an entry sent that the answer does not show as sent', async () => {
			const path = '/api/v1/campaigns/bulk_execute';
			// one result too few: nothing can be placed
			emulator.script(path, [{ status: 200, body: [{ success: true }, { success: true }] }]);
			const short = await run(emulator, bulk(), recipients(3));
			expect(short.success).toHaveLength(0);
			expect(short.errors.map((e) => e.json.error)).toEqual(
				Array(3).fill(
					"Blueshift's bulk answer has 2 result(s) for 3 payload(s), so this trigger cannot be shown as sent",
				),
			);
			// an entry without success, and an object instead of the documented array
			emulator.script(path, [
				{ status: 200, body: [{ success: true }, {}, { success: 'yes' }] },
				{ status: 200, body: { status: 'ok' } },
			]);
			const vague = await run(emulator, bulk({ ...FAST, batchSize: 3 }), recipients(6));
			expect(pairedOf(vague.success)).toEqual([0]);
			expect(vague.errors.map((e) => e.json.error)).toEqual([
				expect.stringMatching(/does not say whether this trigger succeeded/),
				expect.stringMatching(/does not say whether this trigger succeeded/),
				...Array(3).fill(expect.stringMatching(/lists no result per payload/)),
			]);
		});

		it('places entries by transaction_uuid when every entry carries one, whatever their order', async () => {
			const keys = [0, 1, 2].map((i) => uuidV5Reference(`ORD-${i}`, SHIPPED));
			emulator.script('/api/v1/campaigns/bulk_execute', [
				{
					status: 200,
					body: [
						{ transaction_uuid: keys[2], success: true },
						{ transaction_uuid: keys[0], success: false, error: 'recipient unsubscribed' },
						{ transaction_uuid: keys[1], success: true },
					],
				},
			]);
			const result = await run(
				emulator,
				bulk(FAST, { transactionUuid: '={{ $json.order }}' }),
				recipients(3),
			);
			expect(pairedOf(result.success)).toEqual([1, 2]);
			expect(result.errors[0].json.error).toMatch(/: recipient unsubscribed$/);
			// the same entries by position would disagree: refused
			emulator.script('/api/v1/campaigns/bulk_execute', [
				{
					status: 200,
					body: [
						{ success: true, transaction_uuid: keys[1] },
						{ success: true },
						{ success: true },
					],
				},
			]);
			const mixed = await run(
				emulator,
				bulk(FAST, { transactionUuid: '={{ $json.order }}' }),
				recipients(3),
			);
			expect(mixed.success).toHaveLength(0);
			expect(mixed.errors[0].json.error).toMatch(
				/lists its results in another order than the payloads/,
			);
		});

		it('a 413 splits the call in halves until Blueshift takes it; every message goes out once', async () => {
			emulator.campaignBulkMax = 20;
			const result = await run(emulator, bulk(), recipients(50));
			const calls = emulator.received('/api/v1/campaigns/bulk_execute');
			expect([calls[0].status, calls[0].body.payloads.length]).toEqual([413, 50]);
			const taken = calls.filter((c) => c.status === 200).map((c) => c.body.payloads.length);
			expect(taken.reduce((a, b) => a + b, 0)).toBe(50);
			for (const size of taken) expect(size).toBeLessThanOrEqual(20);
			// 50 -> 25 + 25 -> 13 + 12 + 13 + 12; once a 413 taught a size, calls formed earlier shrink
			// before they are sent, so at most one call of each size is refused
			expect(calls.filter((c) => c.status === 413).length).toBeLessThanOrEqual(3);
			expect(result.success).toHaveLength(50);
			expect(emulator.messages).toHaveLength(50);
		});

		it('Batch Size is user-adjustable, at most 100', async () => {
			await run(emulator, bulk({ ...FAST, batchSize: 500 }), recipients(150));
			expect(
				emulator.received('/api/v1/campaigns/bulk_execute').map((c) => c.body.payloads.length),
			).toEqual([100, 50]);
		});

		it('a lost bulk answer is retried with the same keys: one message per entry', async () => {
			emulator.script('/api/v1/campaigns/bulk_execute', [{ passThrough: true, reset: true }]);
			const result = await run(emulator, bulk(), recipients(10));
			const calls = emulator.received('/api/v1/campaigns/bulk_execute');
			expect(calls).toHaveLength(2);
			expect(calls[1].body).toEqual(calls[0].body);
			expect(emulator.messages).toHaveLength(10);
			expect(result.success).toHaveLength(10);
			expect(jsonOf(result.success).every((j) => j.message === 'Request already processed')).toBe(
				true,
			);
		});

		it('Stop Workflow: a failed entry stops the run naming its item; Continue keeps it in order', async () => {
			const items = recipients(4);
			items[2].campaign = NOT_API;
			const stopped = await run(emulator, bulk(), items, 'stopWorkflow');
			expect(stopped.error?.message).toMatch(/campaign is not event\/API triggered/);
			expect(stopped.error?.context?.itemIndex).toBe(2);

			const kept = await run(emulator, bulk(), items, 'continueRegularOutput');
			expect(pairedOf(kept.success)).toEqual([0, 1, 2, 3]);
			expect(kept.success[2].json).toMatchObject({
				error: expect.stringMatching(/error_code 101/),
				details: expect.any(Object),
			});
			expectEachItemOnce(4, kept.success);
		});
	});
});
