import type { IDataObject } from 'n8n-workflow';

import { reportsFailure, said } from '../../helpers/answer';
import type { Settled } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { DONE, output, saidBy, type Action } from './common';

/**
 * How a 2xx answer to a list call reads, record by record: a single call's page declares no body,
 * the bulk pages `{ "status": "ok", "errors": [] }`.
 */

/** A 2xx answer to a single call: done, unless its body reports a failure (helpers/answer.ts). */
export const singleSettle =
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
 * call can be shown to be done: all fail (as the bulk rule of helpers/bulkAnswer.ts does). A `status` other
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
