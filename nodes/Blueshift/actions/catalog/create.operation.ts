import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { single, type Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { said } from './common';
import { CATALOG_CALLS_PER_SECOND, catalogOptionsField, show } from './fields';

const operation = ['create'];

/**
 * POST /api/v1/catalogs with `{ catalog: { name } }` ("Create a catalog"), one call per item; the
 * output is `{ catalog_uuid, name }`. A create is not repeated when its answer was lost.
 */
export const create: Operation = {
	family: 'catalogs',
	rate: { option: 'callsPerSecond', default: CATALOG_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	retryUnknown: false,
	build: (ctx) => {
		const params = new ParameterReader(ctx);
		return (i): Validated => {
			const name = asText(params.get('name', i));
			if (typeof name !== 'string' || name === '') {
				return invalid(
					'name',
					typeof name === 'string' || name == null ? 'Name is required' : 'Name must be text',
				);
			}
			return { ok: true, record: { name } };
		};
	},
	request: ([record]) => ({ method: 'POST', path: '/api/v1/catalogs', body: { catalog: record } }),
	settle: single((body, record) => {
		const uuid = body.catalog_uuid;
		if (typeof uuid === 'string' && uuid !== '') return { catalog_uuid: uuid, name: record.name };
		return new Rejection(
			`Blueshift answered without the new catalog's UUID (it said: ${said(body)})`,
			'Look for the catalog by its name in Blueshift (Get Many) before running the item again: a second create could make a second catalog.',
		);
	}),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Winter Collection',
		description:
			'Name of the new catalog; Blueshift asks for a name no other catalog of the account has',
		displayOptions: show(operation),
	},
	catalogOptionsField(operation, create),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, create);
}
