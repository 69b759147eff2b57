import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { run } from '../../helpers/runner';
import { CUSTOMER_WRITE_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { isProfile } from './common';
import { recordFields, show, SINGLE_RATE } from './fields';
import { customerBuilder } from './record';

const operation = ['upsert'];

/**
 * POST /api/v1/customers, one call per item; the output is the customer Blueshift returns
 * (https://developer.blueshift.com/reference/post_api-v1-customers answers `{ "customer": {...} }`).
 */
export const upsert: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	build: customerBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/customers', body: record }),
	settle: single((body) => {
		if (isProfile(body.customer)) return body.customer;
		return new Rejection(
			`Blueshift answered without the customer record (it said: ${said(body)})`,
			'The answer does not show the customer as saved. Check the customer in Blueshift, or run the item again (a repeated create or update leaves the customer as one would).',
		);
	}),
};

export const description: INodeProperties[] = [
	...recordFields(operation),
	optionsField(show(operation), upsert, SINGLE_RATE),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, upsert);
}
