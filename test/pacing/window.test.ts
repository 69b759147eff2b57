import { ArrivalWindow, CAP_MS, LATE_MS, WINDOW_MS, shapeOf } from '../../nodes/shared/pacing';
import { busiest, callsAtOnce } from './support';

/**
 * One window alone on a virtual time line: `count` calls, all asked for at 0, each starts as soon
 * as the window lets it and is answered `roundTrip(i)` ms later. Returns the start times.
 */
function drive(rate: number, count: number, roundTrip: (i: number) => number) {
	const window = new ArrivalWindow();
	const shape = shapeOf(rate);
	const starts: number[] = [];
	const answers: Array<{ at: number; seq: number; rtt: number; cold: boolean }> = [];
	let now = 0;
	while (starts.length < count) {
		const wait = Math.max(0, window.wait(now, shape));
		answers.sort((a, b) => a.at - b.at);
		if (answers.length && answers[0].at <= now + wait) {
			const answer = answers.shift()!;
			now = Math.max(now, answer.at);
			window.answered(answer.seq, answer.rtt, answer.cold);
			continue;
		}
		now += wait;
		const seq = starts.length + 1;
		const { cold } = window.start(seq, now, Math.max(window.next, 0), shape);
		const rtt = roundTrip(starts.length);
		starts.push(now);
		answers.push({ at: now + rtt, seq, rtt, cold });
	}
	return { window, starts, shape };
}

describe('the sliding window (one per pacer)', () => {
	it('fills a window early (up to twice the rate), never more than the rate in any window', () => {
		const { starts } = drive(5, 16, () => 0);
		// five calls in the first 400 ms (100 ms apart), then each waits for the one five before it
		expect(starts.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
		for (let i = 5; i < starts.length; i++) {
			expect(starts[i] - starts[i - 5]).toBeGreaterThanOrEqual(WINDOW_MS);
		}
		expect(busiest(starts, WINDOW_MS)).toBe(5);
	});

	it('spreads a rate under 1 call/s over more than a second (0.5/s: one call per 2 s)', () => {
		expect(shapeOf(0.5)).toMatchObject({ calls: 1, ms: 2000 + WINDOW_MS - 1000 });
		const { starts } = drive(0.5, 3, () => 0);
		expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(2000);
	});

	it('counts a call whose answer came late from when it reached the server: its round trip beyond the fastest', () => {
		// round trips of 20 ms, but the third call takes 90 ms: it left 70 ms late
		const { starts } = drive(5, 10, (i) => (i === 2 ? 90 : 20));
		// the eighth call (five after the late one) waits for its arrival plus the window; the
		// seventh only for its own predecessor
		expect(starts[7] - starts[2]).toBe(70 + WINDOW_MS);
		expect(starts[6] - starts[1]).toBe(WINDOW_MS);
	});

	it(`counts a call at most ${CAP_MS} ms late: a slow answer is as often slow on the server's side, after it was counted`, () => {
		const { starts } = drive(5, 10, (i) => (i === 2 ? 400 : 20));
		expect(starts[7] - starts[2]).toBe(CAP_MS + WINDOW_MS);
	});

	it('judges how late the first calls were by the round trips learnt after them (a run starts with every call late)', () => {
		// the first three calls take 60 ms (new connections), the rest 20 ms: the second call reached
		// the server 40 ms late, which the window knows once later calls come back faster
		const { starts } = drive(5, 8, (i) => (i < 3 ? 60 : 20));
		expect(starts[6] - starts[1]).toBeGreaterThanOrEqual(40 + WINDOW_MS);
		// and once many round trips show no spread, a 60 ms one counts exactly 40 ms late
		const later = drive(5, 120, (i) => (i < 3 || i === 100 ? 60 : 20));
		expect(later.starts[105] - later.starts[100]).toBe(40 + WINDOW_MS);
	});

	it('takes the fastest possible round trip to be below the fastest of a few: few trips understate their spread', () => {
		// four answers 7 to 14 ms over the fastest possible 150 ms (arrival jitter of up to 50 ms):
		// the call that took 159 ms reached the server at least 9 ms late, not 0 (the median of
		// four says 0, and the next window's call then drew a 429)
		const window = new ArrivalWindow();
		const shape = shapeOf(5);
		const trips = [159, 158, 157, 164];
		for (let i = 0; i < 5; i++) window.start(i + 1, i * 100, i * 100, shape);
		window.answered(1, 170, true);
		trips.forEach((rtt, i) => window.answered(i + 2, rtt, false));
		window.start(6, 1100, 1100, shape);
		// five calls back from the next is the one that took 159 ms: the next goes a window after it arrived
		expect(window.wait(1100, shape) + 1100).toBeGreaterThanOrEqual(100 + 9 + WINDOW_MS);
	});

	it("counts calls later on a busy CPU: by up to twice how late the pacer's own timers fire (their 90th percentile)", () => {
		const window = new ArrivalWindow();
		expect(window.cap).toBe(CAP_MS);
		for (let i = 0; i < 20; i++) window.late(i % 2 ? 30 : 0);
		expect(window.cap).toBe(CAP_MS + 2 * 30);
		for (let i = 0; i < 50; i++) window.late(500);
		expect(window.cap).toBe(LATE_MS);
	});

	it("tells when its own calls filled the server's window (a 429 may be its own timing)", () => {
		const shape = shapeOf(5);
		const full = new ArrivalWindow();
		for (let i = 0; i < 6; i++) full.start(i + 1, i < 5 ? i * 100 : 1010, 0, shape);
		expect(full.crowded(6, 1010, shape)).toBe(true);
		const sparse = new ArrivalWindow();
		for (let i = 0; i < 3; i++) sparse.start(i + 1, i * 400, 0, shape);
		expect(sparse.crowded(3, 800, shape)).toBe(false);
	});

	it('gives a slot back: a refunded call does not count, and the spacing goes back', () => {
		const window = new ArrivalWindow();
		const shape = shapeOf(1);
		window.start(1, 0, 0, shape);
		const { before } = window.start(2, 500, 500, shape);
		window.refund(2, before);
		expect(window.next).toBe(500);
		expect(window.wait(500, shape)).toBe(WINDOW_MS - 500);
	});

	it.each([100, 257, 1000])(
		'never more than the rate (%s/s) in any second, also where it spaces calls evenly (over 256 a window)',
		async (rate) => {
			const { starts } = await callsAtOnce(rate, rate * 4, () => 20);
			expect(busiest(starts, 1000)).toBeLessThanOrEqual(rate);
			expect(busiest(starts, 1000)).toBeGreaterThanOrEqual(rate * 0.97);
		},
	);

	it('counts the first call after a quiet second from its answer (at most 150 ms late): set-up delays it', async () => {
		const { starts } = await callsAtOnce(1, 2, () => 150);
		// the second call waits for the first one's answer plus the window, not its start plus the window
		expect(starts[1] - starts[0]).toBe(150 + WINDOW_MS);
	});
});
