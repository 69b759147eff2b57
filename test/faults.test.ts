import { checkDelivery, FAULT_OPTIONS, FAULT_RATES } from './support/faults';
import { run, useEmulator } from './support/fixtures';

/**
 * Fault injection: every fault the emulator knows, at once, with fixed seeds. `npm run soak` runs
 * the same checks with more seeds, higher rates and more records.
 */
const SEEDS = (process.env.FAULT_SEEDS ?? '1,2,3').split(',').map(Number);
const BULK = Number(process.env.FAULT_BULK ?? 10000);
const SINGLE = Number(process.env.FAULT_SINGLE ?? 1000);
const SCALE = Number(process.env.FAULT_RATE_SCALE ?? 1);
const rates = Object.fromEntries(Object.entries(FAULT_RATES).map(([k, v]) => [k, v * SCALE]));

describe('nothing lost, nothing duplicated, under injected faults', () => {
	const emulator = useEmulator({ limits: false });
	let unhandled: unknown[] = [];
	const onUnhandled = (reason: unknown) => unhandled.push(reason);
	beforeAll(() => process.on('unhandledRejection', onUnhandled));
	afterAll(() => process.off('unhandledRejection', onUnhandled));
	beforeEach(() => (unhandled = []));
	afterEach(() => expect(unhandled).toEqual([]));

	const people = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, firstname: `P${i}` }));

	it.each(SEEDS)(`Bulk Upsert of ${BULK} records, seed %i`, async (seed) => {
		emulator.randomFaults(seed, rates, 1000);
		for (let i = 0; i < BULK; i += 997) emulator.reject(`p${i}@example.com`, { email: ['is invalid'] });
		const items = people(BULK);
		const result = await run(emulator, { operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAULT_OPTIONS }, items);
		checkDelivery(emulator, BULK, result.success, result.errors, {
			maxRetries: FAULT_OPTIONS.maxRetries,
			path: '/api/v1/customers/bulk',
			recordsOf: (body) => body.customers,
		});
		// the rejected records are on the error output with Blueshift's reason
		const rejected = result.errors.filter((e) => String(e.json.error).includes('refused the record'));
		expect(rejected.length).toBeGreaterThan(0);
		expect(emulator.stored.length).toBeGreaterThan(BULK * 0.8);
	});

	it.each(SEEDS)(`Upsert Customer of ${SINGLE} records, seed %i`, async (seed) => {
		emulator.randomFaults(seed, rates, 1000);
		const result = await run(emulator, { operation: 'upsert', dataMode: 'autoMapInputData', options: FAULT_OPTIONS }, people(SINGLE));
		checkDelivery(emulator, SINGLE, result.success, result.errors, {
			maxRetries: FAULT_OPTIONS.maxRetries,
			path: '/api/v1/customers',
			recordsOf: (body) => [body],
		});
	});

	it.each(SEEDS)(`Start Tracking of ${SINGLE} customers, seed %i`, async (seed) => {
		emulator.randomFaults(seed, rates, 1000);
		const items = people(SINGLE);
		const result = await run(
			emulator,
			{ operation: 'startTracking', email: '={{ $json.email }}', options: FAULT_OPTIONS },
			items,
		);
		const paired = [...result.success, ...result.errors].map((i) => (i.pairedItem as { item: number }).item);
		expect(paired.sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
		const answered = new Set(emulator.requests.filter((r) => r.status === 200 && r.body?.email).map((r) => r.body.email));
		for (const item of result.success) expect(answered.has(item.json.email)).toBe(true);
	});

	it('a record stored whose answer was lost is retried and reported once', async () => {
		emulator.script('/api/v1/customers/bulk', [{ passThrough: true, reset: true }]);
		const result = await run(emulator, { operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAULT_OPTIONS }, people(10));
		expect(result.success).toHaveLength(10);
		expect(emulator.received('/api/v1/customers/bulk')).toHaveLength(2);
		expect(emulator.customers.size).toBe(10);
	});
});
