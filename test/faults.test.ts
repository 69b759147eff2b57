import {
	checkDelivery,
	FAULT_OPTIONS,
	FAULT_RATES,
	FAULT_TEST_MS,
	leaveUnanswered,
	SLOW_MS,
} from './support/faults';
import { seeded, type Emulator } from './emulator/server';
import { run, useEmulator } from './support/fixtures';

/**
 * Fault injection: every fault the emulator knows, at once, with fixed seeds, plus answers lost
 * after Blueshift saved the record (the connection reset once the call was handled). `npm run
 * soak` runs the same checks with more seeds, higher rates and more records. No attempt here ends
 * by the node's Timeout (see FAULT_OPTIONS): the last test leaves a call unanswered on purpose.
 */
const SEEDS = (process.env.FAULT_SEEDS ?? '1,2,3').split(',').map(Number);
const BULK = Number(process.env.FAULT_BULK ?? 10000);
const SINGLE = Number(process.env.FAULT_SINGLE ?? 1000);
const SCALE = Number(process.env.FAULT_RATE_SCALE ?? 1);
const rates = Object.fromEntries(Object.entries(FAULT_RATES).map(([k, v]) => [k, v * SCALE]));
/** Answers lost after the record was saved (what Timeouts met by chance on a busy machine gave). */
const LOST_AFTER_SAVE = 0.02 * SCALE;

type FaultEmulator = Emulator & {
	answer: (entry: { path: string; skipFaults?: boolean }) => unknown;
};

describe('nothing lost, nothing duplicated, under injected faults', () => {
	const emulator = useEmulator({ limits: false }) as FaultEmulator;
	const original = emulator.answer;
	let lost = 0;
	let unhandled: unknown[] = [];
	const onUnhandled = (reason: unknown) => unhandled.push(reason);
	beforeAll(() => process.on('unhandledRejection', onUnhandled));
	afterAll(() => process.off('unhandledRejection', onUnhandled));
	beforeEach(() => {
		unhandled = [];
		lost = 0;
	});
	afterEach(() => {
		emulator.answer = original;
		expect(unhandled).toEqual([]);
	});

	/** The emulator's seeded faults, and seeded answers lost after the record was saved. */
	const inject = (seed: number) => {
		emulator.randomFaults(seed, rates, SLOW_MS);
		const random = seeded(seed * 7919);
		emulator.answer = function (this: FaultEmulator, entry) {
			if (
				!entry.skipFaults &&
				entry.path.startsWith('/api/v1/customers') &&
				random() < LOST_AFTER_SAVE
			) {
				lost++;
				return this.expand({ passThrough: true, reset: true }, entry);
			}
			return original.call(this, entry);
		};
	};

	const people = (n: number) =>
		Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, firstname: `P${i}` }));

	it.each(SEEDS)(
		`Bulk Upsert of ${BULK} records, seed %i`,
		async (seed) => {
			inject(seed);
			for (let i = 0; i < BULK; i += 997)
				emulator.reject(`p${i}@example.com`, { email: ['is invalid'] });
			const items = people(BULK);
			const result = await run(
				emulator,
				{ operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAULT_OPTIONS },
				items,
			);
			checkDelivery(emulator, BULK, result.success, result.errors, {
				maxRetries: FAULT_OPTIONS.maxRetries,
				path: '/api/v1/customers/bulk',
				recordsOf: (body) => body.customers,
			});
			// the rejected records are on the error output with Blueshift's reason
			const rejected = result.errors.filter((e) =>
				String(e.json.error).includes('refused the record'),
			);
			expect(rejected.length).toBeGreaterThan(0);
			expect(emulator.stored.length).toBeGreaterThan(BULK * 0.8);
			expect(lost).toBeGreaterThan(0);
		},
		FAULT_TEST_MS,
	);

	it.each(SEEDS)(
		`Upsert Customer of ${SINGLE} records, seed %i`,
		async (seed) => {
			inject(seed);
			const result = await run(
				emulator,
				{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAULT_OPTIONS },
				people(SINGLE),
			);
			checkDelivery(emulator, SINGLE, result.success, result.errors, {
				maxRetries: FAULT_OPTIONS.maxRetries,
				path: '/api/v1/customers',
				recordsOf: (body) => [body],
			});
			expect(lost).toBeGreaterThan(0);
		},
		FAULT_TEST_MS,
	);

	it.each(SEEDS)(
		`Start Tracking of ${SINGLE} customers, seed %i`,
		async (seed) => {
			inject(seed);
			const items = people(SINGLE);
			const result = await run(
				emulator,
				{ operation: 'startTracking', email: '={{ $json.email }}', options: FAULT_OPTIONS },
				items,
			);
			const paired = [...result.success, ...result.errors].map(
				(i) => (i.pairedItem as { item: number }).item,
			);
			expect(paired.sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
			const answered = new Set(
				emulator.requests.filter((r) => r.status === 200 && r.body?.email).map((r) => r.body.email),
			);
			expect(
				result.success.map((item) => item.json.email).filter((email) => !answered.has(email)),
			).toEqual([]);
			expect(lost).toBeGreaterThan(0);
		},
		FAULT_TEST_MS,
	);

	it('a record stored whose answer was lost is retried and reported once', async () => {
		emulator.script('/api/v1/customers/bulk', [{ passThrough: true, reset: true }]);
		const result = await run(
			emulator,
			{ operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAULT_OPTIONS },
			people(10),
		);
		expect(result.success).toHaveLength(10);
		expect(emulator.received('/api/v1/customers/bulk')).toHaveLength(2);
		expect(emulator.customers.size).toBe(10);
	});

	it('a record stored whose answer never came is retried after the Timeout and reported once', async () => {
		// one call in flight: the retry's answer comes within the lowest Timeout (1 s) on a busy
		// machine too; only the unanswered attempt meets it
		const answerAgain = leaveUnanswered(emulator, '/api/v1/customers/bulk');
		try {
			const result = await run(
				emulator,
				{
					operation: 'bulkUpsert',
					dataMode: 'autoMapInputData',
					options: { ...FAULT_OPTIONS, timeout: 1000 },
				},
				people(10),
			);
			expect(result.errors).toEqual([]);
			expect(result.success).toHaveLength(10);
			expect(emulator.received('/api/v1/customers/bulk').map((r) => r.status)).toEqual([
				'unanswered',
				200,
			]);
			expect(emulator.customers.size).toBe(10);
		} finally {
			answerAgain();
		}
	});
});
