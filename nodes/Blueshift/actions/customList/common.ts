import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Operation, Request } from '../../helpers/operation';
import { jsonBytes } from '../../helpers/validation';
import { CUSTOMER_WRITE_RETRY_ON, DEFAULT_RETRY_ON } from '../../../shared/transport';
import { ASYNC_MAX, LIST_BULK_CALLS_PER_SECOND, LIST_CALLS_PER_SECOND, SYNC_MAX } from './fields';
import { listBuilder } from './record';

/**
 * The custom user list operations: one record per item, `{ list_id, identifier_key,
 * identifier_value }` (https://developer.blueshift.com/reference/put_api-v1-custom-user-lists-add-user-to-list-list-id
 * and its siblings for remove and bulk).
 *
 * - Single: PUT /api/v1/custom_user_lists/{add_user_to_list|remove_user_from_list}/{list_id} with
 *   `{ identifier_key, identifier_value }`; 404 and 409 are retried ("resource conflicts").
 * - Bulk: PUT /api/v1/custom_user_lists/{bulk_add_users_to_list|bulk_remove_users_from_list}/{list_id}
 *   [?async=true] with `{ identifier_key, identifier_values }`: at most 25 values, or 500 with
 *   async; one key per call, so records are grouped by list and key. 404 there means the list was
 *   deleted and is not retried.
 */

export type Action = 'add' | 'remove';

/** What the output says of a value the answer shows as done. */
export const DONE: Record<Action, string> = { add: 'added', remove: 'removed' };

/** An item's output: its record and what became of it. */
export const output = (record: IDataObject, status: string): IDataObject => ({
	list_id: record.list_id,
	identifier_key: record.identifier_key,
	identifier_value: record.identifier_value,
	status,
});

/** What an error body says, in a line, from any of the shapes the pages show. */
export function saidBy(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, 300);
	if (!body || typeof body !== 'object') return '';
	if (Array.isArray(body)) return body.map(saidBy).filter(Boolean).join('; ').slice(0, 300);
	const b = body as IDataObject;
	for (const key of ['detail', 'error', 'message', 'reason']) {
		if (typeof b[key] === 'string') return b[key] as string;
	}
	if (b.errors !== undefined) return saidBy(b.errors);
	return JSON.stringify(b).slice(0, 300);
}

/** What Add Customer and Remove Customer share: one call per item, no rate documented. */
export const SINGLE_CALL = {
	family: 'customLists',
	rate: { option: 'callsPerSecond', default: LIST_CALLS_PER_SECOND },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	// the page documents 200 "OK" with no body: the status is the answer
	statusIsAnswer: true,
	build: listBuilder,
} satisfies Partial<Operation>;

/** The request of a single call to `path` (add_user_to_list, remove_user_from_list). */
export const singleRequest =
	(path: string) =>
	([record]: IDataObject[]): Request => ({
		method: 'PUT',
		path: `/api/v1/custom_user_lists/${path}/${String(record.list_id)}`,
		body: { identifier_key: record.identifier_key, identifier_value: record.identifier_value },
	});

/** What Add Many Customers and Remove Many Customers share: sync (25 a call) or async (500). */
export const bulkCall = (asyncMode: boolean) => {
	const max = asyncMode ? ASYNC_MAX : SYNC_MAX;
	return {
		family: 'customListsBulk',
		rate: { option: 'bulkCallsPerSecond', default: LIST_BULK_CALLS_PER_SECOND },
		batch: {
			max,
			defaultSize: max,
			envelopeBytes: jsonBytes({ identifier_key: 'customer_id', identifier_values: [] }),
			splitOn413: true,
		},
		retryOn: DEFAULT_RETRY_ON,
		build: listBuilder,
	} satisfies Partial<Operation>;
};

/** The request of a bulk call to `path` (bulk_add_users_to_list, bulk_remove_users_from_list). */
export const bulkRequest =
	(path: string, asyncMode: boolean) =>
	(records: IDataObject[]): Request => ({
		method: 'PUT',
		path: `/api/v1/custom_user_lists/${path}/${String(records[0].list_id)}`,
		body: {
			identifier_key: records[0].identifier_key,
			identifier_values: records.map((r) => r.identifier_value),
		},
		...(asyncMode ? { qs: { async: true } } : {}),
	});

/** Whether the node's Async option is on. */
export function asyncOption(ctx: IExecuteFunctions): boolean {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return options.async === true;
}
