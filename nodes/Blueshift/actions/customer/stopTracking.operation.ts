import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { customerShape, identifier, identifyingEmail, oneOf } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { CUSTOMER_WRITE_RETRY_ON } from '../../../shared/transport';
import { additionalFieldsField, identifierFields } from '../shared/fields';
import { optionsField } from '../shared/options';
import { acceptedStatus, refusedIn } from './common';
import { CUSTOMER, LIFECYCLE_RATE, show } from './fields';
import { identifiers } from './record';

const operation = ['stopTracking'];

/**
 * Any of the four identifiers https://developer.blueshift.com/reference/post_api-v1-customers-forget
 * lists today; an older version of the page names only email and customer_id (see `failure`).
 */
const forgetSchema = z
	.object({
		email: identifyingEmail.optional(),
		customer_id: customerShape.customer_id,
		cookie: identifier.optional(),
		device_id: identifier.optional(),
	})
	.refine(
		...oneOf(
			['email', 'customer_id', 'cookie', 'device_id'],
			'An identifier is required: give at least one of email, customer_id, cookie, device_id',
		),
	);

/** The record: email, customer_id, and from Additional Fields cookie and device_id. */
function forgetBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		const record = identifiers(params, i);
		const additional = new Set(params.keysOf('additionalFields'));
		if (additional.has('cookie')) {
			record.cookie = asText(params.get('additionalFields.cookie', i)) as string;
		}
		if (additional.has('deviceId')) {
			record.device_id = asText(params.get('additionalFields.deviceId', i)) as string;
		}
		return validateRecord(forgetSchema, withoutEmpty(record));
	};
}

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
	 * The versions of the forget page disagree on its identifiers: the current one takes cookie or
	 * device_id alone, an older one only email or customer_id. Under the older reading a 400 to a
	 * call without email and customer_id says so, so the user knows what to add.
	 */
	failure: (answer, [record]) => {
		if (answer.status !== 400 || record.email !== undefined || record.customer_id !== undefined) {
			return undefined;
		}
		return [
			new Rejection(
				`${answer.message}. Blueshift did not accept ${record.cookie !== undefined ? 'cookie' : 'device_id'} without email or customer_id`,
				"An older version of Blueshift's forget page accepts only email or customer_id; nothing was erased. Add the customer's Email or Customer ID and run the item again.",
				{ ...((answer.body ?? {}) as IDataObject), status: 400 },
			),
		];
	},
};

/** Any one of email, customer_id, cookie, device_id will do. */
const ALONE =
	"Blueshift's current forget page accepts it alone; an older version of the page names only email and customer_id, so add Email or Customer ID when you have them";

export const description: INodeProperties[] = [
	{
		displayName:
			"Blueshift permanently erases this customer's personal data and stops tracking them. This cannot be undone; Blueshift completes it asynchronously, within a couple of hours.",
		name: 'stopTrackingNotice',
		type: 'notice',
		default: '',
		displayOptions: show(operation),
	},
	...identifierFields(show(operation), {
		...CUSTOMER,
		of: 'the customer to forget',
		rule: 'Give at least one of Email, Customer ID, Cookie or Device ID; Email or Customer ID is the safest (see Additional Fields)',
		idRule: 'Give at least one of Email, Customer ID, Cookie or Device ID',
	}),
	additionalFieldsField(show(operation), [
		{
			displayName: 'Cookie',
			name: 'cookie',
			type: 'string',
			default: '',
			description: `The website cookie ID Blueshift assigned to the visitor (cookie). ${ALONE}.`,
		},
		{
			displayName: 'Device ID',
			name: 'deviceId',
			type: 'string',
			default: '',
			description: `The mobile or web device ID of the customer (device_id). ${ALONE}.`,
		},
	]),
	optionsField(show(operation), stopTracking, LIFECYCLE_RATE),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, stopTracking);
}
