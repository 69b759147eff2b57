import {
	ADAPTIVE,
	AccountPacer,
	AdaptiveRate,
	CAP_MS,
	WINDOW_MS,
	type Lease,
	type Outcome,
	type Ticket,
} from '../../nodes/shared/pacing';
import { FakeClock } from './support';

describe('the adaptive rate, on its own', () => {
	it('at the full rate, a lone 429 its own calls explain cuts nothing; another within FORGIVE_MS cuts', () => {
		const adaptive = new AdaptiveRate();
		for (let i = 0; i < 4; i++) adaptive.ok(i + 1, 1100 + i * 100, 1300 + i * 100, 5, 9);
		expect(adaptive.refused(10, 1000, 1200, 5, 12, true)).toBe('own');
		expect(adaptive.rate(5)).toBe(5);
		// a 429 to a call that left before: the same event
		expect(adaptive.refused(11, 1100, 1300, 5, 12, true)).toBe('none');
		// the next one cuts to what the server took from this process in the window before it
		expect(adaptive.refused(13, 1500, 1700, 5, 14, true)).toBe('cut');
		expect(adaptive.rate(5)).toBe(4);
	});

	it('a 429 its own calls do not explain (another process on the account) cuts at once', () => {
		const adaptive = new AdaptiveRate();
		expect(adaptive.refused(10, 1000, 1200, 5, 12, false)).toBe('cut');
		expect(adaptive.rate(5)).toBeLessThan(5);
	});

	it('below the configured rate, every 429 counts as before: a lone one too', () => {
		const adaptive = new AdaptiveRate();
		adaptive.refused(10, 1000, 1200, 10, 12, false);
		const cut = adaptive.rate(10);
		expect(adaptive.refused(20, 40_000, 40_200, 10, 22, true)).toBe('cut');
		expect(adaptive.rate(10)).toBeLessThan(cut);
	});

	it('a forgiven 429 is lone again after FORGIVE_MS without one', () => {
		const adaptive = new AdaptiveRate();
		expect(adaptive.refused(10, 1000, 1200, 5, 12, true)).toBe('own');
		const later = 1200 + ADAPTIVE.FORGIVE_MS;
		expect(adaptive.refused(50, later - 200, later, 5, 52, true)).toBe('own');
	});
});

