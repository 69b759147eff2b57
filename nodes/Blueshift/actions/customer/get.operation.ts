import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { run, single, type Operation } from '../../helpers/runner';
import { isProfile, READ_RETRY_ON, READ_RETRY_ONCE, said } from './common';
import { lifecycleOptionsField } from './fields';
import { uuidBuilder } from './record';

const operation = ['get'];

export const description: INodeProperties[] = [
	{
		displayName: 'Customer UUID',
		name: 'uuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'a7e3c9d0-52b1-4f8e-9d6a-0c4b2e7f1a93',
		description:
			"Blueshift's own ID of the customer (uuid): the uuid field of a Search or Create or Update result, or the ID in the customer's page URL in Blueshift. Not your customer_id; to find a customer by email use the Search operation.",
		displayOptions: { show: { resource: ['customer'], operation } },
	},
	lifecycleOptionsField(operation, { retried: '409, 429, 502, 503, 504, and a 404 once: a second 404 means no such customer' }),
];

/** GET /api/v1/customers/{uuid}, one call per item; the output is the `customer` Blueshift answers. */
export const get: Operation = {
	family: 'customers',
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: READ_RETRY_ON,
	retryOnce: READ_RETRY_ONCE,
	build: uuidBuilder,
	request: ([record]) => ({
		method: 'GET',
		path: `/api/v1/customers/${encodeURIComponent(String(record.uuid))}`,
	}),
	settle: single((body) => {
		if (isProfile(body.customer)) return body.customer;
		return new Rejection(
			`Blueshift answered without the customer (it said: ${said(body)})`,
			'The answer holds no customer profile. Run the item again; if it persists, contact Blueshift support.',
		);
	}),
	failure: (answer, [record]) => {
		if (answer.status !== 404) return undefined;
		return [
			new Rejection(
				`Customer not found: Blueshift has no customer with uuid ${String(record.uuid)} (404)`,
				"Check the uuid: it is Blueshift's own ID (the uuid of a Search or Create or Update result), not your customer_id. Blueshift also documents 404 as a rare transient conflict: the node asked twice, so if you know the customer exists, run the item again later.",
				{ ...((answer.body ?? {}) as IDataObject), status: 404 },
			),
		];
	},
};

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
