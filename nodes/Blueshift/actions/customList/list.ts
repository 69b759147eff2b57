import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ParameterReader } from '../../helpers/parameters';
import { reportsFailure, said } from '../../helpers/answer';
import { Rejection } from '../../helpers/outcome';
import { type Operation, type Settled } from '../../helpers/runner';
import {
	failedRead,
	invalid,
	identifiersSchema,
	jsonBytes,
	validateRecord,
	type Validated,
} from '../../helpers/validation';
import { CUSTOMER_WRITE_RETRY_ON, DEFAULT_RETRY_ON, type ApiFailure } from '../../transport';
import { ASYNC_MAX, LIST_BULK_CALLS_PER_SECOND, LIST_CALLS_PER_SECOND, SYNC_MAX } from './fields';

/**
 * The custom user list operations (add-user-to-list.md, remove-user-from-list.md and their bulk
 * pages): one record per item, `{ list_id, identifier_key, identifier_value }`.
 *
 * - Single: PUT /api/v1/custom_user_lists/{add_user_to_list|remove_user_from_list}/{list_id} with
 *   `{ identifier_key, identifier_value }`; 404 and 409 are retried ("resource conflicts").
 * - Bulk: PUT /api/v1/custom_user_lists/{bulk_add_users_to_list|bulk_remove_users_from_list}/{list_id}
 *   [?async=true] with `{ identifier_key, identifier_values }`: at most 25 values, or 500 with
 *   async; one key per call, so records are grouped by list and key. 404 there means the list was
 *   deleted and is not retried.
 */

export type Action = 'add' | 'remove';

const KEYS = ['email', 'customer_id'] as const;

/** The list ID as the path takes it: a positive integer (given as a number or as digits). */
function listIdOf(value: unknown): number | undefined {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^[1-9]\d{0,15}$/.test(text)) return undefined;
	const id = Number(text);
	return Number.isSafeInteger(id) ? id : undefined;
}

/** Builds and validates item i's record; `group` keeps lists (and keys) apart. */
export function listBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		let rawList: unknown;
		let key: unknown;
		let rawValue: unknown;
		try {
			rawList = params.get('listId', i);
			key = params.get('identifierKey', i, 'email');
			rawValue = params.get('identifierValue', i);
		} catch (error) {
			return failedRead(error);
		}
		const listId = listIdOf(rawList);
		if (listId === undefined) {
			return invalid(
				'listId',
				`List ID (list_id) must be the list's number, e.g. 52817 (got ${JSON.stringify(rawList ?? '').slice(0, 60)})`,
			);
		}
		if (!(KEYS as readonly unknown[]).includes(key)) {
			return invalid(
				'identifierKey',
				`Identifier Key (identifier_key) must be email or customer_id (got ${JSON.stringify(key).slice(0, 40)})`,
			);
		}
		const value =
			typeof rawValue === 'number' && Number.isFinite(rawValue)
				? String(rawValue)
				: typeof rawValue === 'string'
					? rawValue.trim()
					: rawValue;
		if (value === undefined || value === null || value === '') {
			return invalid(
				'identifierValue',
				`Identifier Value (identifier_value) is required: the customer's ${key === 'email' ? 'email' : 'customer ID'}`,
			);
		}
		if (typeof value !== 'string') {
			return invalid(
				'identifierValue',
				'Identifier Value (identifier_value) must be text or a number',
			);
		}
		if (key === 'email') {
			const checked = validateRecord(identifiersSchema, { email: value });
			if (!checked.ok) {
				return invalid(
					'identifierValue',
					`Identifier Value (identifier_value) is not a valid email for Identifier Key "email": ${checked.rule}`,
				);
			}
		}
		const record: IDataObject = {
			list_id: listId,
			identifier_key: key as string,
			identifier_value: value,
		};
		return { ok: true, record, group: `${listId}:${key as string}` };
	};
}

const SINGLE_PATH: Record<Action, string> = {
	add: 'add_user_to_list',
	remove: 'remove_user_from_list',
};
const BULK_PATH: Record<Action, string> = {
	add: 'bulk_add_users_to_list',
	remove: 'bulk_remove_users_from_list',
};
const DONE: Record<Action, string> = { add: 'added', remove: 'removed' };

