import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { NodeConnectionTypes } from '../shared/connectionTypes';
import { availableResources, router } from './actions/router';
import { dryRunNotice } from './actions/shared/dryRun';
import { searchCatalogs } from './methods/listSearch';
import { getSubscriptionGroups } from './methods/loadOptions';

const operationFields = availableResources.flatMap(([, { module }]) => module.description);

/** Thin node class: the description, the option loaders, and the router that runs an operation. */
export class Blueshift implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Blueshift',
		name: 'blueshift',
		icon: { light: 'file:blueshift.svg', dark: 'file:blueshift.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, update, find and erase customers, send events, manage custom lists and trigger campaigns in Blueshift',
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
				options: availableResources.map(([value, { name }]) => ({ name, value })),
				default: 'customer',
			},
			dryRunNotice(operationFields),
			...operationFields,
		],
	};

	methods = { loadOptions: { getSubscriptionGroups }, listSearch: { searchCatalogs } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
