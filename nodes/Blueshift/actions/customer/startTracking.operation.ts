import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run, single, type Operation } from '../../helpers/runner';
import { CUSTOMER_WRITE_RETRY_ON } from '../../transport';
import { refusedIn } from './common';
import { identifierFields, optionsField } from './fields';
import { identifiersBuilder } from './record';

const operation = ['startTracking'];

export const description: INodeProperties[] = [
	...identifierFields(operation),
	optionsField(operation),
];

/** POST /api/v1/customers/unforget, one call per item; the output is `{ status, email?, customer_id? }`. */
export const startTracking: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	// "200 OK" is the answer; an unreadable body must not resend an irreversible call
	statusIsAnswer: true,
	build: identifiersBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/customers/unforget', body: record }),
	// documented: {"status": "ok"}; a body that reports a failure does not show tracking started
	settle: single(
		(body, record) =>
			refusedIn(body, 'ok', 'starting to track the customer') ?? {
				status: body.status ?? 'ok',
				...record,
			},
	),
};

export async function execute(this: IExecuteFunctions) {
	return await run(this, startTracking);
}
