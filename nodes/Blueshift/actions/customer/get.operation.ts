import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { optionsField } from '../shared/options';
import { simplified, simplifyField } from '../shared/simplify';
import { isProfile, READ_RETRY_ON, READ_RETRY_ONCE, uuidNotFound, uuidRule } from './common';
import { LIFECYCLE_RATE, show, uuidField } from './fields';

const operation = ['get'];

const uuidSchema = z.object({ uuid: uuidRule });

/** What Simplify keeps of a profile (the fields of the page's example that say who it is). */
const CUSTOMER_KEPT = [
	'uuid',
	'email',
	'customer_id',
	'firstname',
	'lastname',
	'phone_number',
	'unsubscribed',
	'created_at',
	'joined_at',
	'last_location_city',
];

/**
 * Simplify is a field of node version 2 only: version 1 has none, and its saved workflows keep
 * the whole profile (the parameter is absent there, so it reads as off).
 */
const SIMPLIFY_SHOWN = { show: { ...show(operation).show, '@version': [{ _cnd: { gte: 2 } }] } };

/** The record: `{ uuid }`, sent in the path, and whether to simplify the answer. */
function uuidBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		const v = validateRecord(
			uuidSchema,
			withoutEmpty({ uuid: asText(params.get('uuid', i)) } as IDataObject),
		);
		return v.ok
			? { ...v, record: { ...v.record, simplify: params.get('simplify', i, false) === true } }
			: v;
	};
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
	settle: single((body, record) => {
		if (isProfile(body.customer))
			return record.simplify ? simplified(body.customer, CUSTOMER_KEPT) : body.customer;
		return new Rejection(
			`Blueshift answered without the customer (it said: ${said(body)})`,
			'The answer holds no customer profile. Run the item again; if it persists, contact Blueshift support.',
		);
	}),
	failure: uuidNotFound,
};

export const description: INodeProperties[] = [
	uuidField(show(operation)),
	simplifyField(SIMPLIFY_SHOWN, CUSTOMER_KEPT),
	optionsField(show(operation), get, {
		...LIFECYCLE_RATE,
		onceNote: 'a second 404 means no such customer',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
