import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INodeListSearchResult } from 'n8n-workflow';

import { DEFAULT_CATALOGS } from './emulator/routes/catalogs';
import {
	credentialsFor,
	expectNoSecret,
	FAST,
	jsonOf,
	pairedOf,
	run,
	useEmulator,
} from './support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWorkflow, makeAdditionalData } = require('./support/harness');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Blueshift } = require('../dist/nodes/Blueshift/Blueshift.node.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { catalogAppUrl } = require('../dist/nodes/Blueshift/actions/catalog/locator.js');

const BOOKS = 'dd0d2987-9e57-47d4-9380-8a3e959cbe8e';
const MISSING = '3f1c2b4a-0000-4000-8000-000000000000';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const catalogOp = (operation: string, fields: Record<string, unknown> = {}) => ({
	resource: 'catalog',
	operation,
	options: FAST,
	...fields,
});

/** The Catalog field's From List search, called the way n8n's editor calls a listSearch method. */
async function searchCatalogs(
	credentials: Record<string, unknown>,
	filter?: string,
): Promise<INodeListSearchResult> {
	const node = new Blueshift();
	const nodeTypes = {
		getByName: () => node,
		getByNameAndVersion: () => node,
		getKnownTypes: () => ({}),
	};
	const blueshift = buildWorkflow({
		parameters: { resource: 'catalog', operation: 'get' },
		items: [],
	}).nodes[1];
	const workflow = new Workflow({
		id: 'test',
		nodes: [blueshift] as never,
		connections: {},
		nodeTypes: nodeTypes as never,
		active: false,
	});
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode('Blueshift')!,
		makeAdditionalData(undefined, credentials) as never,
		'parameters',
	);
	return await node.methods.listSearch.searchCatalogs.call(context, filter);
}

