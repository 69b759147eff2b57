import type { IDataObject } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import type { Settled } from '../../helpers/operation';
import { apiMessageOf, type ApiFailure } from '../../../shared/transport';

/**
 * THE CATALOG ANSWER RULE: which products of one Add or Update Items call are stored.
 * (docs/catalog.md, "What counts as stored", states the same rule.)
 *
 * Every call asks `syncUpdateWithProductData=true`, so that a 200 answers
 * `{ success: { products: [{ product_id, uuid }] }, failure: [{ errors, product }] }`
 * (developer.blueshift.com, "Add items to a catalog"). A 422 answers
 * `{ errors: [{ field: [messages] }], products: [product] }`, `errors[k]` for `products[k]`, the
 * product echoed with `sku` for its product_id in the page's example.
 *
 * 1. A product is STORED only when a 2xx answer lists its product_id (compared as text) in
 *    `success.products` and no `failure` entry names it; its output carries that entry's `uuid`.
 * 2. A `failure` entry (200) or a `products[k]` echo (422) names the products of the call whose
 *    product_id equals its `product_id`, or else its `sku`; each fails with that entry's errors.
 *    When one product_id is twice in a call and the answer names it as failed, both fail.
 * 3. Any other product of the call fails, as not shown to be stored: a 2xx that lists it nowhere
 *    (a `{"status": "ok"}` without the lists included), and every product of a 422 that the 422 does
 *    not name (the page does not say whether a 422 stored the valid products of its call; adding
 *    a product again updates it, so running such an item again is safe).
 * 4. Any other failed status fails every product of the call (the runner's rule); a 404 says the
 *    catalog is missing.
 *
 * It never calls a product stored that the answer does not list as stored (1), and never fails a
 * product that the answer lists as stored unless the same answer also names it as failed (2).
 */

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

const idText = (value: unknown) =>
	typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** The positions of the records an echoed product names (rule 2). */
function named(product: unknown, records: IDataObject[]): number[] {
	if (!isObject(product)) return [];
	const id = idText(product.product_id) ?? idText(product.sku);
	if (id === undefined) return [];
	return records.flatMap((record, position) =>
		idText(record.product_id) === id ? [position] : [],
	);
}

/** What Blueshift said of one product, in a line. */
const reasonOf = (errors: unknown, status: string) => {
	const text = apiMessageOf({ errors }).text || JSON.stringify(errors ?? null).slice(0, 300);
	return `Blueshift refused the product (${status}): ${text}`;
};

const FIX =
	'Fix the fields named in the error and run the item again; the other products of the call were answered for themselves.';

const notShown = (why: string) =>
	new Rejection(
		`Blueshift's answer does not show this product as stored: ${why}`,
		'Run the item again: adding a product again updates it, so a product that was stored stays as one.',
	);

/** Fails the positions each entry names; returns how many entries named no record of the call. */
function placeFailures(
	entries: Array<{ product: unknown; errors: unknown; apiError: IDataObject }>,
	records: IDataObject[],
	status: string,
	failed: Map<number, Rejection>,
): number {
	let unplaced = 0;
	for (const { product, errors, apiError } of entries) {
		const positions = named(product, records);
		if (positions.length === 0) unplaced++;
		for (const position of positions) {
			if (!failed.has(position))
				failed.set(position, new Rejection(reasonOf(errors, status), FIX, apiError));
		}
	}
	return unplaced;
}

/** Rules 1-3 for a 2xx answer: one result per record, in the call's order. */
export function storedProducts(
	body: IDataObject,
	records: IDataObject[],
	catalogUuid: string | undefined,
): Settled[] {
	const success =
		isObject(body.success) && Array.isArray(body.success.products)
			? body.success.products
			: undefined;
	const failure = Array.isArray(body.failure) ? body.failure : undefined;
	if (!success && !failure) {
		const said = JSON.stringify(body).slice(0, 200);
		return records.map(() =>
			notShown(`it lists no stored and no failed products (it said: ${said})`),
		);
	}
	const failed = new Map<number, Rejection>();
	const entries = (failure ?? []).map((entry) => {
		const e = isObject(entry) ? entry : {};
		return { product: e.product, errors: e.errors ?? e.error ?? entry, apiError: e };
	});
	const unplaced = placeFailures(entries, records, 'in its answer', failed);
	const uuids = new Map<string, unknown>();
	for (const entry of success ?? []) {
		const id = isObject(entry) ? idText(entry.product_id) : undefined;
		if (id !== undefined && !uuids.has(id)) uuids.set(id, (entry as IDataObject).uuid);
	}
	const elsewhere =
		unplaced > 0
			? `; the answer also lists ${unplaced} failed product(s) that match no product of the call`
			: '';
	return records.map((record, position) => {
		const rejection = failed.get(position);
		if (rejection) return rejection;
		const id = idText(record.product_id);
		if (id === undefined || !uuids.has(id))
			return notShown(`its product_id is not among the stored products${elsewhere}`);
		const uuid = uuids.get(id);
		return {
			...record,
			catalog_uuid: catalogUuid,
			...(uuid !== undefined && uuid !== null ? { uuid } : {}),
		} as IDataObject;
	});
}

/** Rules 2-4 for a failed answer: a 422 naming products, a 404; otherwise the runner's rule. */
export function refusedProducts(
	answer: ApiFailure,
	records: IDataObject[],
	catalogUuid: string | undefined,
): Settled[] | undefined {
	const body = isObject(answer.body) ? (answer.body as IDataObject) : {};
	if (answer.status === 404) {
		return records.map(
			() =>
				new Rejection(
					`Catalog not found: Blueshift has no catalog with the UUID ${String(catalogUuid)} (404)`,
					'Pick the catalog from the list, or check its UUID; nothing was stored.',
					{ ...body, status: 404 },
				),
		);
	}
	if (answer.status !== 422 || !Array.isArray(body.products)) return undefined;
	const errors = Array.isArray(body.errors) ? body.errors : [];
	const entries = body.products.map((product, k) => ({
		product,
		errors: errors[k],
		apiError: { status: 422, errors: errors[k] ?? null, product: product ?? null } as IDataObject,
	}));
	const failed = new Map<number, Rejection>();
	placeFailures(entries, records, '422', failed);
	return records.map(
		(_, position) =>
			failed.get(position) ??
			notShown(
				'Blueshift refused the call (422) for other products of it, and does not say whether this one was stored',
			),
	);
}
