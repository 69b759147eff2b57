import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation, Settled } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { run } from '../../helpers/runner';
import { jsonBytes } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { alreadyHandled, refusedEntry, sent, triggerFailure } from './answer';
import {
	BULK_TRIGGER_CALLS_PER_SECOND,
	BULK_TRIGGER_DEFAULT,
	BULK_TRIGGER_MAX,
	campaignFields,
	RETRY_NOTE,
	show,
} from './fields';
import { triggerBuilder } from './record';

const operation = ['triggerBulk'];

/** The per-entry list of a bulk answer: documented as a bare array; tolerant of one wrapped in an object. */
function entriesOf(body: unknown): unknown[] | undefined {
	if (Array.isArray(body)) return body;
	if (!body || typeof body !== 'object') return undefined;
	for (const key of ['results', 'responses', 'payloads', 'data']) {
		const value = (body as IDataObject)[key];
		if (Array.isArray(value)) return value;
	}
	return undefined;
}

/**
 * The bulk answer: an array of `{ "success": bool }`, one per payload. The pages only presume they
 * are in order, so an entry is placed:
 * - by its `transaction_uuid` when every entry carries one (each record has its own);
 * - otherwise by position, when the answer has exactly one entry per payload and no entry names
 *   another record's transaction_uuid.
 * When the entries cannot be placed, no trigger of the call can be shown as sent: every one fails
 * (as in helpers/bulkAnswer.ts). A placed entry counts as sent only with `success: true`.
 */
export function settleBulk(body: IDataObject, records: IDataObject[]): Settled[] {
	const entries = entriesOf(body);
	const unplaceable = (why: string) =>
		records.map(
			(record) =>
				new Rejection(
					`Blueshift's bulk answer ${why}, so this trigger cannot be shown as sent`,
					`It may or may not have been sent. Running the item again is safe only with the same Transaction UUID (${String(record.transaction_uuid)}): map a business key into Transaction UUID to keep it across runs.`,
					{ answer: body } as IDataObject,
				),
		);
	if (!entries) return unplaceable('lists no result per payload');
	const objects = entries.map((e) =>
		e && typeof e === 'object' && !Array.isArray(e) ? (e as IDataObject) : undefined,
	);
	const keyed = objects.every((e) => e && typeof e.transaction_uuid === 'string');
	let placed: Array<IDataObject | undefined>;
	if (keyed && entries.length > 0) {
		const byKey = new Map<string, IDataObject>();
		for (const e of objects as IDataObject[]) {
			const key = String(e.transaction_uuid);
			if (byKey.has(key)) return unplaceable('lists the same transaction_uuid twice');
			byKey.set(key, e);
		}
		placed = records.map((r) => byKey.get(String(r.transaction_uuid)));
		if (byKey.size > records.filter((r) => byKey.has(String(r.transaction_uuid))).length) {
			return unplaceable('lists a transaction_uuid that is not in the call');
		}
	} else {
		if (entries.length !== records.length) {
			return unplaceable(`has ${entries.length} result(s) for ${records.length} payload(s)`);
		}
		const mismatch = objects.some(
			(e, k) =>
				e && e.transaction_uuid !== undefined && e.transaction_uuid !== records[k].transaction_uuid,
		);
		if (mismatch) return unplaceable('lists its results in another order than the payloads');
		placed = objects;
	}
	return records.map((record, k) => {
		const entry = placed[k];
		if (!entry) {
			return new Rejection(
				`Blueshift's bulk answer has no result for this trigger (transaction_uuid ${String(record.transaction_uuid)}), so it cannot be shown as sent`,
				'It may or may not have been sent. Running the item again with the same Transaction UUID is safe.',
				{ answer: body } as IDataObject,
			);
		}
		if (entry.success === true || alreadyHandled(entry)) return sent(record, entry);
		if (entry.success === false) return refusedEntry(entry, record);
		return new Rejection(
			`Blueshift's bulk answer does not say whether this trigger succeeded (${JSON.stringify(entry).slice(0, 200)})`,
			'It may or may not have been sent. Running the item again with the same Transaction UUID is safe.',
			entry,
		);
	});
}

/** POST /api/v1/campaigns/bulk_execute with `{ payloads }`, Batch Size triggers per call. */
export const triggerBulk: Operation = {
	family: 'campaignsBulk',
	rate: { option: 'bulkCallsPerSecond', default: BULK_TRIGGER_CALLS_PER_SECOND },
	batch: {
		max: BULK_TRIGGER_MAX,
		defaultSize: BULK_TRIGGER_DEFAULT,
		envelopeBytes: jsonBytes({ payloads: [] }),
		splitOn413: true,
	},
	retryOn: DEFAULT_RETRY_ON,
	build: triggerBuilder,
	// the key this item's call carries (transactionUuid.ts): the same in a dry run as in a real one
	dryRunShows: (record) => ({ transaction_uuid: record.transaction_uuid }),
	request: (records) => ({
		method: 'POST',
		path: '/api/v1/campaigns/bulk_execute',
		body: { payloads: records },
	}),
	settle: settleBulk,
	failure: triggerFailure,
};

export const description: INodeProperties[] = [
	...campaignFields(operation),
	optionsField(show(operation), triggerBulk, {
		rate: 'Pace of bulk trigger calls. Blueshift documents no rate for them; every execution on the same account shares it.',
		batch:
			'Triggers per bulk call. Blueshift documents no maximum; a call it refuses as too large (413) is split in halves.',
		retryNote: RETRY_NOTE,
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, triggerBulk);
}
