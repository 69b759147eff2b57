import type { INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from './emulator/server';
import { FAULT_OPTIONS, FAULT_RATES } from './support/faults';
import { FAST, pairedOf, run, useEmulator } from './support/fixtures';

/**
 * Add or Update Items under faults: every input item on exactly one output, paired to itself; no
 * product reported stored that the emulator did not store; a stored product reported as failed
 * only where its error says the outcome is unknown; no call tried more than the retry budget.
 */
const BOOKS = 'dd0d2987-9e57-47d4-9380-8a3e959cbe8e';
const PATH = `/api/v1/catalogs/${BOOKS}.json`;
const SEEDS = (process.env.FAULT_SEEDS ?? '1,2,3').split(',').map(Number);
const COUNT = Number(process.env.FAULT_CATALOG ?? 5000);

type CatalogEmulator = Emulator & {
	storedProducts: Array<{ catalog_uuid: string; product_id: string }>;
	refuseProduct(productId: string, errors?: Record<string, string[]>): CatalogEmulator;
};

const products = (n: number) =>
	Array.from({ length: n }, (_, i) => ({
		product_id: `P-${i}`,
		title: `Product ${i}`,
		image: `https://example.com/i/${i}.jpg`,
		web_link: `https://example.com/p/${i}`,
		availability: 'in_stock',
		category: ['All'],
	}));

const autoMap = (options: Record<string, unknown>) => ({
	resource: 'catalog',
	operation: 'upsertItems',
	catalog: { __rl: true, mode: 'id', value: BOOKS },
	dataMode: 'autoMapInputData',
	options,
});

/** Errors that say the product may or may not have been stored. */
const UNKNOWN =
	/did not answer within|failed before it answered|other than a JSON object|an empty body|may have saved|does not show this product as stored/;

function checkProducts(
	emulator: CatalogEmulator,
	count: number,
	success: INodeExecutionData[],
	errors: INodeExecutionData[],
	maxRetries: number,
) {
	expect([...pairedOf(success), ...pairedOf(errors)].sort((a, b) => a - b)).toEqual(
		Array.from({ length: count }, (_, i) => i),
	);
	const stored = new Set(emulator.storedProducts.map((p) => p.product_id));
	for (const item of success) {
		expect({ id: item.json.product_id, stored: stored.has(String(item.json.product_id)) }).toEqual({
			id: item.json.product_id,
			stored: true,
		});
		expect(item.json.uuid).toEqual(expect.any(String));
	}
	const unknown = new Set(
		errors.filter((e) => UNKNOWN.test(String(e.json.error))).map((e) => String(e.json.product_id)),
	);
	const succeeded = new Set(success.map((item) => String(item.json.product_id)));
	for (const id of stored)
		expect({ id, reported: succeeded.has(id) || unknown.has(id) }).toEqual({ id, reported: true });
	const attempts = new Map<string, number>();
	for (const request of emulator.received(PATH)) {
		const first = String(request.body?.catalog?.products?.[0]?.product_id);
		attempts.set(first, (attempts.get(first) ?? 0) + 1);
	}
	for (const tries of attempts.values()) expect(tries).toBeLessThanOrEqual(maxRetries + 1);
}

describe('Catalog: Add or Update Items under faults', () => {
	const emulator = useEmulator({ limits: false }) as CatalogEmulator;

	it.each(SEEDS)(
		`${COUNT} products with every fault the emulator injects, seed %i`,
		async (seed) => {
			emulator.randomFaults(seed, FAULT_RATES, 1000);
			for (let i = 0; i < COUNT; i += 499)
				emulator.refuseProduct(`P-${i}`, { image: ['is not reachable'] });
			const result = await run(emulator, autoMap(FAULT_OPTIONS), products(COUNT));
			checkProducts(emulator, COUNT, result.success, result.errors, FAULT_OPTIONS.maxRetries);
			const refused = result.errors.filter((e) =>
				String(e.json.error).startsWith('Blueshift refused the product'),
			);
			for (const item of refused)
				expect(Number(String(item.json.product_id).slice(2)) % 499).toBe(0);
			expect(result.success.length).toBeGreaterThan(COUNT * 0.7);
		},
	);

	it('429s from a limit (a guess: Blueshift documents none for catalogs) slow the node down; nothing is lost', async () => {
		emulator.limits = { single: 50, bulk: 5, catalogItems: 2 } as never; // GUESS at a catalog limit, for this test only
		const result = await run(
			emulator,
			autoMap({ ...FAST, maxRetries: 10, callsPerSecond: 20 }),
			products(1200),
		);
		expect(emulator.received(PATH, 429).length).toBeGreaterThan(0);
		expect(result.success).toHaveLength(1200);
		checkProducts(emulator, 1200, result.success, result.errors, 10);
	});

	it('502, 503, 504 and a reset are retried; a product stored whose answer was lost is reported once, as stored', async () => {
		emulator.script(PATH, [
			{ status: 502 },
			{ status: 503 },
			{ status: 504 },
			{ passThrough: true, reset: true },
		]);
		const result = await run(emulator, autoMap({ ...FAST, maxRetries: 5 }), products(30));
		expect(emulator.received(PATH).map((r) => r.status)).toEqual([502, 503, 504, 'reset', 200]);
		expect(result.success).toHaveLength(30);
		expect(emulator.storedProducts).toHaveLength(60);
		checkProducts(emulator, 30, result.success, result.errors, 5);
	});

	it('a 500 is not retried (the page says to contact Blueshift): every product of the call fails with it, none stored', async () => {
		emulator.script(PATH, [{ status: 500 }]);
		const result = await run(emulator, autoMap(FAST), products(120));
		// the first call to arrive gets the 500: exactly its products fail
		const refused = emulator
			.received(PATH, 500)[0]
			.body.catalog.products.map((p: { product_id: string }) => Number(p.product_id.slice(2)));
		expect(pairedOf(result.errors)).toEqual(refused);
		expect(result.errors[0].json.error).toMatch(/^Blueshift had a server error \(500/);
		expect(result.success).toHaveLength(120 - refused.length);
		checkProducts(emulator, 120, result.success, result.errors, FAST.maxRetries);
	});

	it('with retries used up, the error says an earlier attempt may have stored the product', async () => {
		emulator.script(PATH, [
			{ passThrough: true, reset: true },
			{ status: 503 },
			{ status: 503 },
			{ status: 503 },
		]);
		const result = await run(emulator, autoMap(FAST), products(5));
		expect(result.errors).toHaveLength(5);
		expect(result.errors[0].json.error).toMatch(/may have saved the record/);
		checkProducts(emulator, 5, result.success, result.errors, FAST.maxRetries);
	});

	it('a missing catalog fails every item with a 404 that says so, not retried', async () => {
		const missing = '3f1c2b4a-0000-4000-8000-000000000000';
		const result = await run(
			emulator,
			{ ...autoMap(FAST), catalog: { __rl: true, mode: 'id', value: missing } },
			products(3),
		);
		expect(emulator.requests).toHaveLength(1);
		expect(result.errors.map((e) => e.json.error)).toEqual(
			Array(3).fill(`Catalog not found: Blueshift has no catalog with the UUID ${missing} (404)`),
		);
	});
});
