import { simulate } from './simulator';

/**
 * Processes that share an account and cannot see each other (n8n's queue mode: workers), in the
 * simulator: each pacer learns its part of the account from 429s (see the adaptive rate).
 */
describe('processes sharing an account (simulated, fake clock)', () => {
	// the queue suite's shape: two workers, four executions of 50 bulk calls, 5 calls/s configured and
	// allowed; some calls reach the server late (a busy machine). The first seconds cost 3 to 8 429s:
	// both start at the full rate and fill their first window at ALONE_BURST times it, not knowing
	// of each other, until a 429 cuts them back to BURST; more at higher latency (the 429s come back
	// later): 3 to 8% of about 210 calls here (3 to 6% when every pacer started at BURST)
	it.each([
		['two executions on each worker', [0, 1, 0, 1]],
		['three on one, one on the other', [0, 0, 0, 1]],
	])(
		'two processes on one account (they cannot see each other) converge near the limit: %s',
		async (_, placement) => {
			for (const latency of [5, 50, 150, 300]) {
				for (const seed of [1, 2, 3]) {
					const result = await simulate({
						processes: 2,
						executions: 4,
						calls: 50,
						rate: 5,
						limit: 5,
						latency,
						placement,
						late: { share: 0.05, maxMs: 80, seed },
					});
					expect(result.accepted).toBe(200);
					expect(result.r429 / result.sent).toBeLessThanOrEqual(0.08);
					expect(result.acceptedPerSecond / 5).toBeGreaterThanOrEqual(0.85);
				}
			}
		},
	);

	// a worker that starts after the other filled the account gets few calls in (where the server
	// counts only what it takes, the other never sees a 429) until the other is done: no call of it
	// may draw 429 after 429 until its retries run out. At the head of the queue after each 429, one
	// call drew them all: 11 in a row here, and 9 in the queue suite, to the error branch
	it.each([
		[
			'one execution, half a second after three on the other worker',
			[0, 0, 0, 1],
			[0, 0, 0, 500],
			false,
		],
		['one execution, 5 s after three on the other', [0, 0, 0, 1], [0, 0, 0, 5000], false],
		['two executions, 5 s after two on the other', [0, 0, 1, 1], [0, 0, 5000, 5000], false],
		['three executions, 3 s after one on the other', [0, 1, 1, 1], [0, 3000, 3000, 3000], false],
		[
			'two on each, one worker 200 ms later, calls and answers jittered',
			[0, 1, 0, 1],
			[0, 200, 0, 200],
			true,
		],
	])(
		'a worker that starts late on a full account loses no call to 429s: %s',
		async (_, placement, startAt, jittered) => {
			// the pages do not say whether the server counts the calls it refuses in its window: both ways
			for (const countRefused of [false, true]) {
				for (const latency of [50, 150, 300]) {
					for (const seed of [1, 2, 3]) {
						const late = jittered
							? { share: 0.3, maxMs: 40, seed }
							: { share: 0.05, maxMs: 80, seed };
						const result = await simulate({
							processes: 2,
							executions: 4,
							calls: 50,
							rate: 5,
							limit: 5,
							latency,
							placement,
							startAt,
							late,
							jitter: jittered ? 20 : undefined,
							countRefused,
						});
						// no call ran out of its retries (5, the node's default): nothing went to the error branch
						expect(result.accepted).toBe(200);
						expect(result.most429).toBeLessThanOrEqual(4);
						// and it takes the account back when the other is done
						expect(result.acceptedPerSecond / 5).toBeGreaterThanOrEqual(0.7);
					}
				}
			}
		},
	);

	it('three processes at 50 calls/s on one account converge too', async () => {
		const result = await simulate({
			processes: 3,
			executions: 3,
			calls: 600,
			rate: 50,
			limit: 50,
			latency: 150,
			late: { share: 0.02, maxMs: 30, seed: 1 },
		});
		expect(result.accepted).toBe(1800);
		// the first window: each process sends its full rate, at ALONE_BURST times it, before the
		// first 429 comes back (at most 7% when every pacer started at BURST, and 87% of the limit)
		expect(result.r429 / result.sent).toBeLessThanOrEqual(0.085);
		expect(result.acceptedPerSecond / 50).toBeGreaterThanOrEqual(0.9);
	});
});
