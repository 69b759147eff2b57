import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { run, single, type Operation } from '../../helpers/runner';
import { CUSTOMER_WRITE_RETRY_ON } from '../../transport';
import { acceptedStatus, refusedIn } from './common';
import { forgetIdentifierFields, lifecycleOptionsField } from './fields';
import { forgetBuilder } from './record';

const operation = ['stopTracking'];

export const description: INodeProperties[] = [
	{
		displayName:
			"Blueshift permanently erases this customer's personal data and stops tracking them. This cannot be undone; Blueshift completes it asynchronously, within a couple of hours.",
		name: 'stopTrackingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['customer'], operation } },
	},
	...forgetIdentifierFields(operation),
	lifecycleOptionsField(operation, { retried: '404, 409, 429, 502, 503, 504' }),
];

export const FORGET_NOTE =
	"Accepted, not yet done: Blueshift erases this customer's personal data permanently and stops tracking them, asynchronously, within a couple of hours. This cannot be undone; Start Tracking lets them be tracked again but restores no data.";

/** POST /api/v1/customers/forget, one call per item; the output says the erasure is accepted, irreversible and asynchronous. */
export const stopTracking: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	// "200 OK" is the answer; an unreadable body must not resend an irreversible call
	statusIsAnswer: true,
	build: forgetBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/customers/forget', body: record }),
	settle: single(
		(body, record) =>
			refusedIn(body, 'named', 'accepting the erasure') ?? {
				status: acceptedStatus(body),
				...record,
				irreversible: true,
				asynchronous: true,
				note: FORGET_NOTE,
			},
	),
	/**
	 * The pages disagree on forget's identifiers (INDEX conflict 3): the current page takes cookie
	 * or device_id alone, an older one only email or customer_id. Under the older reading a 400 to
	 * a call without email and customer_id says so, so the user knows what to add.
	 */
	failure: (answer, [record]) => {
		if (answer.status !== 400 || record.email !== undefined || record.customer_id !== undefined)
			return undefined;
		return [
			new Rejection(
				`${answer.message}. Blueshift did not accept ${record.cookie !== undefined ? 'cookie' : 'device_id'} without email or customer_id`,
				"An older version of Blueshift's forget page accepts only email or customer_id; nothing was erased. Add the customer's Email or Customer ID and run the item again.",
				{ ...((answer.body ?? {}) as IDataObject), status: 400 },
			),
		];
	},
};

export async function execute(this: IExecuteFunctions) {
	return await run(this, stopTracking);
}
