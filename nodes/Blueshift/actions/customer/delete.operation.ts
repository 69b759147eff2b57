import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run, single, type Operation } from '../../helpers/runner';
import { acceptedStatus, refusedIn } from './common';
import { lifecycleOptionsField } from './fields';
import { choicesOf, deleteBuilder } from './record';

const operation = ['delete'];

export const description: INodeProperties[] = [
	{
		displayName:
			'Blueshift permanently deletes the matching customer profile and all of its data. This cannot be undone; Blueshift completes it asynchronously, within a couple of hours.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['customer'], operation } },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		description:
			'Email address of the customer profile to delete permanently, at most 256 characters. Email or Customer ID is required.',
		displayOptions: { show: { resource: ['customer'], operation } },
	},
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		default: '',
		description:
			'Your ID for the customer profile to delete permanently (customer_id). Email or Customer ID is required.',
		displayOptions: { show: { resource: ['customer'], operation } },
	},
	lifecycleOptionsField(operation, {
		retried: '404, 409, 429, 503: answers that say nothing was done',
		network:
			'the connection is refused; never when the call may have reached Blueshift, so it is not carried out twice',
		extra: [
			{
				displayName: 'Delete All Matching',
				name: 'deleteAllMatching',
				type: 'boolean',
				default: false,
				description:
					'Whether to delete every profile matching the email or customer ID, up to 50 per call (Blueshift says so; more need further runs), instead of only the first match',
			},
		],
	}),
];

export const DELETE_NOTE = {
	first:
		'Accepted, not yet done: Blueshift permanently deletes the first profile matching this identifier, asynchronously, within a couple of hours. Other profiles with the same identifier are kept. This cannot be undone.',
	all: 'Accepted, not yet done: Blueshift permanently deletes the profiles matching this identifier, up to 50 in this call, asynchronously, within a couple of hours. Blueshift does not say how many matched: if more than 50 may, run Search after the deletion completes and Delete again. This cannot be undone.',
};

const DELETE_RETRY_ON: ReadonlySet<number> = new Set([404, 409, 429, 503]);

/** POST /api/v1/customers/delete[?delete_all_matching_customers=true], one call per item. */
export const deleteCustomer: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	// Deleting the first match twice could delete a second profile with the same identifier: retried
	// only when the answer says nothing was done (404/409 "resource conflict", 429, 503), never after
	// a timeout, a dropped connection, a 502 or a 504 (helpers/rerun.ts covers n8n's Retry On Fail)
	retryOn: DELETE_RETRY_ON,
	retryUnknown: false,
	// "200 OK" is the answer; an unreadable body must not resend an irreversible call
	statusIsAnswer: true,
	build: deleteBuilder,
	// the flag is sent only when true: "false" in a query string is a non-empty value, and all
	// sources agree that leaving it out deletes the first match only
	request: ([record]) => ({
		method: 'POST',
		path: '/api/v1/customers/delete',
		body: record,
		...(choicesOf(record).deleteAllMatching ? { qs: { delete_all_matching_customers: true } } : {}),
	}),
	settle: single((body, record) => {
		const refused = refusedIn(body, 'named', 'accepting the deletion');
		if (refused) return refused;
		const all = choicesOf(record).deleteAllMatching === true;
		return {
			status: acceptedStatus(body),
			...record,
			delete_all_matching_customers: all,
			irreversible: true,
			asynchronous: true,
			note: all ? DELETE_NOTE.all : DELETE_NOTE.first,
		};
	}),
};

export async function execute(this: IExecuteFunctions) {
	return await run(this, deleteCustomer);
}
