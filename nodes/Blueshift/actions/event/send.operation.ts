import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { single, type Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { optionsField } from '../shared/options';
import { EVENT_RETRY_ON, eventFailure, refusal } from './common';
import { eventFields, show } from './fields';
import { accepted, eventBuilder } from './record';

const operation = ['send'];

/**
 * POST /api/v1/event, one call per item. Blueshift processes events asynchronously: a 200 means
 * accepted, not stored, so the output is `{ status: 'accepted', processing: 'asynchronous', event,
 * event_uuid, identifiers }`. No rate is documented for this endpoint: 50 calls/s by default.
 */
export const send: Operation = {
	family: 'events',
	eventKey: true,
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: EVENT_RETRY_ON,
	// no deduplication: a call that may have arrived is not sent again; a 2xx status is the acceptance
	retryUnknown: false,
	statusIsAnswer: true,
	build: eventBuilder,
	failure: eventFailure,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/event', body: record }),
	settle: single((body, record) => refusal(body) ?? accepted(body, record)),
};

export const description: INodeProperties[] = [
	...eventFields(operation),
	optionsField(show(operation), send, {
		rate: "Pace of event calls. Blueshift documents no limit for single events; 50 per second is this node's choice (as for single customer calls). Lower it when your account has a lower limit.",
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, send);
}
