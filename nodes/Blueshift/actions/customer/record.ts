import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldRecord } from '../../helpers/attributes';
import { reservedKeyIn, reservedKeyRule } from '../../helpers/inputKeys';
import { asText, ParameterReader } from '../../helpers/parameters';
import { customerSchema, STANDARD_FIELDS } from '../../helpers/rules';
import { invalid, validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';

/**
 * What the customer operations build their records from: the customer record of Create or Update
 * and Bulk Create or Update (from the fields or the item itself), the identifiers most other
 * operations send, and the per-item choices that travel beside a record without being sent.
 * Nothing here sends; a bad item comes back as `{ ok: false }` naming the field and the rule.
 */

/** A date field may come from an expression as a Luxon DateTime or a JS Date. */
export function asDate(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	const luxon = value as { toISO?: () => string } | null;
	if (luxon && typeof luxon === 'object' && typeof luxon.toISO === 'function') return luxon.toISO();
	return asText(value);
}

/** The Email and Customer ID fields of item i, as `{ email, customer_id }` (empty ones included). */
export function identifiers(params: ParameterReader, i: number): IDataObject {
	return {
		email: asText(params.get('email', i)),
		customer_id: asText(params.get('customerId', i)),
	} as IDataObject;
}

/** The Additional Fields collection: UI name -> Blueshift name and how to read it. */
const ADDITIONAL: Record<string, [string, (value: unknown) => unknown]> = {
	firstname: ['firstname', asText],
	lastname: ['lastname', asText],
	gender: ['gender', asText],
	phoneNumber: ['phone_number', asText],
	joinedAt: ['joined_at', asDate],
};

function fromFields(params: ParameterReader, i: number): Validated {
	const fields = identifiers(params, i);
	for (const key of params.keysOf('additionalFields')) {
		const known = ADDITIONAL[key];
		if (known) {
			fields[known[0]] = known[1](params.get(`additionalFields.${key}`, i)) as IDataObject[string];
		}
	}
	const built = fieldRecord(params, i, fields, {
		parameter: 'customAttributes',
		label: 'Custom attribute',
		owned: STANDARD_FIELDS,
		clash: (key) =>
			`Custom attribute "${key}" collides with the standard field ${key}: set it in its own field`,
	});
	return built.ok ? validateRecord(customerSchema, built.record) : built;
}

function fromInput(ctx: IExecuteFunctions, i: number): Validated {
	const json = ctx.getInputData()[i]?.json ?? {};
	// before anything reads or copies it: an own __proto__ key would become the copy's prototype
	const reserved = reservedKeyIn(json);
	if (reserved !== undefined) return invalid(reserved, reservedKeyRule('The input item', reserved));
	return validateRecord(customerSchema, withoutEmpty(json));
}

/** Builds the customer record of item i for Create or Update and Bulk Create or Update, in either data mode. */
export function customerBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) =>
		params.get('dataMode', i, 'defineBelow') === 'autoMapInputData'
			? fromInput(ctx, i)
			: fromFields(params, i);
}

/** Per-item choices that travel beside a record without being sent in its body. */
export interface Choices {
	bestMatchOnly?: boolean;
	deleteAllMatching?: boolean;
}

const chosen = new WeakMap<IDataObject, Choices>();

/** The choices made for a record when it was built (none for a record this file did not build). */
export const choicesOf = (record: IDataObject): Choices => chosen.get(record) ?? {};

/** A built record with the choices made for it (Best Match Only, Delete All Matching). */
export function withChoices(v: Validated, choices: Choices): Validated {
	if (v.ok) chosen.set(v.record, choices);
	return v;
}

/** A boolean option as given, or from an expression ("true"/"false" text counts as well). */
export function asBoolean(value: unknown): boolean {
	if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
	return value === true;
}
