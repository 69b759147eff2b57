import {
	AccountPacer,
	accountPacer,
	accountPacerCount,
	IDLE_MS,
	useClock,
	type Clock,
	type Lease,
	type Ticket,
} from '../nodes/Blueshift/transport/pacer';

/**
 * A clock that moves only when told: every sleep is a timer on a virtual time line, fired in order
 * by `run`. Nothing here depends on how fast the machine is.
 */
class FakeClock implements Clock {
	t = 1_000_000;

	private timers: Array<{ at: number; resolve: () => void }> = [];

	now() {
		return this.t;
	}

	async sleep(ms: number, signal?: AbortSignal) {
		await new Promise<void>((resolve, reject) => {
			const timer = { at: this.t + Math.max(0, ms), resolve };
			this.timers.push(timer);
			signal?.addEventListener('abort', () => {
				this.timers = this.timers.filter((x) => x !== timer);
				reject(new Error('aborted'));
			});
		});
	}

	/** Lets every pending promise chain run (no timer fires). */
	async flush() {
		for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
	}

	/** Fires timers in time order until `done` settles; fails on a deadlock (nothing left to fire). */
	async run<T>(done: Promise<T>, limitMs = 3_600_000): Promise<T> {
		let finished = false;
		const result = done.finally(() => (finished = true));
		const end = this.t + limitMs;
		for (;;) {
			await this.flush();
			if (finished) return await result;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift();
			if (!next) throw new Error('deadlock: nothing to wait for and not done');
			if (next.at > end) throw new Error('virtual time limit reached');
			this.t = Math.max(this.t, next.at);
			next.resolve();
		}
	}

	/** Moves time forward by `ms`, firing what falls due. */
	async advance(ms: number) {
		const end = this.t + ms;
		for (;;) {
			await this.flush();
			this.timers.sort((a, b) => a.at - b.at);
			if (!this.timers.length || this.timers[0].at > end) break;
			const next = this.timers.shift()!;
			this.t = Math.max(this.t, next.at);
			next.resolve();
		}
		this.t = end;
		await this.flush();
	}
}

/** Most calls in any window of `width` ms over sorted times. */
function busiest(times: number[], width = 1000) {
	let most = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= width) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

/**
 * A stand-in for Blueshift seen through the pacer: each granted call reaches the server at once,
 * which accepts it unless `limit` calls were accepted in the last second (a sliding window, as the
 * emulator does), and answers after `latency` ms. A refused call is retried at the head of the
 * queue, as the transport does. `processes` pacers stand for n8n processes that cannot see each other.
 */
async function simulate(opts: { processes: number; executions: number; calls: number; rate: number; limit: number; latency: number; inFlight?: number }) {
	const clock = new FakeClock();
	const accepted: number[] = [];
	const perProcess = Array.from({ length: opts.processes }, () => ({ sent: 0, r429: 0 }));
	let sent = 0;
	let r429 = 0;
	const start = clock.now();
	const pacers = Array.from({ length: opts.processes }, () => new AccountPacer(clock));
	const executions: Array<Promise<void>> = [];
	for (let e = 0; e < opts.executions; e++) {
		const p = e % opts.processes;
		const pacer = pacers[p];
		const lease = pacer.join(opts.rate);
		const call = async () => {
			for (let retry = false; ; retry = true) {
				const ticket = (await pacer.acquire(lease, undefined, retry))!;
				sent++;
				perProcess[p].sent++;
				const at = clock.now();
				const ok = accepted.filter((t) => t > at - 1000).length < opts.limit;
				if (ok) accepted.push(at);
				await clock.sleep(opts.latency);
				pacer.settle(ticket, ok ? 'ok' : 'throttled');
				if (ok) return;
				r429++;
				perProcess[p].r429++;
			}
		};
		executions.push(
			(async () => {
				let next = 0;
				const lane = async () => {
					while (next < opts.calls) {
						next++;
						await call();
					}
				};
				await Promise.all(Array.from({ length: opts.inFlight ?? Math.ceil(opts.rate * 4) }, lane));
			})(),
		);
	}
	await clock.run(Promise.all(executions));
	const seconds = (clock.now() - start) / 1000;
	if (process.env.PACER_DEBUG) console.log(JSON.stringify({ opts, sent, r429, share: r429 / sent, rate: accepted.length / seconds / opts.limit, perProcess }));
	return { sent, r429, accepted: accepted.length, seconds, acceptedPerSecond: accepted.length / seconds, busiest: busiest(accepted), pacers, perProcess };
}

