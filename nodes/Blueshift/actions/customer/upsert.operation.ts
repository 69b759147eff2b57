import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { run, single, type Operation } from '../../helpers/runner';
import { CUSTOMER_WRITE_RETRY_ON } from '../../transport';
import { optionsField, recordFields } from './fields';
import { customerBuilder } from './record';

const operation = ['upsert'];

export const description: INodeProperties[] = [
	...recordFields(operation),
	optionsField(operation),
];

/** POST /api/v1/customers, one call per item; the output is the customer Blueshift returns. */
export const upsert: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	build: customerBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/customers', body: record }),
	settle: single((body) => {
		const customer = body.customer;
		if (customer && typeof customer === 'object' && !Array.isArray(customer)) return customer as IDataObject;
		return new Rejection(
			`Blueshift answered without the customer record (it said: ${JSON.stringify(body).slice(0, 200)})`,
			'The answer does not show the customer as saved. Check the customer in Blueshift, or run the item again (a repeated create or update leaves the customer as one would).',
		);
	}),
};

export async function execute(this: IExecuteFunctions) {
	return await run(this, upsert);
}
