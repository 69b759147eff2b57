import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../helpers/run';
import { optionsField, recordFields } from './fields';
import { customerBuilder } from './record';

const operation = ['upsert'];

export const description: INodeProperties[] = [
	...recordFields(operation),
	optionsField(operation),
];

/** POST /api/v1/customers, one call per item; the output is the customer Blueshift returns. */
export async function execute(this: IExecuteFunctions) {
	return await runPerItem(this, {
		method: 'POST',
		path: '/api/v1/customers',
		callsPerSecondField: 'callsPerSecond',
		defaultRate: 50,
		build: customerBuilder(this),
		success: (body) => (body.customer as IDataObject | undefined) ?? body,
	});
}