describe('shared pacer (fake clock)', () => {
	it('paces several executions of one process together: the account sees at most the configured rate', async () => {
		// 4 executions at once, each with the default bulk rate 5/s, as 4 Bulk Upserts would
		const result = await simulate({ processes: 1, executions: 4, calls: 50, rate: 5, limit: 5, latency: 150 });
		expect(result.r429).toBe(0);
		expect(result.accepted).toBe(200);
		expect(result.busiest).toBeLessThanOrEqual(5);
		// and it is not slower than the rate needs: 200 calls at 5/s take about 40 s of virtual time
		expect(result.acceptedPerSecond).toBeGreaterThan(5 * 0.97);
	});

	it('grants in order of request across executions (no execution starves)', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const a = pacer.join(10);
		const b = pacer.join(10);
		const order: string[] = [];
		const take = async (lease: Lease, name: string, n: number) => {
			for (let i = 0; i < n; i++) {
				const ticket = (await pacer.acquire(lease))!;
				order.push(name);
				pacer.settle(ticket, 'ok');
			}
		};
		await clock.run(Promise.all([take(a, 'a', 5), take(b, 'b', 5)]));
		expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
	});

	it('runs at the lowest rate option among the executions using it, back to the higher one when that one ends', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const fast = pacer.join(10);
		const slow = pacer.join(2);
		expect(pacer.rate).toBe(2);
		const ticket = (await pacer.acquire(slow))!;
		pacer.settle(ticket, 'ok');
		await clock.advance(3000);
		const starts: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < 5; i++) {
					const t = (await pacer.acquire(fast))!;
					starts.push(t.at);
					pacer.settle(t, 'ok');
				}
			})(),
		);
		expect(starts[4] - starts[0]).toBeLessThan(4 * 110);
	});

	it('gives a refused slot to the next call at once (a stopped run drains its queue without waiting)', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const tickets: Array<Ticket | undefined> = [];
		const waits = Array.from({ length: 10 }, () => pacer.acquire(lease).then((t) => (tickets.push(t), t)));
		await clock.flush();
		expect(tickets).toHaveLength(1);
		// every granted slot is given back unused, as when mayStart says no
		for (let i = 0; i < 10; i++) {
			pacer.refund(tickets[i]!);
			await clock.flush();
		}
		await Promise.all(waits);
		expect(tickets).toHaveLength(10);
		expect(clock.now()).toBe(1_000_000); // no time passed
	});

	it('drops a cancelled waiter from the queue: it takes no slot', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const first = (await pacer.acquire(lease))!;
		const controller = new AbortController();
		const cancelled = pacer.acquire(lease, controller.signal);
		const next = pacer.acquire(lease);
		controller.abort();
		expect(await cancelled).toBeUndefined();
		pacer.settle(first, 'ok');
		const granted = (await clock.run(next))!;
		// the next call got the slot right after the first one: 1 s at 1/s, not 2 s
		expect(granted.at - first.at).toBeLessThan(1100);
	});
});

