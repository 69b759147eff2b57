import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { single, type Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { isCatalog, said, withoutSecrets } from './common';
import { CATALOG_CALLS_PER_SECOND, catalogField, catalogOptionsField } from './fields';
import { catalogReader } from './locator';

const operation = ['get'];

/**
 * GET /api/v1/catalogs/{catalog_uuid}.json ("Get catalog details"), one call per item; the output
 * is the catalog, without its file source's secrets. The page documents 404 as "not found" (not
 * as a conflict to retry): it is the item's answer.
 */
export const get: Operation = {
	family: 'catalogs',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: CATALOG_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	build: (ctx) => {
		const catalogOf = catalogReader(ctx);
		return (i): Validated => {
			const catalog = catalogOf(i);
			return 'rule' in catalog
				? invalid('catalog', catalog.rule)
				: { ok: true, record: { catalog_uuid: catalog.uuid } };
		};
	},
	request: ([record]) => ({
		method: 'GET',
		path: `/api/v1/catalogs/${encodeURIComponent(String(record.catalog_uuid))}.json`,
	}),
	settle: single((body) => {
		if (isCatalog(body) && (body.uuid !== undefined || body.name !== undefined))
			return withoutSecrets(body) as IDataObject;
		return new Rejection(
			`Blueshift answered without the catalog (it said: ${said(body)})`,
			'Run the item again; if it persists, contact Blueshift support.',
		);
	}),
	failure: (answer, [record]) => {
		if (answer.status !== 404) return undefined;
		return [
			new Rejection(
				`Catalog not found: Blueshift has no catalog with the UUID ${String(record.catalog_uuid)} (404)`,
				'Pick the catalog from the list, or check its UUID.',
				{ ...((answer.body ?? {}) as IDataObject), status: 404 },
			),
		];
	},
};

export const description: INodeProperties[] = [
	catalogField(operation),
	catalogOptionsField(operation, get),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
