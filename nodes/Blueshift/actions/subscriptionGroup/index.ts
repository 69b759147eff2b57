import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

/** The operations of this resource, by the value workflows store. */
export const operations = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscriptionGroup'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the account's subscription groups, one item each",
				action: 'Get many subscription groups',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
