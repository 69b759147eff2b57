'use strict';
/**
 * Blueshift's catalog endpoints, as list-catalogs.md, create-catalog.md, get-catalog.md and
 * add-catalog-items.md document them (developer.blueshift.com, User API key):
 *
 * - GET /api/v1/catalogs: `{ catalogs: [...] }`, every catalog in one answer (no paging documented).
 * - POST /api/v1/catalogs with `{ catalog: { name } }`: 200 `{ catalog_uuid }`. A missing or blank
 *   name, or the name of another catalog (the page asks for a unique name; its 400 covers "missing
 *   fields ... conflicts such as duplicate data"): 400 `{"message": "Bad Request"}`.
 * - GET /api/v1/catalogs/:uuid.json: the catalog's details; unknown: 404 `{"message": "Not Found"}`.
 * - PUT /api/v1/catalogs/:uuid.json with `{ catalog: { products } }` [?syncUpdateWithProductData=true]:
 *   unknown catalog: 404 `{"status": "404", "error": "Not Found"}`; no products list: 400
 *   `{ status: 400, error }`; more than 100 products: 413 (the page documents no body: none here).
 *   Each product is checked with the page's rules (required image, product_id, title, web_link,
 *   availability, category; product_id <= 64, title <= 255, links <= 500; msrp and price numbers;
 *   latitude -90..90, longitude -180..180), and refused when a test said so (`refuseProduct`).
 *   With sync=true: 200 `{ success: { products: [{ product_id, uuid }] }, failure: [{ errors, product }] }`,
 *   the valid products stored. Without: 200 `{"status": "ok"}` when all are valid, else the page's
 *   422 `{ errors: [{ field: [messages] }], products: [...] }`, a product echoed as in the page's
 *   example: `sku` for its product_id, and `catalog_uuid`.
 *
 * Where the pages are silent, the test settings below say what is guessed (`emulator.catalogGuess`):
 * - `invalidWithSync`: 'failure' (default: the sync answer's documented failure list) or '422' (a
 *   GUESS: a 422 in the page's 422 shape even when sync=true was asked).
 * - `storeValidOn422`: whether a 422 stored the valid products of its call. The page does not say;
 *   default false (nothing of a refused call is stored), true is the other GUESS.
 * - No rate is documented for catalogs: the routes count against the limit classes `catalogs` and
 *   `catalogItems`, which the emulator's default limits do not hold, so nothing is enforced unless a
 *   test or bench sets `emulator.limits.catalogItems` (a GUESS at a limit, named so where it is set).
 *
 * State: `emulator.catalogs` (uuid -> catalog with `products`: product_id -> product),
 * `emulator.storedProducts` (one entry { catalog_uuid, product_id } per product stored, repeats too).
 */
const { randomUUID } = require('node:crypto');

const MAX_PRODUCTS = 100;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const REQUIRED = ['image', 'product_id', 'title', 'web_link', 'availability', 'category'];
const LIMITS = { product_id: 64, title: 255, image: 500, web_link: 500 };

/** The catalogs every test starts with; Books holds its file source's settings as the list page shows them. */
const DEFAULT_CATALOGS = [
	{
		uuid: 'dd0d2987-9e57-47d4-9380-8a3e959cbe8e',
		name: 'Books',
		catalog_type: 'ecommerce',
		upload_method: 'file',
		update_frequency: 'daily',
		status: 'success',
		bucket: 'bsft-catalogs',
		s3_access_key: 'ABCDEFPLOI7NY4NP5KON',
		secret_access_key: 'emulator-s3-secret-do-not-show',
		sftp_password: 'emulator-sftp-secret-do-not-show',
		last_catalog_file: {
			id: '332983',
			file_name: 'products.csv',
			s3_key: 'emulator-s3-key-do-not-show',
			status: 'success',
		},
	},
	{
		uuid: '0215377e-71c2-4a4f-8ec2-3a7d04ad0461',
		name: 'Winter Collection',
		catalog_type: 'ecommerce',
		upload_method: 'api',
		status: 'success',
	},
	{
		uuid: '89ee8378-a887-474b-8afe-e2369cc9297c',
		name: 'Garden',
		catalog_type: 'ecommerce',
		upload_method: 'api',
		status: 'success',
	},
];

/** A required field is present: not null, not blank text, not an empty list. */
const has = (value) =>
	value !== undefined &&
	value !== null &&
	!(typeof value === 'string' && value.trim() === '') &&
	!(Array.isArray(value) && value.length === 0);

