import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { jsonBytes } from '../../helpers/validation';
import { optionsField } from '../shared/options';
import { EVENT_RETRY_ON, eventFailure, refusal } from './common';
import { eventFields, show } from './fields';
import { accepted, eventBuilder } from './record';

const operation = ['sendBulk'];

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
	batch: {
		max: MAX_BATCH,
		defaultSize: DEFAULT_BATCH,
		envelopeBytes: jsonBytes({ events: [] }),
		splitOn413: true,
	},
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

export const description: INodeProperties[] = [
	...eventFields(operation),
	optionsField(show(operation), sendBulk, {
		rate: 'Pace of bulk event calls. Blueshift recommends at most 5 per second; every execution on the same account shares it.',
		batch:
			"Events per bulk call, at most 100. Blueshift's reference page says 30 per call, its help pages 100; when Blueshift answers 413 (too large) the node splits the call in halves and resends them, so no event is lost.",
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, sendBulk);
}
