import type { IDataObject } from 'n8n-workflow';

import type { Settled } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import type { ApiFailure } from '../../../shared/transport';
import { saidBy, type Action } from './common';
import { ASYNC_MAX, SYNC_MAX } from './fields';

/** The reason an item gives, and what the user can do. */
type Reading = [reason: string, description: string];

/** What a refusal (400 or 422) of a list call means. */
function refusal(
	action: Action,
	bulk: boolean,
	asyncMode: boolean,
	answer: ApiFailure,
	records: IDataObject[],
	said: string,
): Reading {
	const [first] = records;
	const list = `list ${String(first.list_id)}`;
	const key = String(first.identifier_key);
	if (bulk && asyncMode && action === 'remove') {
		return [
			`Blueshift refused the asynchronous bulk remove from ${list} (${answer.status}: ${said})`,
			"An older version of Blueshift's page documents bulk remove without the async option: turn the Async option off (25 values per call) and run the items again. Otherwise check that Identifier Key matches the list's source type.",
		];
	}
	if (bulk && answer.status === 422) {
		return [
			`Blueshift refused the bulk call for ${list} (422: ${said})`,
			'Blueshift does not support its bulk list endpoints for older lists: use the single-customer operation (one call per item) for this list.',
		];
	}
	return [
		`Blueshift refused ${records.length > 1 ? 'the values' : `"${String(first.identifier_value)}"`} with identifier_key "${key}" for ${list} (${answer.status}: ${said}): the key must match the source type the list was created with, and each value must be a valid ${key}`,
		`A list built on emails takes Identifier Key "email", one built on customer IDs takes "customer_id". Check the list in Blueshift, set the matching key and value, and run the item again.`,
	];
}

/**
 * A failed answer, read for what it means for a list call; undefined leaves the runner's reading
 * (network failures, 401, 403, 429, 5xx).
 */
export function listFailure(action: Action, bulk: boolean, asyncMode: boolean) {
	return (answer: ApiFailure, records: IDataObject[]): Settled[] | undefined => {
		const { status } = answer;
		const list = `list ${String(records[0].list_id)}`;
		const said = saidBy(answer.body) || answer.message;
		const tries = answer.attempts > 1 ? ` (after ${answer.attempts} attempts)` : '';
		let reading: Reading | undefined;
		if (status === 400 || status === 422) {
			reading = refusal(action, bulk, asyncMode, answer, records, said);
		} else if (status === 404) {
			reading = [
				bulk
					? `Blueshift did not find ${list} (404: ${said}): the list does not exist or has been deleted`
					: `Blueshift answered 404 for ${list}${tries} (${said}): the list does not exist, or it stayed locked through every retry`,
				"Check the List ID (the number in the list's URL in Blueshift) and run the item again.",
			];
		} else if (status === 413) {
			reading = [
				`Blueshift refused the call as too large for ${list} (413: ${said})`,
				`Lower the Batch Size option: Blueshift takes at most ${SYNC_MAX} values per call, or ${ASYNC_MAX} with Async on.`,
			];
		}
		if (!reading) return undefined;
		const [reason, description] = reading;
		return records.map(
			() => new Rejection(reason, description, { status, ...(answer.body ?? {}) } as IDataObject),
		);
	};
}
