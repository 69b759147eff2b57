import { ALONE_BURST, AccountPacer, BURST, type Ticket } from '../../nodes/shared/pacing';
import { simulate } from './simulator';
import { FakeClock } from './support';

describe("the door: a slot's whole life (fake clock)", () => {
	it('runs the attempt in a granted slot and settles it with the outcome of its result', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		const result = await clock.run(
			pacer.slot(
				lease,
				{},
				async () => 'answer',
				() => 'ok',
			),
		);
		expect(result).toEqual({ kind: 'done', result: 'answer' });
		expect(lease.open).toBe(0);
	});

	it('a throttled outcome is a 429 to the pacer: it skips a slot and may cut the rate', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(10);
		for (let i = 0; i < 3; i++) {
			await clock.run(
				pacer.slot(
					lease,
					{},
					async () => 429,
					(status) => (status === 429 ? 'throttled' : 'ok'),
				),
			);
		}
		expect(pacer.rate).toBeLessThan(10);
	});

	it('alone, fills a window at ALONE_BURST times the rate; once a 429 cut it (another process), at BURST times', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(20);
		const spacing = async (count: number) => {
			const starts: number[] = [];
			await clock.run(
				Promise.all(
					Array.from({ length: count }, () =>
						pacer.slot(
							lease,
							{},
							async () => starts.push(clock.now()),
							() => 'ok',
						),
					),
				),
			);
			return starts[1] - starts[0];
		};
		expect(await spacing(5)).toBeCloseTo(1000 / 20 / ALONE_BURST, 6);
		// three 429s in a row: not its own timing, so the rate is cut
		for (let i = 0; i < 3; i++) {
			await clock.run(
				pacer.slot(
					lease,
					{},
					async () => 429,
					() => 'throttled',
				),
			);
		}
		expect(pacer.rate).toBeLessThan(20);
		const cut = pacer.rate;
		expect(await spacing(2)).toBeCloseTo(1000 / cut / BURST, 6);
	});

	it('takes no slot when the signal aborted before one came: cancelled', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const first = (await pacer.acquire(lease))!;
		const controller = new AbortController();
		let attempted = false;
		const cancelled = pacer.slot(
			lease,
			{ signal: controller.signal },
			async () => (attempted = true),
			() => 'ok',
		);
		controller.abort();
		expect(await cancelled).toEqual({ kind: 'cancelled' });
		expect(attempted).toBe(false);
		pacer.settle(first, 'ok');
		expect(lease.open).toBe(0);
	});

	it('gives back a slot that came as the execution was cancelled: cancelled, and the next call goes at once', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const controller = new AbortController();
		let attempted = false;
		// the slot is granted at once; the execution is cancelled before the door looks at it
		const result = pacer.slot(
			lease,
			{ signal: controller.signal },
			async () => (attempted = true),
			() => 'ok',
		);
		controller.abort();
		expect(await result).toEqual({ kind: 'cancelled' });
		expect(attempted).toBe(false);
		expect(lease.open).toBe(0);
		expect((await clock.run(pacer.acquire(lease)))!.at).toBe(1_000_000);
	});

	it('gives the slot back when the call may not start (not started), and the next call goes at once', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const result = await clock.run(
			pacer.slot(
				lease,
				{ mayStart: () => false },
				async () => 'sent',
				() => 'ok',
			),
		);
		expect(result).toEqual({ kind: 'notStarted' });
		const next = (await clock.run(pacer.acquire(lease)))!;
		expect(next.at).toBe(1_000_000); // no time passed: the slot was given back
	});

	it('gives the slot back and rethrows when asking whether the call may start throws', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const failing = () => {
			throw new Error('the run broke');
		};
		await expect(
			clock.run(
				pacer.slot(
					lease,
					{ mayStart: failing },
					async () => 'sent',
					() => 'ok',
				),
			),
		).rejects.toThrow('the run broke');
		expect(lease.open).toBe(0);
		expect((await clock.run(pacer.acquire(lease)))!.at).toBe(1_000_000);
	});

	it('settles a slot whose attempt throws with no outcome, and rethrows: the lease is not left open', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(5);
		const attempt = async () => {
			throw new Error('socket hang up');
		};
		await expect(clock.run(pacer.slot(lease, {}, attempt, () => 'ok'))).rejects.toThrow(
			'socket hang up',
		);
		expect(lease.open).toBe(0);
		expect(pacer.rate).toBe(5);
	});

	it('a retry after a failure goes first; after a 429 behind the calls already waiting', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const lease = pacer.join(1);
		const first = (await pacer.acquire(lease))!;
		const order: string[] = [];
		const waiting = pacer.acquire(lease).then((t) => (order.push('waiting'), t!));
		const throttled = pacer
			.acquire(lease, undefined, 'throttled')
			.then((t) => (order.push('after 429'), t!));
		const failed = pacer
			.acquire(lease, undefined, 'failed')
			.then((t) => (order.push('after 5xx'), t!));
		pacer.settle(first, 'ok');
		const tickets: Ticket[] = [];
		for (const granted of [failed, waiting, throttled]) {
			const ticket = await clock.run(granted);
			tickets.push(ticket);
			pacer.settle(ticket, 'ok');
		}
		expect(order).toEqual(['after 5xx', 'waiting', 'after 429']);
	});

	it('paces several executions of one process together: the account sees at most the configured rate', async () => {
		// 4 executions at once, each with the default bulk rate 5/s, as 4 Bulk Upserts would
		const result = await simulate({
			processes: 1,
			executions: 4,
			calls: 50,
			rate: 5,
			limit: 5,
			latency: 150,
		});
		expect(result.r429).toBe(0);
		expect(result.accepted).toBe(200);
		expect(result.busiest).toBeLessThanOrEqual(5);
		// and it is not slower than the rate needs: 200 calls at 5/s take about 40 s of virtual time
		expect(result.acceptedPerSecond).toBeGreaterThan(5 * 0.97);
	});

	it('sees a rate that rose while calls wait within a second: a slow execution that ended does not hold them', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const slow = pacer.join(0.1);
		const fast = pacer.join(50);
		pacer.settle((await pacer.acquire(slow))!, 'ok');
		const start = clock.now();
		const starts: number[] = [];
		await clock.run(
			Promise.all(
				Array.from({ length: 10 }, () =>
					pacer.acquire(fast).then((t) => {
						starts.push(t!.at);
						pacer.settle(t!, 'ok');
					}),
				),
			),
		);
		// the slow lease counts for 2 s after its call, and its window rule (one call per 10 s) goes
		// with it; what still holds is the start spacing granted at the slow rate (5 s): then 50/s,
		// not after the 10 s window of the slow rate
		expect(Math.max(...starts) - start).toBeLessThan(5000 + 500);
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
		const waits = Array.from({ length: 10 }, () =>
			pacer.acquire(lease).then((t) => (tickets.push(t), t)),
		);
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
