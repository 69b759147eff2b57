import type { IDataObject } from 'n8n-workflow';

import { apiMessageOf } from '../../shared/transport';
import { reportsFailure, said } from './answer';

/**
 * THE BULK MATCHING RULE: which records of a bulk call a 2xx answer shows as failed.
 * (docs/customer.md, "The bulk matching rule", states the same rule.)
 *
 * Blueshift's bulk create/update answers 200 and lists the records it refused: `errors[k]` is the
 * reason for `customers[k]`, an echo of the refused record (the page's example echoes
 * `{ "lastname": "Williams", "customer_id": null }` for a record sent without identifier).
 *
 * 0. The answer must be the documented object: it holds `errors` or `customers`, and it does not
 *    report a failure of its own (`success: false`, an `error`, a failing `status`). Any other 2xx
 *    shows no record as saved: every record of the call fails, saying what came back.
 * 1. `errors` absent, null, or empty (a list or an object with nothing in it): every record is saved.
 * 2. `errors` present but not a list (an object such as `{ "email": ["is invalid"] }`, the shape of
 *    Blueshift's 400 bodies, or a string): something failed and the answer does not say which
 *    record, so every record of the call fails.
 * 3. `errors` a list: entry k's echo `customers[k]` fits a record of the call
 *    - by the echo's first identifier present (email, customer_id, uuid; null or "" is absent):
 *      the records whose same field holds the same value (emails compared without case, since
 *      Blueshift may echo an email lower-cased);
 *    - when the echo has no identifier: the records in which every non-null field of the echo is
 *      present and deeply equal;
 *    - an echo that is missing or holds no usable field fits no record. Where `customers[k]` is
 *      missing, an entry that names identifiers itself (in its `customer` object, or in the entry)
 *      fits the records that hold every identifier it names: the page shows the echo beside the
 *      entry, but a server that names the record inside the entry says the same.
 *    Every record an entry fits fails with that entry's reason; when several fit (the same
 *    identifier twice in one call) all of them fail, since the answer cannot tell them apart. Two
 *    entries may name the same record: it fails once.
 * 4. When any entry fits no record, the answer reports a failure that cannot be placed, so no record
 *    of the call can be shown to be saved: every record not already failed fails too.
 * 5. Every other record is saved.
 *
 * It never calls a record saved that the answer does not show as saved (2, 4), and never fails a
 * record that the answer shows as saved (a record fails only when an entry fits it, or when the
 * answer cannot be placed at all).
 */

const IDENTIFIERS = ['email', 'customer_id', 'uuid'] as const;

