import { simulate, type SimOptions } from './simulator';

/**
 * One process alone on an account, in the simulator, where the server counts calls later than
 * they left: arrival jitter that the round trips show, slow answers that they show too but that
 * say nothing of arrival, and a busy CPU on the client. Blueshift does not say how it counts
 * (developer.blueshift.com documents rates, not the counting): every case runs both ways, with
 * refused calls counted in the server's second and without.
 */

/** The bench's customer operations: Bulk Create or Update (5 calls/s) and Create or Update (50/s). */
const SHAPES: Array<[string, Pick<SimOptions, 'rate' | 'limit' | 'calls' | 'inFlight'>]> = [
	['Bulk Create or Update, 2,500 records', { rate: 5, limit: 5, calls: 50, inFlight: 20 }],
	['Bulk Create or Update, 10,000 records', { rate: 5, limit: 5, calls: 200, inFlight: 20 }],
	['Create or Update, 500 records', { rate: 50, limit: 50, calls: 500, inFlight: 200 }],
	['Create or Update, 1,000 records', { rate: 50, limit: 50, calls: 1000, inFlight: 200 }],
];

/** A CPU shared with two busy processes: half the calls leave up to 80 ms late, half the answers are read up to 80 ms late, half the timers fire up to 40 ms late. */
const BUSY = {
	send: { share: 0.5, maxMs: 80 },
	receive: { share: 0.5, maxMs: 80 },
	timers: { share: 0.5, maxMs: 40 },
};

describe('one process alone, calls counted late (simulated, fake clock)', () => {
	it.each(SHAPES)(
		'arrival jitter of 0 to 50 ms: %s keeps 95%% of the limit in every run, at most 1%% of calls refused',
		async (_, shape) => {
			// fewer runs of the single-call shapes: ten times the calls each
			const seeds = shape.rate > 5 ? [1] : [1, 2, 3];
			for (const countRefused of [false, true]) {
				for (const latency of [150, 500]) {
					for (const seed of seeds) {
						const result = await simulate({
							processes: 1,
							executions: 1,
							latency,
							seed,
							arrivalJitter: 50,
							countRefused,
							...shape,
						});
						expect(result.accepted).toBe(shape.calls);
						expect(result.r429 / result.sent).toBeLessThanOrEqual(0.01);
						expect(result.shareOfLimit).toBeGreaterThanOrEqual(0.95);
						expect(result.busiest).toBeLessThanOrEqual(shape.limit);
					}
				}
			}
		},
	);

	it.each(SHAPES.slice(0, 2))(
		'a busy CPU beside it, and arrival jitter of 0 to 50 ms: %s keeps 90%% of the limit over the runs (85%% in each), at most 1%% of calls refused',
		async (_, shape) => {
			for (const countRefused of [false, true]) {
				let sent = 0;
				let refused = 0;
				let shares = 0;
				for (const seed of [1, 2, 3, 4, 5]) {
					const result = await simulate({
						processes: 1,
						executions: 1,
						latency: 150,
						seed,
						arrivalJitter: 50,
						busy: BUSY,
						countRefused,
						...shape,
					});
					expect(result.accepted).toBe(shape.calls);
					expect(result.shareOfLimit).toBeGreaterThanOrEqual(0.85);
					sent += result.sent;
					refused += result.r429;
					shares += result.shareOfLimit;
				}
				expect(refused / sent).toBeLessThanOrEqual(0.01);
				expect(shares / 5).toBeGreaterThanOrEqual(0.9);
			}
		},
	);

	it.each([
		[150, 300],
		[500, 300],
	])(
		'alone at %s ms with up to %s ms more on the server side: slow answers taken for late arrivals cost at most 10%%',
		async (latency, jitter) => {
			for (const seed of [1, 2, 3]) {
				const result = await simulate({
					processes: 1,
					executions: 1,
					calls: 1000,
					rate: 50,
					limit: 50,
					latency,
					jitter,
					inFlight: 200,
					late: { share: 0, maxMs: 0, seed },
				});
				expect(result.acceptedPerSecond / 50).toBeGreaterThanOrEqual(0.9);
			}
		},
	);

	it.each([150, 500])(
		'one process alone at the limit (%s ms), some calls arriving late, gets no 429 and keeps the configured rate',
		async (latency) => {
			const result = await simulate({
				processes: 1,
				executions: 1,
				calls: 1000,
				rate: 50,
				limit: 50,
				latency,
				late: { share: 0.03, maxMs: 90, seed: 7 },
			});
			expect(result.r429).toBe(0);
			expect(result.pacers[0].rate).toBe(50);
			expect(result.acceptedPerSecond / 50).toBeGreaterThanOrEqual(0.97);
		},
	);
});
