import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { listFields, listOptionsField } from './fields';
import { singleOperation } from './list';

const operation = ['removeCustomer'];

export const description: INodeProperties[] = [...listFields(operation, false), listOptionsField(operation, false)];

/** Remove a customer from a custom user list: one call per item (see list.ts). */
export const removeCustomer = singleOperation('remove');

export async function execute(this: IExecuteFunctions) {
	return await run(this, removeCustomer);
}
