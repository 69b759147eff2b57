import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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

function identifiers(ctx: IExecuteFunctions, i: number): IDataObject {
	return {
		email: asText(ctx.getNodeParameter('email', i, '')),
		customer_id: asText(ctx.getNodeParameter('customerId', i, '')),
	} as IDataObject;
}

function fromFields(ctx: IExecuteFunctions, i: number): Validated {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const record = withoutEmpty({
		...identifiers(ctx, i),
		firstname: asText(extra.firstname),
		lastname: asText(extra.lastname),
		gender: asText(extra.gender),
		phone_number: asText(extra.phoneNumber),
		joined_at: asDate(extra.joinedAt),
	} as IDataObject);

	const groups = ctx.getNodeParameter('subscriptionGroups.groups', i, []) as IDataObject[];
	if (groups.length > 0) {
		record.subscription_groups = groups.map((group) => ({
			id: asText(group.id),
			subscribed: group.subscribed,
		})) as IDataObject[];
	}

	const attributes = ctx.getNodeParameter('customAttributes.attributes', i, []) as IDataObject[];
	for (const [n, { name, value }] of attributes.entries()) {
		const key = typeof name === 'string' ? name.trim() : '';
		const field = `customAttributes[${n}].name`;
		const empty = value === undefined || value === null || value === '';
		if (!key && empty) continue;
		if (!key) return invalid(field, `Custom attribute ${n + 1} has a value but no name`);
		if ((STANDARD_FIELDS as readonly string[]).includes(key)) {
			return invalid(
				field,
				`Custom attribute "${key}" collides with the standard field ${key}: set it in its own field`,
			);
		}
		if (key in record) {
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

/** The customer record for Upsert Customer and Bulk Upsert, in either data mode. */
export function buildCustomer(ctx: IExecuteFunctions, i: number): Validated {
	try {
		const mode = ctx.getNodeParameter('dataMode', i, 'defineBelow') as string;
		return mode === 'autoMapInputData' ? fromInput(ctx, i) : fromFields(ctx, i);
	} catch (error) {
		// An expression that fails to resolve is a bad input for this item, not a crash of the node.
		return invalid('parameter', `A field could not be read: ${(error as Error).message}`);
	}
}

/** The body for Start Tracking: the identifiers only. */
export function buildIdentifiers(ctx: IExecuteFunctions, i: number): Validated {
	try {
		return validateRecord(identifiersSchema, withoutEmpty(identifiers(ctx, i)));
	} catch (error) {
		return invalid('parameter', `A field could not be read: ${(error as Error).message}`);
	}
}
