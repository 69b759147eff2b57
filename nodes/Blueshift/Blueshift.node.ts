import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { getSubscriptionGroups } from './methods/loadOptions';

export class Blueshift implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = { loadOptions: { getSubscriptionGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
