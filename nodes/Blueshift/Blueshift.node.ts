import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { NodeConnectionTypes } from '../shared/connectionTypes';
import { availableResources, router } from './actions/router';
import { dryRunNotice } from './actions/shared/dryRun';
import { searchCampaigns, searchCatalogs } from './methods/listSearch';
import { getSubscriptionGroups } from './methods/loadOptions';

const operationFields = availableResources.flatMap(([, { module }]) => module.description);

/** Thin node class: the description, the option loaders, and the router that runs an operation. */
export class Blueshift implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Blueshift',
		name: 'blueshift',
		icon: { light: 'file:blueshift.svg', dark: 'file:blueshift.dark.svg' },
		group: ['output'],
		// 2: the campaign and the list are resource locators (1 keeps its text fields; see locator.ts)
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, update, find, merge and erase customers, read their activity, send events, manage custom lists and catalogs, and list, launch, pause and trigger campaigns in Blueshift',
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

	methods = {
		loadOptions: { getSubscriptionGroups },
		listSearch: { searchCampaigns, searchCatalogs },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
