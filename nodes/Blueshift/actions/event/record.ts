import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldRecord } from '../../helpers/attributes';
import { reservedKeyIn, reservedKeyRule } from '../../helpers/inputKeys';
import { asText, ParameterReader } from '../../helpers/parameters';
import { invalid, validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { ADDITIONAL_EVENT_KEYS } from './fields';
import { EVENT_STANDARD_FIELDS, EVENT_TEXT_FIELDS, eventSchema } from './schema';

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
	for (const [name, apiName] of ADDITIONAL_EVENT_KEYS) {
		if (additional.has(name)) {
			fields[apiName] = asText(params.get(`additionalFields.${name}`, i)) as string;
		}
	}
	const built = fieldRecord(params, i, fields, {
		parameter: 'attributes',
		label: 'Attribute',
		owned: EVENT_STANDARD_FIELDS,
		clash: (key) =>
			`Attribute "${key}" collides with the event field ${key}: set it in its own field`,
	});
	return built.ok ? finish(built.record) : built;
}

/** Auto-Map Input Data: the item's JSON is the event; Event Name fills in a missing `event`. */
function fromInput(ctx: IExecuteFunctions, params: ParameterReader, i: number): Validated {
	const json = ctx.getInputData()[i]?.json ?? {};
	// before anything reads or copies it: an own __proto__ key would become the copy's prototype
	const reserved = reservedKeyIn(json);
	if (reserved !== undefined) return invalid(reserved, reservedKeyRule('The input item', reserved));
	const record = withoutEmpty(json);
	if (record.event === undefined) {
		const name = asText(params.get('eventName', i));
		if (name !== '' && name !== undefined && name !== null) record.event = name as string;
	}
	return finish(record);
}

/** Builds the event of item i for Send Event and Send Bulk Events, in either data mode. */
export function eventBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) =>
		params.get('dataMode', i, 'defineBelow') === 'autoMapInputData'
			? fromInput(ctx, params, i)
			: fromFields(params, i);
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
