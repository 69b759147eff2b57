import type { INodeProperties } from 'n8n-workflow';

import * as bulkUpsert from './bulkUpsert.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getCampaignActivity from './getCampaignActivity.operation';
import * as getEvents from './getEvents.operation';
import * as merge from './merge.operation';
import * as search from './search.operation';
import * as startTracking from './startTracking.operation';
import * as stopTracking from './stopTracking.operation';
import * as upsert from './upsert.operation';

export {
	bulkUpsert,
	deleteOperation,
	get,
	getCampaignActivity,
	getEvents,
	merge,
	search,
	startTracking,
	stopTracking,
	upsert,
};

/** The operations of this resource, by the value workflows store. */
export const operations = {
	upsert,
	bulkUpsert,
	startTracking,
	get,
	search,
	stopTracking,
	delete: deleteOperation,
	merge,
	getCampaignActivity,
	getEvents,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Bulk Create or Update',
				value: 'bulkUpsert',
				description: 'Create or update many customers, up to 50 per call',
				action: 'Create or update many customers',
			},
			{
				// n8n's name for an upsert; the value `upsert` is what saved workflows store
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a customer',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Permanently delete a customer profile by email or customer ID; irreversible, completed by Blueshift within hours',
				action: 'Irreversibly delete a customer over the next few hours',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a customer's profile by Blueshift's customer UUID",
				action: 'Get a customer by UUID',
			},
			{
				name: 'Get Campaign Activity',
				value: 'getCampaignActivity',
				description:
					"Get a customer's campaign activity (sends, deliveries, opens, clicks, purchases) in a time range, one item per activity, newest windows first",
				action: 'Get the campaign activity of a customer',
			},
			{
				name: 'Get Events',
				value: 'getEvents',
				description: "Get the events Blueshift holds for a customer, by Blueshift's customer UUID",
				action: 'Get the events of a customer',
			},
			{
				name: 'Merge',
				value: 'merge',
				description:
					'Merge a duplicate customer into the customer to keep, by customer ID; irreversible',
				action: 'Irreversibly merge a duplicate customer into another',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find the customer profiles with an email address',
				action: 'Search customers by email',
			},
			{
				name: 'Start Tracking',
				value: 'startTracking',
				description: 'Start tracking a customer again (unforget)',
				action: 'Start tracking a customer',
			},
			{
				name: 'Stop Tracking',
				value: 'stopTracking',
				description:
					'Stop tracking a customer and erase their personal data (forget, for GDPR requests); irreversible, completed by Blueshift within hours',
				action: 'Stop tracking and irreversibly erase a customer over the next few hours',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...bulkUpsert.description,
	...startTracking.description,
	...get.description,
	...search.description,
	...stopTracking.description,
	...deleteOperation.description,
	...merge.description,
	...getCampaignActivity.description,
	...getEvents.description,
];