/** Field errors for one product in Blueshift's `{ field: [messages] }` shape, or undefined. */
function productErrors(product) {
	if (!product || typeof product !== 'object' || Array.isArray(product))
		return { product: ['must be an object'] };
	const errors = {};
	const add = (field, message) => (errors[field] ??= []).push(message);
	for (const field of REQUIRED) if (!has(product[field])) add(field, "can't be blank");
	for (const [field, max] of Object.entries(LIMITS)) {
		if (has(product[field]) && String(product[field]).length > max)
			add(field, `is too long (maximum is ${max} characters)`);
	}
	if (has(product.category) && !Array.isArray(product.category))
		add('category', 'must be an array');
	for (const field of ['msrp', 'price'])
		if (has(product[field]) && !NUMBER.test(String(product[field]).trim()))
			add(field, 'is not a number');
	for (const [field, limit, name] of [
		['latitude', 90, 'latitude'],
		['longitude', 180, 'longitude'],
	]) {
		if (!has(product[field])) continue;
		const text = String(product[field]).trim();
		if (!NUMBER.test(text) || Math.abs(Number(text)) > limit)
			add(name, `Must be between -${limit} and ${limit}`);
	}
	return Object.keys(errors).length ? errors : undefined;
}

function register(emulator) {
	emulator.onReset((emu) => {
		emu.catalogs = new Map(
			DEFAULT_CATALOGS.map((c) => [c.uuid, { ...structuredClone(c), products: new Map() }]),
		);
		emu.storedProducts = [];
		emu.productRefusals = new Map();
		emu.catalogGuess = { invalidWithSync: 'failure', storeValidOn422: false };
	});
	/** Products with this product_id are refused with these field errors (whatever else they hold). */
	emulator.refuseProduct = (productId, errors = { image: ['is not reachable'] }) => {
		emulator.productRefusals.set(String(productId), errors);
		return emulator;
	};

	const summary = (catalog) => {
		const { products, ...rest } = catalog;
		return { ...rest, product_count: products.size };
	};

	emulator.addRoute(
		'GET',
		'/api/v1/catalogs',
		() => ({ status: 200, body: { catalogs: [...emulator.catalogs.values()].map(summary) } }),
		{ limit: 'catalogs' },
	);

	emulator.addRoute(
		'POST',
		'/api/v1/catalogs',
		(entry) => {
			const name = entry.body.catalog?.name;
			const taken = [...emulator.catalogs.values()].some((c) => c.name === name);
			if (typeof name !== 'string' || name.trim() === '' || taken)
				return { status: 400, body: { message: 'Bad Request' } };
			const uuid = randomUUID();
			emulator.catalogs.set(uuid, {
				uuid,
				name,
				catalog_type: 'ecommerce',
				upload_method: 'api',
				status: 'success',
				products: new Map(),
			});
			return { status: 200, body: { catalog_uuid: uuid } };
		},
		{ limit: 'catalogs' },
	);

	emulator.addRoute(
		'GET',
		'/api/v1/catalogs/:uuid.json',
		(_entry, { uuid }) => {
			const catalog = emulator.catalogs.get(uuid);
			return catalog
				? { status: 200, body: summary(catalog) }
				: { status: 404, body: { message: 'Not Found' } };
		},
		{ limit: 'catalogs' },
	);

	emulator.addRoute(
		'PUT',
		'/api/v1/catalogs/:uuid.json',
		(entry, { uuid }) => {
			const catalog = emulator.catalogs.get(uuid);
			if (!catalog) return { status: 404, body: { status: '404', error: 'Not Found' } };
			const products = entry.body.catalog?.products;
			if (!Array.isArray(products))
				return { status: 400, body: { status: 400, error: "products can't be blank" } };
			if (products.length > MAX_PRODUCTS) return { status: 413, raw: '' };
			const sync = entry.query?.syncUpdateWithProductData === 'true';
			const checked = products.map((product) => ({
				product,
				errors: productErrors(product) ?? emulator.productRefusals.get(String(product?.product_id)),
			}));
			const invalid = checked.filter((c) => c.errors);
			const store = (product) => {
				const id = String(product.product_id);
				const previous = catalog.products.get(id);
				catalog.products.set(id, { ...product, uuid: previous?.uuid ?? randomUUID() });
				emulator.storedProducts.push({ catalog_uuid: uuid, product_id: id });
				return catalog.products.get(id).uuid;
			};
			if (invalid.length > 0 && (!sync || emulator.catalogGuess.invalidWithSync === '422')) {
				if (emulator.catalogGuess.storeValidOn422)
					for (const c of checked) if (!c.errors) store(c.product);
				return {
					status: 422,
					body: {
						errors: invalid.map((c) => c.errors),
						products: invalid.map(({ product }) => {
							const { product_id: id, ...rest } = product ?? {};
							return { ...rest, catalog_uuid: uuid, sku: id };
						}),
					},
				};
			}
			const stored = checked
				.filter((c) => !c.errors)
				.map(({ product }) => ({ product_id: String(product.product_id), uuid: store(product) }));
			if (!sync) return { status: 200, body: { status: 'ok' } };
			return {
				status: 200,
				body: {
					success: { products: stored },
					failure: invalid.map(({ product, errors }) => ({
						errors: [errors],
						product: { ...product, catalog_uuid: uuid, sku: product?.product_id },
					})),
				},
			};
		},
		{ limit: 'catalogItems' },
	);
}

module.exports = { register, DEFAULT_CATALOGS, MAX_PRODUCTS };
