import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as customer from './customer';

type Operation = { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> };

const resources: Record<string, Record<string, Operation>> = {
	customer: {
		upsert: customer.upsert,
		bulkUpsert: customer.bulkUpsert,
		startTracking: customer.startTracking,
	},
};

/** Picks the operation file for the node's resource and operation and runs it on all items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return await handler.execute.call(this);
}
