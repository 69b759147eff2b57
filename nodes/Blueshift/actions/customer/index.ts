import type { INodeProperties } from 'n8n-workflow';

import * as bulkUpsert from './bulkUpsert.operation';
import * as startTracking from './startTracking.operation';
import * as upsert from './upsert.operation';

export { bulkUpsert, startTracking, upsert };

/** The operations of this resource, by the value workflows store. */
export const operations = { upsert, bulkUpsert, startTracking };

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
				name: 'Start Tracking',
				value: 'startTracking',
				description: 'Start tracking a customer again (unforget)',
				action: 'Start tracking a customer',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...bulkUpsert.description,
	...startTracking.description,
];