describe('the adaptive rate, through the pacer (fake clock)', () => {
	/** `count` calls asked for at once at 5/s, call i answered `rtt(i)` ms after it left with `outcome(i)`. */
	async function run(count: number, rtt: (i: number) => number, outcome: (i: number) => Outcome) {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		const starts: number[] = [];
		await clock.run(
			Promise.all(
				Array.from({ length: count }, async () => {
					const t = (await pacer.acquire(lease))!;
					starts[t.seq - 1] = t.at;
					await clock.sleep(rtt(t.seq - 1));
					pacer.settle(t, outcome(t.seq - 1));
				}),
			),
		);
		return { pacer, starts };
	}

	it('a lone 429 at the full rate that its own calls explain (arrival jitter) keeps the rate and counts calls later from then on', async () => {
		// the 25th call (the last of its window) left 140 ms late: at first a call counts at most
		// CAP_MS late
		const trip = (i: number) => (i === 24 ? 160 : 20);
		const before = await run(30, trip, () => 'ok');
		expect(before.starts[29] - before.starts[24]).toBe(CAP_MS + WINDOW_MS);
		// after a 429 the pacer's own calls explain (the 13th), the rate holds and calls count up
		// to half as late again
		const after = await run(30, trip, (i) => (i === 12 ? 'throttled' : 'ok'));
		expect(after.pacer.rate).toBe(5);
		expect(after.starts[29] - after.starts[24]).toBe(140 + WINDOW_MS);
	});

	it('a 429 cuts to the calls the server took from this process in the window before it, once per congestion event', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(10);
		const take = async () => (await clock.run(pacer.acquire(lease)))!;
		// seven taken, then a 429: someone else has the rest of the account
		for (let i = 0; i < 7; i++) pacer.settle(await take(), 'ok');
		const out = [await take(), await take(), await take()];
		pacer.settle(out[0], 'throttled');
		expect(pacer.rate).toBe(7);
		// 429s to calls that had left before the cut do not cut again
		pacer.settle(out[1], 'throttled');
		pacer.settle(out[2], 'throttled');
		expect(pacer.rate).toBe(7);
		// a 429 to a call that left after it does (here none was taken in the window before it): at
		// most half goes in one cut
		pacer.settle(await take(), 'throttled');
		expect(pacer.rate).toBe(4);
		pacer.settle(await take(), 'throttled');
		expect(pacer.rate).toBe(2);
	});

	it('counts what the server took before a 429 also when more calls than it remembers started since (high rate, long round trips)', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(100);
		const tickets: Ticket[] = [];
		// 600 calls at 100/s, each answered 3 s after it left: 300 more start while one is out
		await clock.run(
			Promise.all(
				Array.from({ length: 600 }, async (_, i) => {
					const t = (await pacer.acquire(lease))!;
					tickets.push(t);
					await clock.sleep(3000);
					pacer.settle(t, i === 500 ? 'throttled' : 'ok');
				}),
			),
		);
		// the window before the refused call held about 100 taken calls: one fewer, not half
		expect(pacer.rate).toBeGreaterThanOrEqual(90);
	});

	it('probes one call more after a quiet while; a refused probe goes back and waits twice as long; alone it climbs to the configured rate', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(10);
		const take = async () => (await clock.run(pacer.acquire(lease)))!;
		for (let i = 0; i < 5; i++) pacer.settle(await take(), 'ok');
		pacer.settle(await take(), 'throttled');
		expect(pacer.rate).toBe(5);
		const cutAt = clock.now();
		// calls keep waiting for slots: the first probe comes PROBE_MS after the cut (at half the
		// configured rate the wait is scaled by 1)
		let t = await take();
		while (pacer.rate === 5) {
			pacer.settle(t, 'ok');
			t = await take();
		}
		expect(pacer.rate).toBe(6);
		expect(t.at - cutAt).toBeGreaterThanOrEqual(ADAPTIVE.PROBE_MS);
		expect(t.at - cutAt).toBeLessThan(ADAPTIVE.PROBE_MS + 1000);
		// the probe is refused: back to 5, and the next probe waits twice as long
		pacer.settle(t, 'throttled');
		expect(pacer.rate).toBe(5);
		const backAt = clock.now();
		t = await take();
		while (pacer.rate === 5) {
			pacer.settle(t, 'ok');
			t = await take();
		}
		expect(t.at - backAt).toBeGreaterThanOrEqual(2 * ADAPTIVE.PROBE_MS);
		// nothing refused from now on: it climbs (6, then 8, then 10), a window or two for each step
		const climbFrom = t.at;
		while (pacer.rate < 10) {
			pacer.settle(t, 'ok');
			t = await take();
		}
		expect(t.at - climbFrom).toBeLessThan(5 * WINDOW_MS);
		pacer.settle(t, 'ok');
		expect(pacer.adaptiveShare).toBe(1);
	});

	/** Takes `count` slots one after another, each answered with `outcome`; `each` sees the rate after each. */
	async function answerAll(
		count: number,
		rate: number,
		outcome: 'ok' | 'throttled',
		pacer?: { clock: FakeClock; pacer: AccountPacer; lease: Lease },
		each?: (rate: number) => void,
	) {
		const clock = pacer?.clock ?? new FakeClock();
		const shared = pacer?.pacer ?? new AccountPacer(clock);
		const lease = pacer?.lease ?? shared.join(rate);
		for (let i = 0; i < count; i++) {
			const t = (await clock.run(shared.acquire(lease)))!;
			shared.settle(t, outcome);
			each?.(shared.rate);
		}
		return { clock, pacer: shared, lease };
	}

	it('429s that keep coming whatever the pace (a proxy, say) slow it to 2% of the configured rate, not to a stall', async () => {
		const { pacer } = await answerAll(200, 1000, 'throttled');
		expect(pacer.rate).toBe(20);
	});

	it('after 429s to everything, grows back to the configured rate once they stop', async () => {
		const state = await answerAll(50, 5, 'throttled');
		expect(state.pacer.rate).toBeGreaterThan(0);
		expect(state.pacer.rate).toBeLessThan(1);
		await answerAll(3000, 5, 'ok', state);
		expect(state.pacer.rate).toBe(5);
	});

	it('probes only when calls wait for slots: a trickle does not climb back untested', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(50);
		const take = async () => (await clock.run(pacer.acquire(lease)))!;
		for (let i = 0; i < 25; i++) pacer.settle(await take(), 'ok');
		pacer.settle(await take(), 'throttled');
		expect(pacer.rate).toBe(25);
		// one call every 500 ms for a minute: none waits for a slot
		for (let i = 0; i < 120; i++) {
			await clock.advance(500);
			const t = await take();
			await clock.advance(100);
			pacer.settle(t, 'ok');
		}
		expect(pacer.rate).toBe(25);
	});

	it('a probe is not taken for good on answers that left before it could be tested (latency over a window)', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		const take = async () => (await clock.run(pacer.acquire(lease)))!;
		for (let i = 0; i < 3; i++) pacer.settle(await take(), 'ok');
		pacer.settle(await take(), 'throttled');
		expect(pacer.rate).toBe(3);
		let t = await take();
		while (pacer.rate === 3) {
			pacer.settle(t, 'ok');
			t = await take();
		}
		expect(pacer.rate).toBe(4);
		const probe = [t, await take(), await take(), await take()];
		await clock.advance(1200);
		pacer.settle(probe[0], 'ok'); // answered 1.2 s after it left: says nothing of the window yet
		pacer.settle(probe[3], 'throttled');
		expect(pacer.rate).toBe(3);
	});

	it('an execution with a lowered rate option does not wipe what the pacer learnt', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const a = pacer.join(50);
		const take = async (lease: Lease) => (await clock.run(pacer.acquire(lease)))!;
		for (let i = 0; i < 25; i++) pacer.settle(await take(a), 'ok');
		pacer.settle(await take(a), 'throttled');
		expect(pacer.rate).toBe(25);
		const b = pacer.join(10);
		const until = clock.now() + 20_000;
		while (clock.now() < until) pacer.settle(await take(b), 'ok');
		expect(pacer.rate).toBe(10);
		await clock.advance(3000); // the lowered execution is over
		pacer.settle(await take(a), 'ok');
		expect(pacer.rate).toBe(25);
	});
});
