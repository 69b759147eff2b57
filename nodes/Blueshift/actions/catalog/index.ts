import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as upsertItems from './upsertItems.operation';

export { create, get, getAll, upsertItems };

/** The operations of this resource, by the value workflows store. */
export const operations = { upsertItems, create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Add or Update Items',
				value: 'upsertItems',
				description: 'Add products to a catalog, or update the ones it has, up to 100 per call',
				action: 'Add or update items in a catalog',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create an empty catalog',
				action: 'Create a catalog',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a catalog's details",
				action: 'Get a catalog',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the account's catalogs, one item each",
				action: 'Get many catalogs',
			},
		],
		default: 'upsertItems',
	},
	...upsertItems.description,
	...create.description,
	...get.description,
	...getAll.description,
];
