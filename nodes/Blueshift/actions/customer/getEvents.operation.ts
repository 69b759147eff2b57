import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { optionsField } from '../shared/options';
import { limitBuilder, returnAllFields, toLimit } from '../shared/returnAll';
import { isProfile, READ_RETRY_ON, READ_RETRY_ONCE, uuidNotFound, uuidRule } from './common';
import { show, UNDOCUMENTED_CALLS_PER_SECOND, UNDOCUMENTED_RATE, uuidField } from './fields';

const operation = ['getEvents'];

const eventsSchema = z.object({ uuid: uuidRule });

/** The record: `{ uuid }` (the query) and, without Return All, `{ limit }` (not sent). */
function eventsBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	const limit = limitBuilder(ctx);
	return (i) => {
		const record = withoutEmpty({ uuid: asText(params.get('uuid', i)) } as IDataObject);
		const v = validateRecord(eventsSchema, record);
		if (!v.ok) return v;
		const cut = limit(i);
		return cut.ok ? { ok: true, record: { ...v.record, ...cut.record } } : cut;
	};
}

/** The events of an answer: the page documents a JSON list (`[]` for a customer without events). */
function eventsOf(body: unknown): IDataObject[] | undefined {
	return Array.isArray(body) && body.every(isProfile) ? body : undefined;
}

/**
 * GET /api/v1/customer_search/show_events?uuid=, one call per item; one output item per event,
 * paired to its item (https://developer.blueshift.com/reference/get_api-v1-customer-search-show-events).
 * The page documents no paging: Limit cuts the list after the answer.
 */
export const getEvents: Operation = {
	family: 'customerReads',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: UNDOCUMENTED_CALLS_PER_SECOND },
	retryOn: READ_RETRY_ON,
	retryOnce: READ_RETRY_ONCE,
	listAnswer: true,
	build: eventsBuilder,
	request: ([record]) => ({
		method: 'GET',
		path: '/api/v1/customer_search/show_events',
		qs: { uuid: record.uuid },
	}),
	settle: single((body, record) => {
		const events = eventsOf(body);
		if (events) return toLimit(events, record);
		return new Rejection(
			`Blueshift answered without a list of events (it said: ${said(body)})`,
			'The page documents a JSON list of events. Run the item again; if it persists, contact Blueshift support.',
		);
	}),
	failure: uuidNotFound,
};

export const description: INodeProperties[] = [
	uuidField(show(operation)),
	...returnAllFields(show(operation)),
	optionsField(show(operation), getEvents, {
		...UNDOCUMENTED_RATE,
		onceNote: 'a second 404 means no such customer',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getEvents);
}
