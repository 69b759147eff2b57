import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { optionsField } from '../shared/options';
import { singleSettle } from './answers';
import { SINGLE_CALL, singleRequest } from './common';
import { listFailure } from './failure';
import { listFields, show, SINGLE_TEXTS } from './fields';

const operation = ['addCustomer'];

/** PUT /api/v1/custom_user_lists/add_user_to_list/{list_id}, one call per item (see common.ts). */
export const addCustomer: Operation = {
	...SINGLE_CALL,
	request: singleRequest('add_user_to_list'),
	settle: singleSettle('add'),
	failure: listFailure('add', false, false),
};

export const description: INodeProperties[] = [
	...listFields(operation, false),
	optionsField(show(operation), addCustomer, SINGLE_TEXTS),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, addCustomer);
}
