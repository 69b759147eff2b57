import { AccountPacer, Turns, type Lease, type Waiting } from '../../nodes/shared/pacing';
import { FakeClock } from './support';

const lease = (served?: number): Lease => ({ rate: 5, open: 0, lastUsed: 0, served });
const call = (of: Lease, queuedAt: number, first = false): Waiting & { name: string } => ({
	lease: of,
	queuedAt,
	first,
	name: `${queuedAt}`,
});

describe('turns between executions (one queue per pacer)', () => {
	it('a retry after a failure goes before every call waiting; any other call queues at the back', () => {
		const turns = new Turns<ReturnType<typeof call>>();
		const a = lease();
		turns.add(call(a, 1), 0);
		turns.add(call(a, 2), 0);
		turns.add(call(a, 3, true), 0);
		expect(turns.take(1).name).toBe('3');
		expect(turns.take(2).name).toBe('1');
	});

	it('gives every other slot to the oldest call, the others to the execution served longest ago', () => {
		const turns = new Turns<ReturnType<typeof call>>();
		const bulk = lease(10);
		const single = lease(5);
		for (let i = 0; i < 4; i++) turns.add(call(bulk, i), 10);
		turns.add(call(single, 9), 10);
		// the single call's execution was served longest ago: it goes second, not fifth
		expect([turns.take(11), turns.take(12)].map((c) => c.name)).toEqual(['0', '9']);
		expect(single.served).toBe(12);
	});

	it('lets a new execution join after those waiting now and before the one served last', () => {
		const turns = new Turns<ReturnType<typeof call>>();
		const fresh = lease();
		turns.add(call(fresh, 0), 7);
		expect(fresh.served).toBe(6.5);
	});

	it('drops a call that stopped waiting', () => {
		const turns = new Turns<ReturnType<typeof call>>();
		const waiting = call(lease(), 0);
		turns.add(waiting, 0);
		expect(turns.remove(waiting)).toBe(true);
		expect(turns.remove(waiting)).toBe(false);
		expect(turns.length).toBe(0);
	});

	it('grants in order of request across executions (no execution starves)', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const a = pacer.join(10);
		const b = pacer.join(10);
		const order: string[] = [];
		const take = async (of: Lease, name: string, n: number) => {
			for (let i = 0; i < n; i++) {
				const ticket = (await pacer.acquire(of))!;
				order.push(name);
				pacer.settle(ticket, 'ok');
			}
		};
		await clock.run(Promise.all([take(a, 'a', 5), take(b, 'b', 5)]));
		expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
	});

	it('lets executions take turns: a one-call execution is not held behind the calls another queued', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const bulk = pacer.join(50);
		const single = pacer.join(50);
		const granted: Array<[string, number]> = [];
		const take = (of: Lease, name: string) =>
			pacer.acquire(of).then((t) => {
				granted.push([name, t!.at]);
				pacer.settle(t!, 'ok');
			});
		// a bulk run queues 200 calls (its four seconds' worth), then a webhook run asks for one
		const calls = Array.from({ length: 200 }, () => take(bulk, 'bulk'));
		calls.push(take(single, 'single'));
		await clock.run(Promise.all(calls));
		const at = granted.findIndex(([name]) => name === 'single');
		expect(at).toBeLessThanOrEqual(2); // within the bulk run's first calls, not after its 200th
		expect(granted[at][1] - granted[0][1]).toBeLessThan(100);
	});

	it('does not let a stream of one-call executions starve one with many calls: new ones join the turns', async () => {
		const clock = new FakeClock();
		const pacer = new AccountPacer(clock);
		const bulk = pacer.join(5);
		const start = clock.now();
		const bulkStarts: number[] = [];
		const bulkCalls = Array.from({ length: 20 }, () =>
			pacer.acquire(bulk).then((t) => {
				bulkStarts.push(t!.at);
				pacer.settle(t!, 'ok');
			}),
		);
		// webhook executions of one call each, 6 a second (more than the rate), for a minute
		const singles = (async () => {
			for (let i = 0; i < 360; i++) {
				const one = pacer.join(5);
				void pacer.acquire(one).then((t) => pacer.settle(t!, 'ok'));
				await clock.sleep(1000 / 6);
			}
		})();
		await clock.run(Promise.all([...bulkCalls, singles]));
		// every other slot goes to the oldest call: 20 calls at 5/s take about 8 s, not a minute
		expect(Math.max(...bulkStarts) - start).toBeLessThan(10_000);
	});
});
