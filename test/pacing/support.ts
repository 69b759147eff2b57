import { AccountPacer, type Clock } from '../../nodes/shared/pacing';

/**
 * A clock that moves only when told: every sleep is a timer on a virtual time line, fired in order
 * by `run`. Nothing here depends on how fast the machine is.
 */
export class FakeClock implements Clock {
	t = 1_000_000;

	private timers: Array<{ at: number; order: number; resolve: () => void }> = [];

	private order = 0;

	now() {
		return this.t;
	}

	async sleep(ms: number, signal?: AbortSignal) {
		await new Promise<void>((resolve, reject) => {
			const timer = { at: this.t + Math.max(0, ms), order: this.order++, resolve };
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

	private nextTimer() {
		this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
		return this.timers[0];
	}

	/** Fires timers in time order until `done` settles; fails on a deadlock (nothing left to fire). */
	async run<T>(done: Promise<T>, limitMs = 3_600_000): Promise<T> {
		let finished = false;
		const result = done.finally(() => (finished = true));
		// a rejection is rethrown below, not left unhandled while timers fire
		result.catch(() => undefined);
		const end = this.t + limitMs;
		for (;;) {
			await this.flush();
			if (finished) return await result;
			const next = this.nextTimer();
			if (!next) throw new Error('deadlock: nothing to wait for and not done');
			if (next.at > end) throw new Error('virtual time limit reached');
			this.timers.shift();
			this.t = Math.max(this.t, next.at);
			next.resolve();
		}
	}

	/** Moves time forward by `ms`, firing what falls due. */
	async advance(ms: number) {
		const end = this.t + ms;
		for (;;) {
			await this.flush();
			const next = this.nextTimer();
			if (!next || next.at > end) break;
			this.timers.shift();
			this.t = Math.max(this.t, next.at);
			next.resolve();
		}
		this.t = end;
		await this.flush();
	}
}

/** Most calls in any window of `width` ms over sorted times. */
export function busiest(times: number[], width = 1000) {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= width) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

/** A small seeded generator (an LCG), so a simulated run repeats exactly for a seed. */
export function seeded(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1103515245 + 12345) % 2147483648;
		return s / 2147483648;
	};
}

/** mulberry32: a better seeded generator, for the draws the old simulator did not make. */
export function mulberry32(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * One pacer at `rate` on a fake clock, `count` calls asked for at once, each answered `roundTrip(i)`
 * ms after it started (at once when 0); `starts` holds the grant times in order.
 */
export async function callsAtOnce(
	rate: number,
	count: number,
	roundTrip: (i: number) => number = () => 0,
) {
	const clock = new FakeClock();
	const pacer = new AccountPacer(clock);
	const lease = pacer.join(rate);
	const starts: number[] = [];
	await clock.run(
		Promise.all(
			Array.from({ length: count }, async (_, i) => {
				const t = (await pacer.acquire(lease))!;
				starts.push(t.at);
				if (roundTrip(i) > 0) await clock.sleep(roundTrip(i));
				pacer.settle(t, 'ok');
			}),
		),
	);
	return { clock, pacer, lease, starts };
}
