import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { listFields, listOptionsField } from './fields';
import { singleOperation } from './list';

const operation = ['addCustomer'];

export const description: INodeProperties[] = [...listFields(operation, false), listOptionsField(operation, false)];

/** Add a customer to a custom user list: one call per item (see list.ts). */
export const addCustomer = singleOperation('add');

export async function execute(this: IExecuteFunctions) {
	return await run(this, addCustomer);
}
