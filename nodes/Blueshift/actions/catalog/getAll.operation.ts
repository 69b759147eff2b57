import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { ParameterReader } from '../../helpers/parameters';
import { single, type Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { isCatalog, LIST_RETRY_ON, said, withoutSecrets } from './common';
import { CATALOG_CALLS_PER_SECOND, catalogOptionsField, show } from './fields';

const operation = ['getAll'];

/**
 * GET /api/v1/catalogs ("Get list of catalogs"): every catalog in one answer, `{ catalogs: [...] }`;
 * the page documents no paging. One call per input item (as n8n's Get Many operations do), each
 * catalog an output item paired to it, without its file source's secrets; Limit cuts the list.
 */
export const getAll: Operation = {
	family: 'catalogs',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: CATALOG_CALLS_PER_SECOND },
	retryOn: LIST_RETRY_ON,
	build: (ctx) => {
		const params = new ParameterReader(ctx);
		return (i): Validated => {
			if (params.get('returnAll', i, false) === true) return { ok: true, record: {} };
			const limit = Number(params.get('limit', i, 50));
			if (!Number.isInteger(limit) || limit < 1) {
				return invalid(
					'limit',
					`Limit must be a whole number of at least 1 (got ${JSON.stringify(limit)})`,
				);
			}
			return { ok: true, record: { limit } };
		};
	},
	request: () => ({ method: 'GET', path: '/api/v1/catalogs' }),
	settle: single((body, record) => {
		const catalogs = Array.isArray(body) ? undefined : body.catalogs;
		if (!Array.isArray(catalogs)) {
			return new Rejection(
				`Blueshift answered without a list of catalogs (it said: ${said(body)})`,
				'Run the item again; if it persists, contact Blueshift support.',
			);
		}
		const all = catalogs.filter(isCatalog).map((c) => withoutSecrets(c) as IDataObject);
		return typeof record.limit === 'number' ? all.slice(0, record.limit) : all;
	}),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show(operation),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show(operation, { returnAll: [false] }),
	},
	catalogOptionsField(operation, getAll),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getAll);
}
