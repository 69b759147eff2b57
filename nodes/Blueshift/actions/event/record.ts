import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asText, ParameterReader } from '../../helpers/parameters';
import { reservedKeyIn, reservedKeyRule } from '../../helpers/inputKeys';
import {
	invalid,
	EVENT_STANDARD_FIELDS,
	EVENT_TEXT_FIELDS,
	eventSchema,
	failedRead,
	RESERVED_NAMES,
	reservedNameRule,
	validateRecord,
	withoutEmpty,
	type Validated,
} from '../../helpers/validation';
import { ADDITIONAL_EVENT_FIELDS } from './fields';

/**
 * Builds the event of one input item from the node's fields (or the item's JSON) and validates it.
 * Nothing here sends; a bad item comes back as `{ ok: false }` naming the field and the rule.
 *
 * Every event carries an `event_uuid`: the user's, or one generated here. The runner builds each
 * item once and sends the same body on every retry and after a 413 split, so a retry after a lost
 * answer carries the same id (Blueshift does not document deduplicating on it, but it lets the
 * user find duplicates).
 */

/** The event with an event_uuid (the one given, or a new one), validated. */
function finish(record: IDataObject): Validated {
	if (record.event_uuid === undefined) record.event_uuid = randomUUID();
	return validateRecord(eventSchema, record, EVENT_TEXT_FIELDS);
}

function fromFields(params: ParameterReader, i: number): Validated {
	const fields: IDataObject = {
		event: asText(params.get('eventName', i)) as string,
		email: asText(params.get('email', i)) as string,
		customer_id: asText(params.get('customerId', i)) as string,
	};
	const additional = new Set(params.keysOf('additionalFields'));
	for (const [name, apiName] of ADDITIONAL_EVENT_FIELDS) {
		if (additional.has(name))
			fields[apiName] = asText(params.get(`additionalFields.${name}`, i)) as string;
	}
	const record = withoutEmpty(fields);

	const groups = params.subscriptionGroups(i);
	if (groups) record.subscription_groups = groups;

	for (let n = 0; n < params.lengthOf('attributes.attributes'); n++) {
		const name = params.get(`attributes.attributes[${n}].name`, i);
		const value = params.get(`attributes.attributes[${n}].value`, i);
		const key = typeof name === 'string' ? name.trim() : '';
		const field = `attributes[${n}].name`;
		const empty = value === undefined || value === null || value === '';
		if (!key && empty) continue;
		if (!key) return invalid(field, `Attribute ${n + 1} has a value but no name`);
		if (RESERVED_NAMES.has(key)) return invalid(field, reservedNameRule('Attribute', key));
		if ((EVENT_STANDARD_FIELDS as readonly string[]).includes(key)) {
			return invalid(
				field,
				`Attribute "${key}" collides with the event field ${key}: set it in its own field`,
			);
		}
		if (Object.prototype.hasOwnProperty.call(record, key))
			return invalid(field, `Attribute "${key}" is given twice`);
		if (!empty) record[key] = value as IDataObject[string];
	}
	return finish(record);
}

/** Auto-Map Input Data: the item's JSON is the event; Event Name fills in a missing `event`. */
function fromInput(ctx: IExecuteFunctions, params: ParameterReader, i: number): Validated {
	const json = ctx.getInputData()[i]?.json ?? {};
	const reserved = reservedKeyIn(json);
	if (reserved !== undefined) return invalid(reserved, reservedKeyRule('The input item', reserved));
	const record = withoutEmpty(json);
	if (record.event === undefined) {
		const name = asText(params.get('eventName', i));
		if (name !== '' && name !== undefined && name !== null) record.event = name as string;
	}
	return finish(record);
}

/** An expression that fails to resolve is a bad input for that item, not a crash of the node. */
export function eventBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		try {
			return params.get('dataMode', i, 'defineBelow') === 'autoMapInputData'
				? fromInput(ctx, params, i)
				: fromFields(params, i);
		} catch (error) {
			return failedRead(error);
		}
	};
}

/** What a record's output says: accepted for asynchronous processing, with the event_uuid sent. */
export function accepted(body: IDataObject, record: IDataObject): IDataObject {
	const out: IDataObject = {
		status: 'accepted',
		processing: 'asynchronous',
		event: record.event,
		event_uuid: record.event_uuid,
	};
	for (const key of ['email', 'customer_id', 'device_id', 'cookie']) {
		if (record[key] !== undefined) out[key] = record[key];
	}
	if (typeof body.status === 'string') out.blueshiftStatus = body.status;
	return out;
}
