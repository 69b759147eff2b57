import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run, type Operation } from '../../helpers/runner';
import { jsonBytes } from '../../helpers/validation';
import { EVENT_RETRY_ON, eventFailure, refusal } from './common';
import { eventFields, optionsField } from './fields';
import { accepted, eventBuilder } from './record';

const operation = ['sendBulk'];

export const description: INodeProperties[] = [...eventFields(operation), optionsField(operation, true)];

/**
 * Blueshift's pages give 30 (reference) and 100 (help) events per call: 30 by default, up to 100 with
 * the Batch Size option; a 413 splits the call in halves, resent (see the runner).
 */
export const MAX_BATCH = 100;
export const DEFAULT_BATCH = 30;

/**
 * POST /api/v1/bulkevents with `{ events: [...] }`, chunked by Batch Size and the 1 MB payload
 * limit, 5 calls/s. The answer carries no per-event result (processing is asynchronous), so every
 * event of an accepted call is output as accepted.
 */
export const sendBulk: Operation = {
	family: 'eventsBulk',
	eventKey: true,
	rate: { option: 'bulkCallsPerSecond', default: 5 },
	batch: { max: MAX_BATCH, defaultSize: DEFAULT_BATCH, envelopeBytes: jsonBytes({ events: [] }), splitOn413: true },
	retryOn: EVENT_RETRY_ON,
	// no deduplication: a call that may have arrived is not sent again; a 2xx status is the acceptance
	retryUnknown: false,
	statusIsAnswer: true,
	build: eventBuilder,
	failure: eventFailure,
	request: (records) => ({ method: 'POST', path: '/api/v1/bulkevents', body: { events: records } }),
	settle: (body, records) => {
		const refused = refusal(body);
		return records.map((record) => refused ?? accepted(body, record));
	},
};

export async function execute(this: IExecuteFunctions) {
	return await run(this, sendBulk);
}
