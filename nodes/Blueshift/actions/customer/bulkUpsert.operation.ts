import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ItemFailure, Results } from '../../helpers/outcome';
import { cancelledError, openTransport, readOptions, validateAll } from '../../helpers/run';
import { apiMessageOf, type ApiAnswer } from '../../transport';
import { pause } from '../../transport/pacer';
import { optionsField, recordFields } from './fields';
import { customerBuilder } from './record';
import { jsonBytes, MAX_PAYLOAD_BYTES, withinPayload } from '../../helpers/validation';

const operation = ['bulkUpsert'];

export const description: INodeProperties[] = [
	...recordFields(operation),
	optionsField(operation, true),
];

/** Blueshift takes at most this many customers per bulk call (413 beyond). */
export const MAX_BATCH = 50;

export interface Rejection {
	reason: string;
	/** The API's entry of `errors` for this record. */
	error: IDataObject;
}

interface Chunk {
	number: number;
	items: number[];
	records: IDataObject[];
	/** The body's size as JSON: `{"customers":[` + records and commas + `]}`. */
	bytes: number;
}

const ENVELOPE_BYTES = jsonBytes({ customers: [] });

const IDENTIFIERS = ['email', 'customer_id', 'uuid'] as const;
const same = (a: unknown, b: unknown) =>
	a !== undefined && a !== null && a !== '' && b !== undefined && String(a) === String(b);

/**
 * Which records of a chunk Blueshift rejected in a 200 answer, by position in the chunk.
 *
 * The rule: the answer's `errors[k]` is about the record `customers[k]` that Blueshift echoes back.
 * That record is matched to the chunk by its first identifier that is present, in the order email,
 * customer_id, uuid; a record that echoes no identifier is matched by all of its non-null fields.
 * A match is never guessed: when several records of the chunk fit (the same identifier twice),
 * all of them are reported as failed, and when a reported failure fits no record, every record of
 * the chunk not already matched is reported as failed, since none of them can be shown to be saved.
 */
export function rejectedRecords(chunk: IDataObject[], body: IDataObject): Map<number, Rejection> {
	const rejected = new Map<number, Rejection>();
	const errors = Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
	const echoed = Array.isArray(body.customers) ? (body.customers as unknown[]) : [];
	let unmatched = 0;
	errors.forEach((error, k) => {
		const reason = reasonOf(error);
		const entry = (error && typeof error === 'object' ? error : { error }) as IDataObject;
		const echo = (echoed[k] ?? {}) as IDataObject;
		const key = IDENTIFIERS.find((id) => same(echo[id], echo[id]));
		const fits = (record: IDataObject) =>
			key
				? same(echo[key], record[key])
				: Object.entries(echo).every(([f, v]) => v === null || same(v, record[f]) || v === record[f]);
		const candidates = chunk
			.map((record, position) => ({ record, position }))
			.filter(({ record, position }) => !rejected.has(position) && Object.keys(echo).length > 0 && fits(record));
		if (candidates.length === 0) unmatched++;
		const note = candidates.length > 1 ? ' (the same identifier is in this chunk more than once)' : '';
		for (const { position } of candidates) rejected.set(position, { reason: reason + note, error: entry });
	});
	if (unmatched > 0) {
		chunk.forEach((_, position) => {
			if (!rejected.has(position)) {
				rejected.set(position, {
					reason: `Blueshift reported ${unmatched} failed record(s) in this bulk call that match no input item, so this item cannot be shown to be saved`,
					error: { errors: errors as IDataObject[] },
				});
			}
		});
	}
	return rejected;
}

function reasonOf(error: unknown): string {
	const e = (error ?? {}) as IDataObject;
	const data = e.error_data ?? e.errors ?? e.message;
	const text =
		data && typeof data === 'object'
			? apiMessageOf({ errors: data }).text
			: typeof data === 'string'
				? data
				: JSON.stringify(error);
	return `Blueshift rejected the record in its bulk call${e.status ? ` (status ${String(e.status)})` : ''}: ${text}`;
}

/**
 * POST /api/v1/customers/bulk with the valid items in chunks of at most Batch Size; each item's
 * output is its record as sent, or the reason Blueshift gave for it.
 */
export async function execute(this: IExecuteFunctions) {
	const count = this.getInputData().length;
	const results = new Results(this, count);
	const { options, transport: transportOptions } = readOptions(this, 'bulkCallsPerSecond', 5);
	const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.floor(Number(options.batchSize ?? MAX_BATCH)) || MAX_BATCH));
	const build = withinPayload(customerBuilder(this), ENVELOPE_BYTES);
	const prepared = results.continueOnFail ? [] : validateAll(results, count, build);
	const transport = await openTransport(this, results, count, transportOptions);
	if (!transport) return results.output();

	let answered = 0;
	const settle = (chunk: Chunk) => (answer: ApiAnswer) => {
		const context = {
			chunk: { number: chunk.number, size: chunk.items.length, items: chunk.items },
		};
		if (answer.ok || answer.status !== undefined) answered += chunk.items.length;
		if (!answer.ok) {
			for (const i of chunk.items) results.fail(ItemFailure.fromApi(i, answer, context));
			return;
		}
		const rejected = rejectedRecords(chunk.records, answer.body);
		chunk.items.forEach((i, position) => {
			const rejection = rejected.get(position);
			if (rejection === undefined) results.succeed(i, chunk.records[position]);
			else results.fail(ItemFailure.rejectedInBulk(i, rejection.reason, rejection.error, context));
		});
	};

	const pending: Array<Promise<void>> = [];
	let chunk: Chunk = { number: 1, items: [], records: [], bytes: ENVELOPE_BYTES };
	const send = () => {
		const sent = chunk;
		pending.push(transport.request('POST', '/api/v1/customers/bulk', { customers: sent.records }).then(settle(sent)));
		chunk = { number: sent.number + 1, items: [], records: [], bytes: ENVELOPE_BYTES };
	};
	for (let i = 0; i < count && !results.stopped && !transport.cancelled; i++) {
		const v = prepared[i] ?? build(i);
		if (!v.ok) {
			results.fail(ItemFailure.invalidInput(i, v.field, v.message));
			continue;
		}
		const bytes = v.bytes ?? jsonBytes(v.record);
		// a chunk is sent when it is full, or when this record would take it past the payload limit
		if (chunk.items.length > 0 && chunk.bytes + bytes + 1 > MAX_PAYLOAD_BYTES) send();
		chunk.items.push(i);
		chunk.records.push(v.record);
		chunk.bytes += bytes + (chunk.items.length > 1 ? 1 : 0);
		if (chunk.items.length === batchSize) {
			send();
			await pause(0);
		}
	}
	if (chunk.items.length > 0 && !results.stopped && !transport.cancelled) send();
	await Promise.all(pending);
	if (transport.cancelled) throw cancelledError(this, answered, count);
	return results.output();
}
