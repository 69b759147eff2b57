import { Emulator } from '../emulator/server';
import { errorOf, expectErrorOutput, jsonOf, paired, useHost, workflowsIn } from './host';
import { output, VERSIONS } from './n8n';

/** Catalog operations in a real n8n, the packed package installed as a community node. */
const KEY = 'e2e-user-api-key-7d41';
const workflows = workflowsIn(/^catalog-.*\.json$/);
const BOOKS = 'dd0d2987-9e57-47d4-9380-8a3e959cbe8e';
const GARDEN = '89ee8378-a887-474b-8afe-e2369cc9297c';

describe.each(VERSIONS)('n8n %s: catalogs with the packed community node', (version) => {
	const emulator = new Emulator({ keys: [KEY] });
	const { run } = useHost(version, emulator, workflows, { apiKey: KEY });
	const catalogs = () =>
		emulator.catalogs as Map<
			string,
			{ name: string; products: Map<string, Record<string, unknown>> }
		>;

	it('Add or Update Items of 250: calls of 100, 100 and 47; bad input and a product Blueshift refuses on the error branch', async () => {
		emulator.refuseProduct('SKU-42', { image: ['is not reachable'] });
		const result = await run('E2E: Catalog, Add or Update Items of 250, three bad inputs');
		const calls = emulator.received(`/api/v1/catalogs/${BOOKS}.json`);
		expect(
			calls.map((c) => [
				c.method,
				c.query.syncUpdateWithProductData,
				c.body.catalog.products.length,
			]),
		).toEqual([
			['PUT', 'true', 100],
			['PUT', 'true', 100],
			['PUT', 'true', 47],
		]);
		expect(calls[0].body.catalog.products[1]).toEqual({
			product_id: 'SKU-1',
			title: 'Book 1',
			image: 'https://example.com/i/1.jpg',
			web_link: 'https://example.com/p/1',
			availability: 'in_stock',
			category: ['Books', 'Books > Fiction'],
			price: '11.99',
			tags: ['new', 'paperback'],
			brand: 'Penguin',
			isbn: '978-1',
		});
		const errors = expectErrorOutput(result, {
			17: /^Invalid input in item 17: Price \(price\) must be a number without currency symbol/,
			42: 'Blueshift refused the product (in its answer): image: is not reachable',
			64: /^Invalid input in item 64: Title \(title\) must be at most 255 characters/,
			99: /^Invalid input in item 99: Image URL \(image\) is required/,
		});
		expect(errors[1].json.sku).toBe('SKU-42');
		const success = output(result, 'Blueshift', 0);
		expect(success).toHaveLength(246);
		expect([...paired(success), ...paired(errors)].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 250 }, (_, i) => i),
		);
		const stored = catalogs().get(BOOKS)!.products;
		expect(stored.size).toBe(246);
		for (const item of success)
			expect(item.json.uuid).toBe(stored.get(String(item.json.product_id))!.uuid);
		expect(success[0].json.catalog_uuid).toBe(BOOKS);
		expect(output(result, 'Handle errors')).toHaveLength(4);
	});

	it('auto-mapped By URL: a 429 and a 503 retried, a 413 split in halves; every product stored once and reported once', async () => {
		const path = `/api/v1/catalogs/${GARDEN}.json`;
		emulator.script(path, [{ status: 429 }, { status: 503 }, { status: 413, raw: '' }]);
		const result = await run('E2E: Catalog, auto-mapped By URL, retried and split');
		const calls = emulator.received(path);
		expect(calls.map((c) => c.status)).toEqual(expect.arrayContaining([429, 503, 413]));
		expect(
			calls.filter((c) => c.status === 200).reduce((n, c) => n + c.body.catalog.products.length, 0),
		).toBe(130);
		const success = output(result, 'Blueshift', 0);
		expect(paired(success)).toEqual(Array.from({ length: 130 }, (_, i) => i));
		expect(success[5].json).toMatchObject({
			product_id: 'G-5',
			price: '6',
			latitude: '51.5',
			longitude: '-0.12',
			uuid: expect.any(String),
		});
		expect(output(result, 'Blueshift', 1)).toHaveLength(0);
		expect(catalogs().get(GARDEN)!.products.size).toBe(130);
	});

	it('Create, then Get by the new UUID, then Get Many with a Limit; a missing catalog goes down the error branch', async () => {
		const result = await run('E2E: Catalog, create, get and list');
		expect(errorOf(result)).toBeUndefined();
		const created = output(result, 'Create catalog')[0].json;
		expect(created).toEqual({
			catalog_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
			name: 'E2E Spring Sale',
		});
		expect(catalogs().get(String(created.catalog_uuid))!.name).toBe('E2E Spring Sale');
		expect(jsonOf(output(result, 'Get catalog'))).toEqual([
			expect.objectContaining({
				uuid: created.catalog_uuid,
				name: 'E2E Spring Sale',
				product_count: 0,
			}),
		]);
		const listed = jsonOf(output(result, 'List catalogs'));
		expect(listed.map((c) => c.name)).toEqual(['Books', 'Winter Collection']);
		expect(JSON.stringify(listed)).not.toMatch(/do-not-show/);
		expect(jsonOf(output(result, 'Not found')).map((j) => j.error)).toEqual(
			Array(2).fill(
				'Catalog not found: Blueshift has no catalog with the UUID 3f1c2b4a-0000-4000-8000-000000000000 (404)',
			),
		);
	});
});
