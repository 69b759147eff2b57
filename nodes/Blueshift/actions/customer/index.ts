import type { INodeProperties } from 'n8n-workflow';

import * as bulkUpsert from './bulkUpsert.operation';
import * as startTracking from './startTracking.operation';
import * as upsert from './upsert.operation';

export { bulkUpsert, startTracking, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Bulk Upsert',
				value: 'bulkUpsert',
				description: 'Create or update many customers, up to 50 per call',
				action: 'Bulk upsert customers',
			},
			{
				name: 'Start Tracking',
				value: 'startTracking',
				description: 'Start tracking a customer again (unforget)',
				action: 'Start tracking a customer',
			},
			{
				name: 'Upsert Customer',
				value: 'upsert',
				description: 'Create a customer or update an existing one',
				action: 'Upsert a customer',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...bulkUpsert.description,
	...startTracking.description,
];
