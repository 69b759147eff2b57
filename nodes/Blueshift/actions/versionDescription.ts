import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as customer from './customer';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Blueshift',
	name: 'blueshift',
	icon: 'file:blueshift.svg',
	group: ['output'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Create and update customers in Blueshift',
	defaults: { name: 'Blueshift' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'blueshiftApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [{ name: 'Customer', value: 'customer' }],
			default: 'customer',
		},
		...customer.description,
	],
};
