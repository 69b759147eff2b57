import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { listFields, listOptionsField } from './fields';
import { asyncOption, bulkOperation } from './list';

const operation = ['removeCustomers'];

export const description: INodeProperties[] = [...listFields(operation, true), listOptionsField(operation, true)];

/** Remove many customers from a custom user list: the bulk endpoint, 25 values per call, or 500 with the Async option (see list.ts). */
export async function execute(this: IExecuteFunctions) {
	return await run(this, bulkOperation('remove', asyncOption(this)));
}