describe('adaptive rate (fake clock)', () => {
	it('a lone 429 at the configured rate (a call that arrived late) widens the window a little instead of cutting', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		const first = (await clock.run(pacer.acquire(lease)))!;
		pacer.settle(first, 'throttled');
		expect(pacer.rate).toBe(5);
		const starts: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < 11; i++) {
					const t = (await pacer.acquire(lease))!;
					starts.push(t.at);
					pacer.settle(t, 'ok');
				}
			})(),
		);
		// never more than 5 starts in 1010 ms plus the 10 ms learnt from the late arrival
		for (let i = 5; i < starts.length; i++) expect(starts[i] - starts[i - 5]).toBeGreaterThanOrEqual(1020);
	});

	it('counts the first call after a quiet second in the window from its answer (at most 150 ms late): set-up delays it', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		const starts: number[] = [];
		await clock.run(
			Promise.all(
				Array.from({ length: 6 }, async () => {
					const t = (await pacer.acquire(lease))!;
					starts.push(t.at);
					await clock.sleep(150); // the answer comes 150 ms after the start
					pacer.settle(t, 'ok');
				}),
			),
		);
		// the sixth call waits for the first one's answer plus the window, not its start plus the window
		expect(starts[5] - starts[0]).toBeGreaterThanOrEqual(150 + 1010 - 1);
		expect(starts[5] - starts[0]).toBeLessThan(150 + 1010 + 50);
	});

	it('429s that keep coming (two within 2 s) cut the rate sharply, once per congestion event; then it grows back to the configured rate', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(10);
		const take = async () => (await clock.run(pacer.acquire(lease)))!;
		pacer.settle(await take(), 'throttled'); // lone: taken for a late arrival
		expect(pacer.rate).toBe(10);
		const out = [await take(), await take(), await take()];
		pacer.settle(out[0], 'throttled'); // a second one within 2 s: another sender
		const cut = pacer.rate;
		expect(cut).toBeLessThanOrEqual(6);
		// 429s to calls that had left before the cut do not cut again
		pacer.settle(out[1], 'throttled');
		pacer.settle(out[2], 'throttled');
		expect(pacer.rate).toBeCloseTo(cut, 1);
		// a 429 to a call that left after the cut does
		pacer.settle(await take(), 'throttled');
		expect(pacer.rate).toBeLessThan(cut * 0.7);
		// accepted calls keep going; the rate grows back, all the way
		let calls = 0;
		while (pacer.rate < 10 && calls < 1000) {
			pacer.settle(await take(), 'ok');
			calls++;
		}
		expect(pacer.rate).toBe(10);
		expect(calls).toBeLessThan(200);
	});

	it('never goes over the configured rate, and never stops', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		for (let i = 0; i < 50; i++) {
			const t = (await clock.run(pacer.acquire(lease)))!;
			pacer.settle(t, 'throttled');
		}
		expect(pacer.rate).toBeGreaterThan(0);
		for (let i = 0; i < 3000; i++) {
			const t = (await clock.run(pacer.acquire(lease)))!;
			pacer.settle(t, 'ok');
		}
		expect(pacer.rate).toBe(5);
	});

	it('two processes on one account (they cannot see each other) converge near the limit: few 429s, most of the rate', async () => {
		// as in the queue suite: two workers, two executions each on one account, 5 calls/s each configured
		const result = await simulate({ processes: 2, executions: 4, calls: 100, rate: 5, limit: 5, latency: 150 });
		expect(result.accepted).toBe(400);
		expect(result.r429 / result.sent).toBeLessThanOrEqual(0.05);
		expect(result.acceptedPerSecond / 5).toBeGreaterThanOrEqual(0.85);
	});

	it('three processes at 50 calls/s on one account converge too', async () => {
		const result = await simulate({ processes: 3, executions: 3, calls: 600, rate: 50, limit: 50, latency: 150 });
		expect(result.accepted).toBe(1800);
		expect(result.r429 / result.sent).toBeLessThanOrEqual(0.05);
		// three processes that never see each other, each cut in whole steps: most, not all, of the limit
		expect(result.acceptedPerSecond / 50).toBeGreaterThanOrEqual(0.8);
	});

	it('one process alone at the limit gets no 429 and keeps the configured rate', async () => {
		const result = await simulate({ processes: 1, executions: 1, calls: 300, rate: 50, limit: 50, latency: 500 });
		expect(result.r429).toBe(0);
		expect(result.pacers[0].rate).toBe(50);
	});
});

describe('pacer registry', () => {
	const clock = new FakeClock();
	beforeEach(() => useClock(clock));
	afterAll(() => useClock());

	it('one pacer per account fingerprint and endpoint family; dropped when idle', async () => {
		const a = accountPacer('customers', 'fp-a');
		expect(accountPacer('customers', 'fp-a')).toBe(a);
		expect(accountPacer('customersBulk', 'fp-a')).not.toBe(a);
		expect(accountPacer('customers', 'fp-b')).not.toBe(a);
		expect(accountPacerCount()).toBe(3);
		// a pacer with a call open is kept however long it lasts
		const lease = a.join(5);
		const ticket = (await a.acquire(lease))!;
		clock.t += IDLE_MS + 1;
		expect(accountPacer('customers', 'fp-a')).toBe(a);
		expect(accountPacerCount()).toBe(1);
		a.settle(ticket, 'ok');
		clock.t += IDLE_MS + 1;
		accountPacer('other', 'fp-c');
		expect(accountPacerCount()).toBe(1);
		expect(accountPacer('customers', 'fp-a')).not.toBe(a);
	});
});