export interface BulkFailure {
	reason: string;
	/** The answer's entry for this record, or the whole `errors` when it could not be placed. */
	apiError: IDataObject;
	/** Set when the answer as a whole could not be read (rule 0): what the user can do then. */
	description?: string;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Scalars compare as text (Blueshift may echo 123 for "123"); objects and lists by content. */
function sameValue(a: unknown, b: unknown): boolean {
	if (a === null || typeof a !== 'object') {
		return b !== null && typeof b !== 'object' && b !== undefined && String(a) === String(b);
	}
	return b !== null && typeof b === 'object' && canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as IDataObject)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/** Whether `record` holds the identifier `id` as `named` gives it (emails without case, rule 3). */
function holdsIdentifier(
	record: IDataObject,
	id: (typeof IDENTIFIERS)[number],
	named: IDataObject,
): boolean {
	return id === 'email'
		? typeof record.email === 'string' &&
				String(named.email).toLowerCase() === record.email.toLowerCase()
		: sameValue(named[id], record[id]);
}

/** The positions in `records` that the echoed record fits (rule 3). */
function fitting(echo: unknown, records: IDataObject[]): number[] {
	if (!echo || typeof echo !== 'object' || Array.isArray(echo)) return [];
	const e = echo as IDataObject;
	const key = IDENTIFIERS.find((id) => present(e[id]));
	const fields = Object.entries(e).filter(([, v]) => v !== null && v !== undefined);
	if (!key && fields.length === 0) return [];
	const fits = (record: IDataObject) =>
		key
			? holdsIdentifier(record, key, e)
			: fields.every(
					([field, v]) =>
						Object.prototype.hasOwnProperty.call(record, field) && sameValue(v, record[field]),
				);
	return records.flatMap((record, position) => (fits(record) ? [position] : []));
}

/**
 * The positions an entry with no echo beside it names itself (rule 3): by the identifiers in its
 * `customer` object, or in the entry; a record fits when it holds every identifier named (emails
 * without case). None named: no record.
 */
function fittingNamed(entry: unknown, records: IDataObject[]): number[] {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return [];
	const e = entry as IDataObject;
	const inner =
		e.customer && typeof e.customer === 'object' && !Array.isArray(e.customer)
			? (e.customer as IDataObject)
			: e;
	const named = IDENTIFIERS.filter((id) => present(inner[id]));
	if (named.length === 0) return [];
	return records.flatMap((record, position) =>
		named.every((id) => holdsIdentifier(record, id, inner)) ? [position] : [],
	);
}

function isEmpty(errors: unknown): boolean {
	if (errors === undefined || errors === null || errors === '') return true;
	if (Array.isArray(errors)) return errors.length === 0;
	return typeof errors === 'object' && Object.keys(errors).length === 0;
}

/** What Blueshift said about one record, in a line. */
function reasonOf(entry: unknown): string {
	const e = (entry && typeof entry === 'object' ? entry : {}) as IDataObject;
	const data = e.error_data ?? e.errors ?? e.error ?? e.message ?? entry;
	const text =
		data && typeof data === 'object' && !Array.isArray(data)
			? apiMessageOf({ errors: data }).text
			: typeof data === 'string'
				? data
				: JSON.stringify(data);
	return `Blueshift refused the record in its bulk answer${typeof e.status === 'number' || typeof e.status === 'string' ? ` (status ${String(e.status)})` : ''}: ${text}`;
}

/** Applies the rule to one call's records and the 2xx answer's body; failed positions only. */
export function failedRecords(
	records: IDataObject[],
	body: IDataObject,
	{ errorsKey = 'errors', echoKey = 'customers' } = {},
): Map<number, BulkFailure> {
	const failed = new Map<number, BulkFailure>();
	const own = (key: string) => Object.prototype.hasOwnProperty.call(body, key);
	const failure = reportsFailure(body, { status: 'named', errors: false });
	if (failure || (!own(errorsKey) && !own(echoKey))) {
		const reason = failure
			? `Blueshift's bulk answer reports a failure (it said: ${said(body)}), so no record of the call can be shown to be saved`
			: `Blueshift's bulk answer is not the documented { ${echoKey}, ${errorsKey} } (it said: ${said(body)}), so no record of the call can be shown to be saved`;
		const description =
			'Check the customers in Blueshift, or run the items again: a repeated create or update leaves a customer as one would.';
		records.forEach((_, position) =>
			failed.set(position, { reason, apiError: { answer: body }, description }),
		);
		return failed;
	}
	const errors = body[errorsKey];
	if (isEmpty(errors)) return failed;
	if (!Array.isArray(errors)) {
		const said =
			typeof errors === 'string' ? errors : apiMessageOf({ errors }).text || JSON.stringify(errors);
		records.forEach((_, position) =>
			failed.set(position, {
				reason: `Blueshift's bulk answer reports errors without saying which record they belong to (${said.slice(0, 300)}), so this record cannot be shown to be saved`,
				apiError: { errors } as IDataObject,
			}),
		);
		return failed;
	}
	const echoes = Array.isArray(body[echoKey]) ? (body[echoKey] as unknown[]) : [];
	let unplaced = 0;
	errors.forEach((entry, k) => {
		const echo = echoes[k];
		const positions =
			echo === undefined || echo === null ? fittingNamed(entry, records) : fitting(echo, records);
		if (positions.length === 0) {
			unplaced++;
			return;
		}
		const note =
			positions.length > 1
				? ' (this identifier is in the same bulk call more than once, so each of those records is reported)'
				: '';
		const apiError = (entry && typeof entry === 'object' ? entry : { error: entry }) as IDataObject;
		for (const position of positions) {
			if (!failed.has(position)) failed.set(position, { reason: reasonOf(entry) + note, apiError });
		}
	});
	if (unplaced > 0) {
		records.forEach((_, position) => {
			if (failed.has(position)) return;
			failed.set(position, {
				reason: `Blueshift reported ${unplaced} failed record(s) in this bulk call that match no input item, so this record cannot be shown to be saved`,
				apiError: { errors: errors as IDataObject[] },
			});
		});
	}
	return failed;
}