describe('Catalog', () => {
	const emulator = useEmulator();

	describe('Get Many', () => {
		it('Return All: every catalog, one item each, paired to the input item, from one GET', async () => {
			const result = await run(emulator, catalogOp('getAll', { returnAll: true }), [
				{ any: 'input' },
			]);
			expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([
				['GET', '/api/v1/catalogs'],
			]);
			expect(jsonOf(result.success).map((c) => c.uuid)).toEqual(
				DEFAULT_CATALOGS.map((c) => c.uuid),
			);
			expect(pairedOf(result.success)).toEqual(DEFAULT_CATALOGS.map(() => 0));
			expect(result.success[0].json).toMatchObject({
				name: 'Books',
				upload_method: 'file',
				bucket: 'bsft-catalogs',
			});
		});

		it('leaves out the secrets of a catalog file source (passwords, secret and access keys)', async () => {
			const result = await run(emulator, catalogOp('getAll', { returnAll: true }), [{}]);
			const text = JSON.stringify(result.success);
			expect(text).not.toMatch(/do-not-show/);
			expect(result.success[0].json).not.toHaveProperty('secret_access_key');
			expect(result.success[0].json).not.toHaveProperty('s3_access_key');
			expect(result.success[0].json.last_catalog_file).toEqual({
				id: '332983',
				file_name: 'products.csv',
				status: 'success',
			});
		});

		it('Limit: at most that many, per input item (one call each); a bad Limit names the item and field', async () => {
			const result = await run(
				emulator,
				catalogOp('getAll', { returnAll: false, limit: '={{ $json.limit }}' }),
				[{ limit: 2 }, { limit: 1 }, { limit: 0 }],
			);
			expect(emulator.requests).toHaveLength(2);
			expect(pairedOf(result.success)).toEqual([0, 0, 1]);
			expect(jsonOf(result.success).map((c) => c.name)).toEqual([
				'Books',
				'Winter Collection',
				'Books',
			]);
			expect(pairedOf(result.errors)).toEqual([2]);
			expect(result.errors[0].json.error).toMatch(
				/^Invalid input in item 2: Limit must be a whole number/,
			);
		});

		it('retries 404 and 409 as the list page says ("resource conflicts"), then answers', async () => {
			emulator.script('/api/v1/catalogs', [{ status: 404 }, { status: 409 }, { status: 429 }]);
			const result = await run(emulator, catalogOp('getAll', { returnAll: true }), [{}]);
			expect(emulator.requests.map((r) => r.status)).toEqual([404, 409, 429, 200]);
			expect(result.success).toHaveLength(DEFAULT_CATALOGS.length);
		});

		it('an answer without the list, or a bad key, goes to the error output with the reason', async () => {
			emulator.script('/api/v1/catalogs', [{ status: 200, body: { status: 'ok' } }]);
			const odd = await run(emulator, catalogOp('getAll', { returnAll: true }), [{ n: 1 }]);
			expect(odd.errors[0].json).toEqual({
				n: 1,
				error: expect.stringMatching(/^Blueshift answered without a list of catalogs/),
				message: expect.any(String),
			});
			const refused = await run(
				emulator,
				catalogOp('getAll', { returnAll: true }),
				[{ n: 1 }],
				'continueErrorOutput',
				'wrong-key',
			);
			expect(refused.errors[0].json.error).toMatch(/^Blueshift did not accept the API key \(401/);
			expectNoSecret(refused);
		});
	});

	describe('Get', () => {
		it('reads the catalog By UUID, By URL and From List, one GET each', async () => {
			const url = `https://app.getblueshift.com/dashboard#/app/catalogs/${BOOKS}/details`;
			const items = [
				{ mode: 'id', value: BOOKS },
				{ mode: 'url', value: url },
				{ mode: 'list', value: DEFAULT_CATALOGS[1].uuid },
			];
			const result = await run(
				emulator,
				catalogOp('get', {
					catalog: { __rl: true, mode: '={{ $json.mode }}', value: '={{ $json.value }}' },
				}),
				items,
			);
			expect(emulator.requests.map((r) => r.path)).toEqual([
				`/api/v1/catalogs/${BOOKS}.json`,
				`/api/v1/catalogs/${BOOKS}.json`,
				`/api/v1/catalogs/${DEFAULT_CATALOGS[1].uuid}.json`,
			]);
			expect(jsonOf(result.success).map((c) => c.name)).toEqual([
				'Books',
				'Books',
				'Winter Collection',
			]);
			expect(JSON.stringify(result.success)).not.toMatch(/do-not-show/);
			expect(pairedOf(result.success)).toEqual([0, 1, 2]);
		});

		it('takes the URL shapes it says (other app paths, another app host) and names the item of a bad UUID or URL', async () => {
			const catalog = { __rl: true, mode: 'url', value: '={{ $json.url }}' };
			const items = [
				{ url: `https://app.getblueshift.com/dashboard#/app/catalogs/${BOOKS}/edit?tab=2` },
				{ url: `https://app.eu.getblueshift.com/dashboard#/app/catalogs/${BOOKS}` },
				{ url: `https://example.com/dashboard#/app/catalogs/${BOOKS}/details` },
				{ url: 'https://app.getblueshift.com/dashboard#/app/campaigns/x/details' },
			];
			const result = await run(emulator, catalogOp('get', { catalog }), items);
			expect(pairedOf(result.success)).toEqual([0, 1]);
			expect(pairedOf(result.errors)).toEqual([2, 3]);
			expect(result.errors[0].json.error).toMatch(
				/^Invalid input in item 2: Catalog \(By URL\) must be a catalog's page in Blueshift/,
			);
			const bad = await run(emulator, catalogOp('get', { catalog: byId('={{ $json.id }}') }), [
				{ id: 'not-a-uuid' },
				{ id: '' },
			]);
			expect(jsonOf(bad.errors).map((j) => j.error)).toEqual([
				expect.stringMatching(
					/^Invalid input in item 0: Catalog \(By UUID\) must be a catalog UUID/,
				),
				expect.stringMatching(/^Invalid input in item 1: Catalog is required/),
			]);
			expect(emulator.requests.filter((r) => r.status === 200)).toHaveLength(2);
		});

		it('a catalog Blueshift does not have is a 404 on the item, asked once', async () => {
			const result = await run(
				emulator,
				catalogOp('get', { catalog: byId(MISSING) }),
				[{ n: 1 }],
				'continueRegularOutput',
			);
			expect(emulator.requests).toHaveLength(1);
			expect(result.success[0].json).toMatchObject({
				error: `Catalog not found: Blueshift has no catalog with the UUID ${MISSING} (404)`,
				details: { itemIndex: 0, httpCode: 404 },
			});
		});
	});

	describe('Create', () => {
		it('posts { catalog: { name } } and returns the new catalog_uuid with the name', async () => {
			const result = await run(emulator, catalogOp('create', { name: '={{ $json.name }}' }), [
				{ name: ' Spring Sale ' },
				{ name: '' },
			]);
			expect(emulator.requests.map((r) => [r.method, r.path, r.body])).toEqual([
				['POST', '/api/v1/catalogs', { catalog: { name: 'Spring Sale' } }],
			]);
			const made = result.success[0].json;
			expect(made).toEqual({
				catalog_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
				name: 'Spring Sale',
			});
			expect(emulator.catalogs.get(made.catalog_uuid).name).toBe('Spring Sale');
			expect(result.errors[0].json.error).toBe('Invalid input in item 1: Name is required');
		});

		it("Blueshift's refusal of a name another catalog has goes to the error output", async () => {
			const result = await run(emulator, catalogOp('create', { name: 'Books' }), [{}]);
			expect(result.errors[0].json.error).toMatch(
				/^Blueshift rejected the request \(400: Bad Request\)/,
			);
		});

		it('is not sent again when its answer was lost (a second create could make a second catalog)', async () => {
			emulator.script('/api/v1/catalogs', [{ passThrough: true, reset: true }]);
			const result = await run(emulator, catalogOp('create', { name: 'Lost Answer' }), [{}]);
			expect(emulator.received('/api/v1/catalogs')).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(/failed before it answered|may have/);
			expect(result.errors[0].json.message).toMatch(/Not retried/);
		});
	});

	describe('From List search', () => {
		it('lists every catalog by name, with its page in Blueshift, and filters by name or UUID', async () => {
			const all = await searchCatalogs(credentialsFor(emulator));
			expect(all.results.map((r) => r.name)).toEqual(['Books', 'Garden', 'Winter Collection']);
			expect(all.results[0]).toEqual({
				name: 'Books',
				value: BOOKS,
				url: `https://app.getblueshift.com/dashboard#/app/catalogs/${BOOKS}/details`,
			});
			expect(
				(await searchCatalogs(credentialsFor(emulator), 'wint')).results.map((r) => r.name),
			).toEqual(['Winter Collection']);
			expect(
				(
					await searchCatalogs(credentialsFor(emulator), BOOKS.slice(0, 8).toUpperCase())
				).results.map((r) => r.value),
			).toEqual([BOOKS]);
		});

		it('links to the app page except in the EU region, whose app host the pages do not give; a bad key says so', async () => {
			expect(catalogAppUrl('us', BOOKS)).toBe(
				`https://app.getblueshift.com/dashboard#/app/catalogs/${BOOKS}/details`,
			);
			expect(catalogAppUrl('eu', BOOKS)).toBeUndefined();
			await expect(searchCatalogs(credentialsFor(emulator, 'wrong-key'))).rejects.toThrow(/401/);
		});
	});
});
