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
				// The names are part of the package's public contract (README, workflows, issue #2).
				// eslint-disable-next-line n8n-nodes-base/node-param-option-name-wrong-for-upsert
				name: 'Upsert Customer',
				value: 'upsert',
				// eslint-disable-next-line n8n-nodes-base/node-param-description-wrong-for-upsert
				description: 'Create a new customer, or update the existing one with the same email or customer ID',
				action: 'Upsert a customer',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...bulkUpsert.description,
	...startTracking.description,
];
