import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { optionsField } from '../shared/options';
import { bulkSettle } from './answers';
import { asyncOption, bulkCall, bulkRequest } from './common';
import { listFailure } from './failure';
import { BULK_TEXTS, listFields, show } from './fields';

const operation = ['addCustomers'];

/**
 * PUT /api/v1/custom_user_lists/bulk_add_users_to_list/{list_id}[?async=true], Batch Size values per call: at
 * most 25, or 500 with the Async option (see common.ts).
 */
export const addCustomers = (asyncMode: boolean): Operation => ({
	...bulkCall(asyncMode),
	request: bulkRequest('bulk_add_users_to_list', asyncMode),
	settle: bulkSettle('add', asyncMode),
	failure: listFailure('add', true, asyncMode),
});

export const description: INodeProperties[] = [
	...listFields(operation, true),
	optionsField(show(operation), addCustomers(false), BULK_TEXTS),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, addCustomers(asyncOption(this)));
}
