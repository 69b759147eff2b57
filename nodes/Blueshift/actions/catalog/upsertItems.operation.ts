import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../helpers/operation';
import { run } from '../../helpers/runner';
import { jsonBytes } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { refusedProducts, storedProducts } from './answer';
import {
	CATALOG_CALLS_PER_SECOND,
	catalogField,
	catalogOptionsField,
	MAX_PRODUCTS,
	productFields,
} from './fields';
import { productBuilder } from './product';

const operation = ['upsertItems'];

/**
 * PUT /api/v1/catalogs/{catalog_uuid}.json?syncUpdateWithProductData=true with
 * `{ catalog: { products } }` ("Add items to a catalog"): the valid items in calls of at most Batch
 * Size (100, 413 beyond: a refused call is split in halves and resent), one catalog per call.
 * Adding a product again updates it, so a call is retried after 429, 502-504 or a lost answer.
 * Each item's output is its product with Blueshift's uuid, or Blueshift's reason (see answer.ts).
 */
export const upsertItems: Operation = {
	family: 'catalogItems',
	rate: { option: 'callsPerSecond', default: CATALOG_CALLS_PER_SECOND },
	batch: {
		max: MAX_PRODUCTS,
		envelopeBytes: jsonBytes({ catalog: { products: [] } }),
		splitOn413: true,
	},
	retryOn: DEFAULT_RETRY_ON,
	build: productBuilder,
	request: (products, catalogUuid) => ({
		method: 'PUT',
		path: `/api/v1/catalogs/${encodeURIComponent(String(catalogUuid))}.json`,
		qs: { syncUpdateWithProductData: 'true' },
		body: { catalog: { products } },
	}),
	settle: storedProducts,
	failure: refusedProducts,
};

export const description: INodeProperties[] = [
	catalogField(operation),
	...productFields(operation),
	catalogOptionsField(operation, upsertItems),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, upsertItems);
}
