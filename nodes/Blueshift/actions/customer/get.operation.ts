import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { optionsField } from '../shared/options';
import { isProfile, READ_RETRY_ON, READ_RETRY_ONCE, uuidNotFound, uuidRule } from './common';
import { LIFECYCLE_RATE, show, uuidField } from './fields';

const operation = ['get'];

const uuidSchema = z.object({ uuid: uuidRule });

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
	failure: uuidNotFound,
};

export const description: INodeProperties[] = [
	uuidField(show(operation)),
	optionsField(show(operation), get, {
		...LIFECYCLE_RATE,
		onceNote: 'a second 404 means no such customer',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