const output = (record: IDataObject, status: string): IDataObject => ({
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

const refusedAll = (
	records: IDataObject[],
	reason: string,
	description: string,
	answer: ApiFailure,
): Rejection[] =>
	records.map(
		() =>
			new Rejection(reason, description, {
				status: answer.status,
				...(answer.body ?? {}),
			} as IDataObject),
	);

/**
 * A failed answer, read for what it means for a list call; undefined leaves the runner's reading
 * (network failures, 401, 403, 429, 5xx).
 */
function listFailure(action: Action, bulk: boolean, asyncMode: boolean) {
	return (answer: ApiFailure, records: IDataObject[]): Settled[] | undefined => {
		const { status } = answer;
		if (status === undefined) return undefined;
		const [first] = records;
		const list = `list ${String(first.list_id)}`;
		const key = String(first.identifier_key);
		const said = saidBy(answer.body) || answer.message;
		const tries = answer.attempts > 1 ? ` (after ${answer.attempts} attempts)` : '';
		if (status === 400 || status === 422) {
			if (bulk && asyncMode && action === 'remove') {
				return refusedAll(
					records,
					`Blueshift refused the asynchronous bulk remove from ${list} (${status}: ${said})`,
					"An older version of Blueshift's page documents bulk remove without the async option: turn the Async option off (25 values per call) and run the items again. Otherwise check that Identifier Key matches the list's source type.",
					answer,
				);
			}
			if (bulk && status === 422) {
				return refusedAll(
					records,
					`Blueshift refused the bulk call for ${list} (422: ${said})`,
					'Blueshift does not support its bulk list endpoints for older lists: use the single-customer operation (one call per item) for this list.',
					answer,
				);
			}
			return refusedAll(
				records,
				`Blueshift refused ${records.length > 1 ? 'the values' : `"${String(first.identifier_value)}"`} with identifier_key "${key}" for ${list} (${status}: ${said}): the key must match the source type the list was created with, and each value must be a valid ${key}`,
				`A list built on emails takes Identifier Key "email", one built on customer IDs takes "customer_id". Check the list in Blueshift, set the matching key and value, and run the item again.`,
				answer,
			);
		}
		if (status === 404) {
			return refusedAll(
				records,
				bulk
					? `Blueshift did not find ${list} (404: ${said}): the list does not exist or has been deleted`
					: `Blueshift answered 404 for ${list}${tries} (${said}): the list does not exist, or it stayed locked through every retry`,
				"Check the List ID (the number in the list's URL in Blueshift) and run the item again.",
				answer,
			);
		}
		if (status === 413) {
			return refusedAll(
				records,
				`Blueshift refused the call as too large for ${list} (413: ${said})`,
				`Lower the Batch Size option: Blueshift takes at most ${SYNC_MAX} values per call, or ${ASYNC_MAX} with Async on.`,
				answer,
			);
		}
		return undefined;
	};
}

/** A 2xx answer to a single call: the page declares no body, so a 2xx means done unless its body reports a failure. */
const singleSettle =
	(action: Action) =>
	(body: IDataObject, records: IDataObject[]): Settled[] => {
		if (reportsFailure(body, { status: 'named' })) {
			return [
				new Rejection(
					`Blueshift answered without doing it (it said: ${said(body)})`,
					'The answer does not show the change as done; check the list in Blueshift.',
					body,
				),
			];
		}
		return [output(records[0], DONE[action])];
	};

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Fields whose value is an identifier: a number there names a value (elsewhere it may be a row or a code). */
const VALUE_KEYS = new Set([
	'identifier_value',
	'identifier_values',
	'value',
	'values',
	'email',
	'customer_id',
	'identifier',
	'user',
	'users',
]);

/**
 * The call's values an `errors` entry names: a value equal to one under a field that holds
 * identifiers (or bare in the list), or a text that is not only digits anywhere. A number or a
 * text of digits under another field may be a row or a code: `{ "row": 2 }` and `{ "row": "2" }` do
 * not name the value "2".
 */
function valuesNamed(entry: unknown, values: Set<string>): string[] {
	const found = new Set<string>();
	const visit = (v: unknown, depth: number, key: string | undefined) => {
		const identifierField = key === undefined || VALUE_KEYS.has(key);
		const named =
			(typeof v === 'string' || typeof v === 'number') &&
			(identifierField || (typeof v === 'string' && !/^\d+$/.test(v)));
		if (named && values.has(String(v))) found.add(String(v));
		else if (Array.isArray(v) && depth < 2) v.forEach((x) => visit(x, depth + 1, key));
		else if (v && typeof v === 'object' && depth < 2) {
			for (const [k, x] of Object.entries(v as IDataObject)) visit(x, depth + 1, k);
		}
	};
	visit(entry, 0, undefined);
	return [...found];
}

/**
 * A 2xx answer to a bulk call, `{ "status": "ok", "errors": [] }`. The element shape of `errors` is
 * not documented, so an entry is placed by the values it names (any field or list element equal to
 * a value of the call); an entry that names none of them cannot be placed, and then no value of the
 * call can be shown to be done: all fail (the bulk rule of helpers/bulkAnswer.ts). A `status` other
 * than ok, or `errors` that is not a list, fails the call likewise.
 */
export const bulkSettle =
	(action: Action, asyncMode: boolean) =>
	(body: IDataObject, records: IDataObject[]): Settled[] => {
		const done = asyncMode ? 'accepted' : DONE[action];
		const list = `list ${String(records[0]?.list_id)}`;
		const whole = (reason: string) =>
			records.map(
				() =>
					new Rejection(
						reason,
						'The answer does not show this value as done. Check the list in Blueshift; adding or removing it again is safe.',
						body,
					),
			);
		if (Array.isArray(body) || !body || typeof body !== 'object') {
			return whole(
				`Blueshift's answer for ${list} is not the documented { status, errors }, so no value of the call can be shown as done`,
			);
		}
		const status = body.status;
		const own = (key: string) => Object.prototype.hasOwnProperty.call(body, key);
		if (!own('status') && !own('errors')) {
			return whole(
				`Blueshift's answer for ${list} is not the documented { status, errors } (it said: ${said(body)}), so no value of the call can be shown as done`,
			);
		}
		if (body.success === false || present(body.error)) {
			return whole(`Blueshift's answer for ${list} reports a failure (it said: ${said(body)})`);
		}
		if (present(status) && String(status).toLowerCase() !== 'ok') {
			return whole(
				`Blueshift answered status "${String(status).slice(0, 80)}" for ${list}: ${saidBy(body.errors ?? body)}`,
			);
		}
		const errors = body.errors;
		const empty =
			!present(errors) ||
			(Array.isArray(errors) && errors.length === 0) ||
			(typeof errors === 'object' &&
				!Array.isArray(errors) &&
				Object.keys(errors as IDataObject).length === 0);
		if (empty) return records.map((record) => output(record, done));
		if (!Array.isArray(errors)) {
			return whole(
				`Blueshift's answer for ${list} reports errors without saying which value they belong to (${saidBy(errors)}), so this value cannot be shown as done`,
			);
		}
		const values = new Set(records.map((r) => String(r.identifier_value)));
		const refused = new Map<string, { reason: string; entry: IDataObject }>();
		let unplaced = 0;
		for (const entry of errors) {
			const named = valuesNamed(entry, values);
			if (named.length === 0) {
				unplaced++;
				continue;
			}
			const said = saidBy(entry) || 'no reason given';
			for (const value of named) {
				if (!refused.has(value)) {
					refused.set(value, {
						reason: `Blueshift refused ${value} for ${list}: ${said}`,
						entry: (entry && typeof entry === 'object' ? entry : { error: entry }) as IDataObject,
					});
				}
			}
		}
		return records.map((record) => {
			const hit = refused.get(String(record.identifier_value));
			if (hit) {
				return new Rejection(
					hit.reason,
					"Fix the value (it must be of the list's identifier type) and run the item again; the other values of the call were done.",
					hit.entry,
				);
			}
			if (unplaced > 0) {
				return new Rejection(
					`Blueshift reported ${unplaced} error(s) in this bulk call for ${list} that name no value of the call, so this value cannot be shown as done`,
					'Check the list in Blueshift; adding or removing the value again is safe.',
					{ errors } as IDataObject,
				);
			}
			return output(record, done);
		});
	};

/** Add Customer / Remove Customer: one call per item. */
export const singleOperation = (action: Action): Operation => ({
	family: 'customLists',
	rate: { option: 'callsPerSecond', default: LIST_CALLS_PER_SECOND },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	// the page documents 200 "OK" with no body: the status is the answer
	statusIsAnswer: true,
	build: listBuilder,
	request: ([record]) => ({
		method: 'PUT',
		path: `/api/v1/custom_user_lists/${SINGLE_PATH[action]}/${String(record.list_id)}`,
		body: { identifier_key: record.identifier_key, identifier_value: record.identifier_value },
	}),
	settle: singleSettle(action),
	failure: listFailure(action, false, false),
});

/** Add Customers / Remove Customers: the bulk endpoints, sync (25) or async (500). */
export const bulkOperation = (action: Action, asyncMode: boolean): Operation => {
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
		request: (records) => ({
			method: 'PUT',
			path: `/api/v1/custom_user_lists/${BULK_PATH[action]}/${String(records[0].list_id)}`,
			body: {
				identifier_key: records[0].identifier_key,
				identifier_values: records.map((r) => r.identifier_value),
			},
			...(asyncMode ? { qs: { async: true } } : {}),
		}),
		settle: bulkSettle(action, asyncMode),
		failure: listFailure(action, true, asyncMode),
	};
};

/** Whether the node's Async option is on. */
export function asyncOption(ctx: IExecuteFunctions): boolean {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return options.async === true;
}
