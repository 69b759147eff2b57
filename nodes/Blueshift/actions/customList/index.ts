import type { INodeProperties } from 'n8n-workflow';

import * as addCustomer from './addCustomer.operation';
import * as addCustomers from './addCustomers.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as removeCustomer from './removeCustomer.operation';
import * as removeCustomers from './removeCustomers.operation';

export { addCustomer, addCustomers, create, get, removeCustomer, removeCustomers };

/** The operations of this resource, by the value workflows store. */
export const operations = {
	addCustomer,
	addCustomers,
	removeCustomer,
	removeCustomers,
	create,
	get,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customList'] } },
		options: [
			{
				name: 'Add Customer',
				value: 'addCustomer',
				description: 'Add a customer to a custom user list, one call per item',
				action: 'Add a customer to a list',
			},
			{
				name: 'Add Many Customers',
				value: 'addCustomers',
				description: 'Add customers to a custom user list in bulk: 25 per call, or 500 with Async',
				action: 'Add many customers to a list',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create an empty custom user list; outputs its ID for the next node to fill it',
				action: 'Create a list',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a custom user list's details by its ID",
				action: 'Get a list',
			},
			{
				name: 'Remove Customer',
				value: 'removeCustomer',
				description: 'Remove a customer from a custom user list, one call per item',
				action: 'Remove a customer from a list',
			},
			{
				name: 'Remove Many Customers',
				value: 'removeCustomers',
				description:
					'Remove customers from a custom user list in bulk: 25 per call, or 500 with Async',
				action: 'Remove many customers from a list',
			},
		],
		default: 'addCustomer',
	},
	...addCustomer.description,
	...addCustomers.description,
	...removeCustomer.description,
	...removeCustomers.description,
	...create.description,
	...get.description,
];
