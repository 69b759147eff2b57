import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as campaign from './campaign';
import * as catalog from './catalog';
import * as customer from './customer';
import * as customList from './customList';
import * as event from './event';
import * as subscriptionGroup from './subscriptionGroup';

/** An operation file: its fields (`description`) and `execute`, which hands its Operation to the runner. */
export interface OperationModule {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
}

interface ResourceModule {
	operations: Record<string, OperationModule>;
	description: INodeProperties[];
}

/** Every resource, by the value workflows store, with the name the Resource field shows. */
export const resources: Record<string, { name: string; module: ResourceModule }> = {
	campaign: { name: 'Campaign', module: campaign },
	catalog: { name: 'Catalog', module: catalog },
	customer: { name: 'Customer', module: customer },
	customList: { name: 'Custom User List', module: customList },
	event: { name: 'Event', module: event },
	subscriptionGroup: { name: 'Subscription Group', module: subscriptionGroup },
};

/** The resources that have operations, for the Resource field. */
export const availableResources = Object.entries(resources).filter(
	([, { module }]) => Object.keys(module.operations).length > 0,
);

/** Picks the operation file for the node's resource and operation and runs it on all items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.module.operations[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return await handler.execute.call(this);
}
