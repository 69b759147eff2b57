import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ParameterReader } from '../../helpers/parameters';
import {
	customerSchema,
	identifiersSchema,
	STANDARD_FIELDS,
	validateRecord,
	withoutEmpty,
	type Validated,
} from '../../helpers/validation';

/**
 * Builds the payload for one input item from the node's fields and validates it. Nothing here sends;
 * a bad item comes back as `{ ok: false }` naming the field and the rule.
 */

/** Text fields: numbers and booleans become text; objects and lists are kept so validation names them. */
function asText(value: unknown): unknown {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value === 'string') return value.trim();
	return value;
}

/** A date field may come from an expression as a Luxon DateTime or a JS Date. */
function asDate(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	const luxon = value as { toISO?: () => string } | null;
	if (luxon && typeof luxon === 'object' && typeof luxon.toISO === 'function') return luxon.toISO();
	return asText(value);
}

const invalid = (field: string, rule: string): Validated => ({
	ok: false,
	field,
	rule,
	message: rule,
});

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
		if (known) fields[known[0]] = known[1](params.get(`additionalFields.${key}`, i)) as IDataObject[string];
	}
	const record = withoutEmpty(fields);

	const groupCount = params.lengthOf('subscriptionGroups.groups');
	if (groupCount > 0) {
		record.subscription_groups = Array.from({ length: groupCount }, (_, n) => ({
			id: asText(params.get(`subscriptionGroups.groups[${n}].id`, i)),
			subscribed: params.get(`subscriptionGroups.groups[${n}].subscribed`, i),
		})) as IDataObject[];
	}

	const attributes = Array.from({ length: params.lengthOf('customAttributes.attributes') }, (_, n) => ({
		name: params.get(`customAttributes.attributes[${n}].name`, i),
		value: params.get(`customAttributes.attributes[${n}].value`, i),
	}));
	for (const [n, { name, value }] of attributes.entries()) {
		const key = typeof name === 'string' ? name.trim() : '';
		const field = `customAttributes[${n}].name`;
		const empty = value === undefined || value === null || value === '';
		if (!key && empty) continue;
		if (!key) return invalid(field, `Custom attribute ${n + 1} has a value but no name`);
		if (key === '__proto__') return invalid(field, 'Custom attribute name "__proto__" is not allowed');
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
	return validateRecord(customerSchema, withoutEmpty(json));
}

/** An expression that fails to resolve is a bad input for that item, not a crash of the node. */
function guarded(build: (i: number) => Validated): (i: number) => Validated {
	return (i) => {
		try {
			return build(i);
		} catch (error) {
			return invalid('parameter', `A field could not be read: ${(error as Error).message}`);
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
