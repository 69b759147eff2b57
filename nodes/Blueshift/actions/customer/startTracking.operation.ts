import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../helpers/run';
import { identifierFields, optionsField } from './fields';
import { identifiersBuilder } from './record';

const operation = ['startTracking'];

export const description: INodeProperties[] = [
	...identifierFields(operation),
	optionsField(operation),
];

/** POST /api/v1/customers/unforget, one call per item; the output is `{ status, email?, customer_id? }`. */
export async function execute(this: IExecuteFunctions) {
	return await runPerItem(this, {
		method: 'POST',
		path: '/api/v1/customers/unforget',
		callsPerSecondField: 'callsPerSecond',
		defaultRate: 50,
		build: identifiersBuilder(this),
		success: (body, record) => ({ status: body.status ?? 'ok', ...record }),
	});
}
