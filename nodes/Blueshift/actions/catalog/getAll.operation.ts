import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { single, type Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { limitBuilder, returnAllFields, toLimit } from '../shared/returnAll';
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
	build: limitBuilder,
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
		return toLimit(all, record);
	}),
};

export const description: INodeProperties[] = [
	...returnAllFields(show(operation)),
	catalogOptionsField(operation, getAll),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getAll);
}
