import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { UUID } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { optionsField } from '../shared/options';
import { isProfile, READ_RETRY_ON, READ_RETRY_ONCE } from './common';
import { LIFECYCLE_RATE, show } from './fields';

const operation = ['get'];

/** Blueshift's customer uuid, as every page and example shows it. */
const uuidSchema = z.object({
	uuid: z
		.string({
			required_error: "is required: Blueshift's customer uuid",
			invalid_type_error: 'must be text',
		})
		.regex(
			UUID,
			"must be Blueshift's customer uuid, like a7e3c9d0-52b1-4f8e-9d6a-0c4b2e7f1a93 (your own customer_id is not accepted here: find the uuid with Search by email)",
		),
});

/** The record: `{ uuid }`, sent in the path. */
function uuidBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) =>
		validateRecord(
			uuidSchema,
			withoutEmpty({ uuid: asText(params.get('uuid', i)) } as IDataObject),
		);
}

/**
 * GET /api/v1/customers/{uuid}, one call per item; the output is the `customer` Blueshift answers
 * (https://developer.blueshift.com/reference/get_api-v1-customers-uuid).
 */
export const get: Operation = {
	family: 'customers',
	readOnly: true,
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
		displayOptions: show(operation),
	},
	optionsField(show(operation), get, {
		...LIFECYCLE_RATE,
		onceNote: 'a second 404 means no such customer',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
