import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { single, type Operation } from '../../helpers/operation';
import { ParameterReader } from '../../helpers/parameters';
import { identifiersSchema } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { CUSTOMER_WRITE_RETRY_ON } from '../../../shared/transport';
import { identifierFields } from '../shared/fields';
import { optionsField } from '../shared/options';
import { refusedIn } from './common';
import { CUSTOMER, show, SINGLE_RATE } from './fields';
import { identifiers } from './record';

const operation = ['startTracking'];

/** The body: the identifiers only. */
function startTrackingBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => validateRecord(identifiersSchema, withoutEmpty(identifiers(params, i)));
}

/**
 * POST /api/v1/customers/unforget, one call per item; the output is `{ status, email?,
 * customer_id? }`. https://developer.blueshift.com/reference/post_api-v1-customers-unforget
 * answers `{"status": "ok"}`; a body that reports a failure does not show tracking started.
 */
export const startTracking: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	// "200 OK" is the answer; an unreadable body must not resend an irreversible call
	statusIsAnswer: true,
	build: startTrackingBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/customers/unforget', body: record }),
	settle: single(
		(body, record) =>
			refusedIn(body, 'ok', 'starting to track the customer') ?? {
				status: body.status ?? 'ok',
				...record,
			},
	),
};

export const description: INodeProperties[] = [
	...identifierFields(show(operation), CUSTOMER),
	optionsField(show(operation), startTracking, SINGLE_RATE),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, startTracking);
}
