import { v5 as uuidV5 } from 'uuid';

import { Emulator } from '../emulator/server';
import { errorOf, expectErrorOutput, jsonOf, paired, useHost, workflowsIn } from './host';
import { output, VERSIONS } from './n8n';

/**
 * Custom user lists, campaign triggers and subscription groups in a real n8n, the packed package
 * installed as a community node: the workflows test/e2e/workflows/list-*.json and campaign-*.json.
 */
const KEY = 'e2e-user-api-key-7d41';
const workflows = workflowsIn(/^(list|campaign)-.*\.json$/);

/** The shared error-output check, and every failed item reached the node on the error branch. */
function expectErrorBranch(result: any, expected: Record<number, RegExp | string>) {
	const errors = expectErrorOutput(result, expected);
	expect(output(result, 'Handle errors')).toHaveLength(Object.keys(expected).length);
	return errors;
}

const SHIPPED = '4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47';
const NOT_API = 'c0ffee00-1234-4abc-8def-0123456789ab';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(VERSIONS)(
	'n8n %s: lists, campaigns and subscription groups with the packed community node',
	(version) => {
		const emulator = new Emulator({ keys: [KEY] });
		const state = emulator as unknown as {
			lists: Map<string, { members: Set<string> }>;
			listCalls: Array<{
				listId: string;
				key: string;
				async: boolean;
				values: string[];
				status?: number;
			}>;
			addList(id: string, source: string, options?: { members?: string[] }): void;
			refuseListValue(value: string, reason?: string): void;
			messages: Array<{
				email?: string;
				customer_id?: string;
				transaction_uuid?: string;
				body: Record<string, unknown>;
			}>;
		};
		const { run } = useHost(version, emulator, workflows, { apiKey: KEY });

		it('Add Customer: one PUT per item; a bad list ID and a refused value on the error branch', async () => {
			state.refuseListValue('blocked@example.com', 'Customer is blocked');
			const result = await run('E2E: List, Add Customer');
			expect(emulator.requests.map((r) => [r.method, r.path, r.body])).toEqual([
				[
					'PUT',
					'/api/v1/custom_user_lists/add_user_to_list/52817',
					{ identifier_key: 'email', identifier_value: 'sam.ortiz@example.com' },
				],
				[
					'PUT',
					'/api/v1/custom_user_lists/add_user_to_list/52817',
					{ identifier_key: 'email', identifier_value: 'blocked@example.com' },
				],
				[
					'PUT',
					'/api/v1/custom_user_lists/add_user_to_list/52817',
					{ identifier_key: 'email', identifier_value: 'noor.haddad@example.com' },
				],
			]);
			expect(jsonOf(output(result, 'Blueshift', 0))).toEqual([
				{
					list_id: 52817,
					identifier_key: 'email',
					identifier_value: 'sam.ortiz@example.com',
					status: 'added',
				},
				{
					list_id: 52817,
					identifier_key: 'email',
					identifier_value: 'noor.haddad@example.com',
					status: 'added',
				},
			]);
			expect(paired(output(result, 'Blueshift', 0))).toEqual([0, 3]);
			expectErrorBranch(result, {
				1: /^Invalid input in item 1: List ID \(list_id\) must be the list's number/,
				2: /\(400: Customer is blocked\)/,
			});
			expect([...state.lists.get('52817')!.members].sort()).toEqual([
				'noor.haddad@example.com',
				'sam.ortiz@example.com',
			]);
		});

		it('Remove Customer by customer_id on a customer_id list', async () => {
			state.addList('52818', 'customer_id', { members: ['ACME-55120', '55121', 'ACME-9'] });
			const result = await run('E2E: List, Remove Customer by customer_id');
			expect(emulator.requests.map((r) => r.body)).toEqual([
				{ identifier_key: 'customer_id', identifier_value: 'ACME-55120' },
				{ identifier_key: 'customer_id', identifier_value: '55121' },
			]);
			expect(jsonOf(output(result, 'Blueshift', 0)).map((j) => j.status)).toEqual([
				'removed',
				'removed',
			]);
			expect([...state.lists.get('52818')!.members]).toEqual(['ACME-9']);
		});

		it('Add Many Customers: grouped by list (25 per call), never two lists in one call; bad and refused values on the error branch', async () => {
			state.refuseListValue('member12@example.com', 'Customer is blocked');
			const result = await run('E2E: List, Add Many Customers to two lists');
			const calls = state.listCalls.map((c) => [c.listId, c.key, c.values.length]);
			expect(calls.sort()).toEqual(
				[
					['52817', 'email', 14],
					['52817', 'email', 25],
					['52818', 'customer_id', 10],
				].sort(),
			);
			for (const call of state.listCalls) {
				expect(
					call.values.every((v) =>
						call.listId === '52818' ? v.startsWith('C-') : v.includes('@'),
					),
				).toBe(true);
			}
			expect(output(result, 'Blueshift', 0)).toHaveLength(48);
			expectErrorBranch(result, {
				7: /^Invalid input in item 7: Identifier Value .* not a valid email/,
				12: 'Blueshift refused member12@example.com for list 52817: Customer is blocked',
			});
			expect(state.lists.get('52817')!.members.size).toBe(38);
			expect(state.lists.get('52818')!.members.size).toBe(10);
		});

		it('Remove Many Customers with Async: one call with async=true, reported as accepted', async () => {
			state.addList('52817', 'email', {
				members: Array.from({ length: 30 }, (_, i) => `member${i}@example.com`),
			});
			const result = await run('E2E: List, Remove Many Customers with Async');
			expect(
				emulator.requests.map((r) => [
					r.path,
					(r as unknown as { query: object }).query,
					r.body.identifier_values.length,
				]),
			).toEqual([
				['/api/v1/custom_user_lists/bulk_remove_users_from_list/52817', { async: 'true' }, 30],
			]);
			const success = output(result, 'Blueshift', 0);
			expect(success).toHaveLength(30);
			expect(new Set(jsonOf(success).map((j) => j.status))).toEqual(new Set(['accepted']));
		});

		it('Subscription groups, Get Many: one item per group', async () => {
			const result = await run('E2E: Subscription groups, Get Many');
			const groups = jsonOf(output(result, 'Blueshift', 0));
			expect(groups.length).toBeGreaterThan(1);
			for (const group of groups) {
				expect(Object.keys(group).sort()).toEqual([
					'subscription_group_id',
					'subscription_group_label',
					'uuid',
				]);
			}
			expect(emulator.requests).toHaveLength(1);
		});

		it('Trigger with an order key: the key becomes a stable UUID v5, a second run sends no second message; refusals on the error branch', async () => {
			const first = await run('E2E: Campaign, Trigger with an order key');
			const bodies = emulator.received('/api/v1/campaigns/execute').map((r) => r.body);
			expect(bodies).toEqual([
				{
					campaign_uuid: SHIPPED,
					email: 'sam.ortiz@example.com',
					transaction_uuid: uuidV5('INV-3391', SHIPPED),
					_bsft_high_priority: true,
					order_id: 'INV-3391',
					first_name: 'Sam',
				},
				expect.objectContaining({
					campaign_uuid: NOT_API,
					transaction_uuid: uuidV5('INV-3392', NOT_API),
				}),
				expect.objectContaining({
					customer_id: 'ACME-1',
					transaction_uuid: uuidV5('INV-3394', SHIPPED),
					first_name: 'Noor',
				}),
			]);
			expect(jsonOf(output(first, 'Blueshift', 0))).toEqual([
				{
					campaign_uuid: SHIPPED,
					email: 'sam.ortiz@example.com',
					transaction_uuid: uuidV5('INV-3391', SHIPPED),
					success: true,
				},
				{
					campaign_uuid: SHIPPED,
					customer_id: 'ACME-1',
					transaction_uuid: uuidV5('INV-3394', SHIPPED),
					success: true,
				},
			]);
			expectErrorBranch(first, {
				1: `Blueshift refused the trigger for campaign ${NOT_API} (422: campaign is not event/API triggered (error_code 101))`,
				2: /^Invalid input in item 2: Campaign UUID \(campaign_uuid\) must be a UUID/,
			});
			expect(state.messages).toHaveLength(2);

			// a new execution with the same order keys: Blueshift answers "already processed", no new message
			const second = await run('E2E: Campaign, Trigger with an order key');
			expect(state.messages).toHaveLength(2);
			expect(jsonOf(output(second, 'Blueshift', 0)).map((j) => j.message)).toEqual([
				'Request already processed',
				'Request already processed',
			]);
		});

		it('Trigger Many: payloads in calls of 25, a transaction_uuid per entry, a failed entry on the error branch', async () => {
			const result = await run('E2E: Campaign, Trigger Many');
			const calls = emulator.received('/api/v1/campaigns/bulk_execute');
			expect(calls.map((c) => c.body.payloads.length)).toEqual([25, 25, 10]);
			const keys = calls.flatMap((c) =>
				c.body.payloads.map((p: { transaction_uuid: string }) => p.transaction_uuid),
			);
			expect(new Set(keys).size).toBe(60);
			for (const key of keys) expect(key).toMatch(UUID);
			expect(calls[0].body.payloads[0]).toEqual({
				campaign_uuid: SHIPPED,
				email: 'r0@example.com',
				transaction_uuid: keys[0],
				order_id: 'ORD-0',
			});
			const success = output(result, 'Blueshift', 0);
			expect(success).toHaveLength(59);
			expectErrorBranch(result, {
				33: `Blueshift refused the trigger for campaign ${NOT_API}: campaign is not event/API triggered (error_code 101)`,
			});
			expect(state.messages).toHaveLength(59);

			// another execution derives other keys: without a business key a re-run is a new trigger
			emulator.reset();
			await run('E2E: Campaign, Trigger Many');
			const again = emulator
				.received('/api/v1/campaigns/bulk_execute')
				.flatMap((c) =>
					c.body.payloads.map((p: { transaction_uuid: string }) => p.transaction_uuid),
				);
			expect(again.filter((k: string) => keys.includes(k))).toEqual([]);
		});

		it('Stop Workflow: a bad item stops the run before any trigger is sent', async () => {
			const result = await run('E2E: Campaign, Stop Workflow on bad input');
			expect(errorOf(result).message).toMatch(/Invalid input in item 1: Email \(email\)/);
			expect(emulator.requests).toHaveLength(0);
			expect(output(result, 'Saved')).toHaveLength(0);
		});
	},
);
