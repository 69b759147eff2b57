import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { single, type Operation } from '../../helpers/operation';
import { ParameterReader } from '../../helpers/parameters';
import { identifiersSchema } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { identifierFields } from '../shared/fields';
import { optionsField } from '../shared/options';
import { acceptedStatus, NOT_TWICE, refusedIn } from './common';
import { CUSTOMER, LIFECYCLE_RATE, show } from './fields';
import { asBoolean, choicesOf, identifiers, withChoices } from './record';

const operation = ['delete'];

/** The record: email and/or customer_id (the only identifiers the page documents); Delete All Matching beside them. */
function deleteBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) =>
		withChoices(validateRecord(identifiersSchema, withoutEmpty(identifiers(params, i))), {
			deleteAllMatching: asBoolean(params.get('options.deleteAllMatching', i, false)),
		});
}

export const DELETE_NOTE = {
	first:
		'Accepted, not yet done: Blueshift permanently deletes the first profile matching this identifier, asynchronously, within a couple of hours. Other profiles with the same identifier are kept. This cannot be undone.',
	all: 'Accepted, not yet done: Blueshift permanently deletes the profiles matching this identifier, up to 50 in this call, asynchronously, within a couple of hours. Blueshift does not say how many matched: if more than 50 may, run Search after the deletion completes and Delete again. This cannot be undone.',
};

/**
 * POST /api/v1/customers/delete[?delete_all_matching_customers=true], one call per item
 * (https://developer.blueshift.com/reference/post_api-v1-customers-delete).
 */
export const deleteCustomer: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	// Deleting the first match twice could delete a second profile with the same identifier
	...NOT_TWICE,
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

export const description: INodeProperties[] = [
	{
		displayName:
			'Blueshift permanently deletes the matching customer profile and all of its data. This cannot be undone; Blueshift completes it asynchronously, within a couple of hours.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: show(operation),
	},
	...identifierFields(show(operation), {
		...CUSTOMER,
		of: 'the customer profile to delete permanently',
	}),
	optionsField(show(operation), deleteCustomer, {
		...LIFECYCLE_RATE,
		retryNote: 'answers that say nothing was done',
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

export async function execute(this: IExecuteFunctions) {
	return await run(this, deleteCustomer);
}
