import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { reservedKeyIn, reservedKeyRule } from '../../helpers/inputKeys';
import { asText, ParameterReader } from '../../helpers/parameters';
import {
	customerSchema,
	failedRead,
	invalid,
	identifiersSchema,
	RESERVED_NAMES,
	reservedNameRule,
	STANDARD_FIELDS,
	validateRecord,
	withoutEmpty,
	type Validated,
} from '../../helpers/validation';

/**
 * Builds the payload for one input item from the node's fields and validates it. Nothing here sends;
 * a bad item comes back as `{ ok: false }` naming the field and the rule.
 */

/** A date field may come from an expression as a Luxon DateTime or a JS Date. */
function asDate(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	const luxon = value as { toISO?: () => string } | null;
	if (luxon && typeof luxon === 'object' && typeof luxon.toISO === 'function') return luxon.toISO();
	return asText(value);
}

function identifiers(params: ParameterReader, i: number): IDataObject {
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
		if (known)
			fields[known[0]] = known[1](params.get(`additionalFields.${key}`, i)) as IDataObject[string];
	}
	const record = withoutEmpty(fields);

	const groups = params.subscriptionGroups(i);
	if (groups) record.subscription_groups = groups;

	const attributes = Array.from(
		{ length: params.lengthOf('customAttributes.attributes') },
		(_, n) => ({
			name: params.get(`customAttributes.attributes[${n}].name`, i),
			value: params.get(`customAttributes.attributes[${n}].value`, i),
		}),
	);
	for (const [n, { name, value }] of attributes.entries()) {
		const key = typeof name === 'string' ? name.trim() : '';
		const field = `customAttributes[${n}].name`;
		const empty = value === undefined || value === null || value === '';
		if (!key && empty) continue;
		if (!key) return invalid(field, `Custom attribute ${n + 1} has a value but no name`);
		if (RESERVED_NAMES.has(key)) return invalid(field, reservedNameRule('Custom attribute', key));
		if ((STANDARD_FIELDS as readonly string[]).includes(key)) {
			return invalid(
				field,
				`Custom attribute "${key}" collides with the standard field ${key}: set it in its own field`,
			);
		}
		if (Object.prototype.hasOwnProperty.call(record, key)) {
			return invalid(field, `Custom attribute "${key}" is given twice`);
		}
		if (!empty) record[key] = value as IDataObject[string];
	}
	return validateRecord(customerSchema, record);
}

function fromInput(ctx: IExecuteFunctions, i: number): Validated {
	const json = ctx.getInputData()[i]?.json ?? {};
	// before anything reads or copies it: an own __proto__ key would become the copy's prototype
	const reserved = reservedKeyIn(json);
	if (reserved !== undefined) return invalid(reserved, reservedKeyRule('The input item', reserved));
	return validateRecord(customerSchema, withoutEmpty(json));
}

/** An expression that fails to resolve is a bad input for that item, not a crash of the node. */
function guarded(build: (i: number) => Validated): (i: number) => Validated {
	return (i) => {
		try {
			return build(i);
		} catch (error) {
			return failedRead(error);
		}
	};
}

/** Builds the customer record of item i for Upsert Customer and Bulk Upsert, in either data mode. */
export function customerBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return guarded((i) =>
		params.get('dataMode', i, 'defineBelow') === 'autoMapInputData'
			? fromInput(ctx, i)
			: fromFields(params, i),
	);
}

/** Builds the body of item i for Start Tracking: the identifiers only. */
export function identifiersBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return guarded((i) => validateRecord(identifiersSchema, withoutEmpty(identifiers(params, i))));
}

/*
 * Get, Search, Stop Tracking and Delete. Their records are what the call carries: the uuid (Get,
 * in the path), the email (Search, in the query string), the identifiers (Stop Tracking, Delete,
 * the JSON body). Per-item choices that are not part of the body (Best Match Only, Delete All
 * Matching) ride beside the record in `choices`, read by the operation's request and settle.
 */

/** Blueshift's customer uuid as every page and example shows it: a UUID in the 8-4-4-4-12 form. */
export const CUSTOMER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emailRule = identifiersSchema.innerType().shape.email;
const customerIdRule = identifiersSchema.innerType().shape.customer_id;
const someText = () =>
	z.union([z.string().min(1, 'must not be empty'), z.number().finite()], {
		errorMap: () => ({ message: 'must be text or a number' }),
	});

export const uuidSchema = z.object({
	uuid: z
		.string({
			required_error: "is required: Blueshift's customer uuid",
			invalid_type_error: 'must be text',
		})
		.regex(
			CUSTOMER_UUID,
			"must be Blueshift's customer uuid, like a7e3c9d0-52b1-4f8e-9d6a-0c4b2e7f1a93 (your own customer_id is not accepted here: find the uuid with Search by email)",
		),
});

export const searchSchema = z.object({ email: emailRule.unwrap() });

const FORGET_IDENTIFIERS = ['email', 'customer_id', 'cookie', 'device_id'] as const;

/** Stop Tracking: any of the four identifiers the current forget page lists (INDEX conflict 3). */
export const forgetSchema = z
	.object({
		email: emailRule,
		customer_id: customerIdRule,
		cookie: someText().optional(),
		device_id: someText().optional(),
	})
	.refine((record) => FORGET_IDENTIFIERS.some((key) => record[key] !== undefined), {
		message:
			'An identifier is required: give at least one of email, customer_id, cookie, device_id',
		path: ['email'],
		params: { whole: true },
	});

/** Per-item choices that travel beside a record without being sent in its body. */
export interface Choices {
	bestMatchOnly?: boolean;
	deleteAllMatching?: boolean;
}

const chosen = new WeakMap<IDataObject, Choices>();

/** The choices made for a record when it was built (none for a record this file did not build). */
export const choicesOf = (record: IDataObject): Choices => chosen.get(record) ?? {};

function withChoices(v: Validated, choices: Choices): Validated {
	if (v.ok) chosen.set(v.record, choices);
	return v;
}

/** A boolean option as given, or from an expression ("true"/"false" text counts as well). */
function asBoolean(value: unknown): boolean {
	if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
	return value === true;
}

/** Get: `{ uuid }`, sent in the path. */
export function uuidBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return guarded((i) =>
		validateRecord(
			uuidSchema,
			withoutEmpty({ uuid: asText(params.get('uuid', i)) } as IDataObject),
		),
	);
}

/** Search: `{ email }`, sent as the query string; Best Match Only beside it. */
export function searchBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return guarded((i) =>
		withChoices(
			validateRecord(
				searchSchema,
				withoutEmpty({ email: asText(params.get('email', i)) } as IDataObject),
			),
			{
				bestMatchOnly: asBoolean(params.get('options.bestMatchOnly', i, false)),
			},
		),
	);
}

/** Stop Tracking: email, customer_id, and from Additional Fields cookie and device_id. */
export function forgetBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return guarded((i) => {
		const record = identifiers(params, i);
		const additional = new Set(params.keysOf('additionalFields'));
		if (additional.has('cookie'))
			record.cookie = asText(params.get('additionalFields.cookie', i)) as string;
		if (additional.has('deviceId'))
			record.device_id = asText(params.get('additionalFields.deviceId', i)) as string;
		return validateRecord(forgetSchema, withoutEmpty(record));
	});
}

/** Delete: email and/or customer_id (the only identifiers the page documents); Delete All Matching beside them. */
export function deleteBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return guarded((i) =>
		withChoices(validateRecord(identifiersSchema, withoutEmpty(identifiers(params, i))), {
			deleteAllMatching: asBoolean(params.get('options.deleteAllMatching', i, false)),
		}),
	);
}
