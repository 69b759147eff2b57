/**
 * The sliding window: at most a window's calls (whole calls) in any WINDOW_MS, each counted from
 * when it reached the server as far as the pacer can tell. Within a window, calls may start up to
 * BURST (ALONE_BURST) times faster than the rate, so the window fills early and a run does not wait
 * out its last second call by call; the window rule alone keeps the account at its rate.
 *
 * Blueshift recommends rates ("limiting bulk calls to 5 per second", developer.blueshift.com) and
 * does not say how it counts them: when a call counts (its arrival, or later), whether a refused
 * call counts, or how the second is cut. So a call here counts from its latest likely arrival.
 */
export const WINDOW_MS = 1005;
export const BURST = 2;
/**
 * A pacer that no 429 has cut yet (alone on the account, as far as it knows) starts
 * its calls up to this many times faster: a run's first window, whose spread every later window
 * inherits, fills in a quarter of a second. Pacers that share an account go back to BURST once a
 * 429 cuts them: their bursts would collide (test/pacing/sharing.test.ts).
 */
export const ALONE_BURST = 4;

/**
 * A call whose answer came later than the fastest recent answers may have reached the server that
 * much later than it left: a network's arrival jitter, or a busy machine (the request waited for
 * the CPU). It counts in the window from then, by at most `cap` (at first CAP_MS; a 429 that the
 * pacer's own calls explain raises it, up to LATE_MS): a slow answer is as often slow on the
 * server's side, after the call was counted, and a call that hangs for seconds must not stall the
 * account. The first call after a quiet while also pays for set-up: up to COLD_MS.
 */
export const LATE_MS = 250;
export const CAP_MS = 100;
const COLD_MS = 150;
/** How much round trips are taken to vary before enough of them show it. */
const RANGE_MS = 100;
/** How many round trips' worth RANGE_MS weighs against the spread they show. */
const PRIOR_TRIPS = 2;
/**
 * How far above the fastest possible round trip the fastest of n lies, in 1/(n + 1) of their
 * spread: 1 for a spread that is uniform; delays that add up (the network, the server's count, a
 * busy CPU on both ends) leave fewer trips near the fastest, so more.
 */
const FASTEST_SLACK = 4;
/** A busy CPU: a call counts as late as this many times how late the pacer's timers fire. */
const LAG_FACTOR = 2;
/** Recent round trips kept; the fastest of them is the trip of a call that met no delay. */
const RTT_SAMPLES = 50;
/** The calls remembered; above this many calls per window, calls are spaced evenly instead. */
const MAX_STARTS = 256;

/** What a rate means for the window: whole calls per window, its length, the start spacing. */
export interface Shape {
	readonly calls: number;
	readonly ms: number;
	readonly interval: number;
}

/** A rate under 1 call/s spreads one call over more than a second. */
export function shapeOf(rate: number, burst = BURST): Shape {
	const calls = Math.max(1, Math.floor(rate + 1e-9));
	const ms = Math.max(1000, (1000 * calls) / rate) + WINDOW_MS - 1000;
	// above MAX_STARTS calls a window the window rule cannot be checked: even spacing, 1% wide
	const interval = calls > MAX_STARTS ? (1000 / rate) * 1.01 : 1000 / rate / burst;
	return { calls, ms, interval };
}

/** One call's start, and its round trip once answered. */
interface Start {
	readonly seq: number;
	readonly at: number;
	readonly cold: boolean;
	rtt?: number;
}

/** The calls of one pacer in its window, and when the next may start. */
export class ArrivalWindow {
	/** The most recent calls, in the order they started (at most MAX_STARTS). */
	private readonly started: Start[] = [];

	/** Recent round trips (start to answer), without the first calls after a quiet while. */
	private readonly rtts: number[] = [];

	/** The fastest possible round trip, as far as recent ones tell (undefined before any). */
	private fast?: number;

	/** How much slower than `fast` the slow recent round trips are (their 90th percentile). */
	private spread = 0;

	/** The most a call counts late by, as learnt from 429s (see LATE_MS). */
	learnt = CAP_MS;

	private nextStart = -Infinity;

	/** How late this process's own timers fired recently: how busy its CPU is. */
	private readonly lags: number[] = [];

	private lag = 0;

	/**
	 * The most a call counts late by: what 429s taught, and more on a busy CPU, where a call waits
	 * for it before it leaves about as long as the pacer's own timers wait to fire.
	 */
	get cap(): number {
		return Math.min(LATE_MS, this.learnt + LAG_FACTOR * this.lag);
	}

	/** Notes how much later than asked a timer of the pacer fired. */
	late(ms: number): void {
		this.lags.push(Math.max(0, ms));
		if (this.lags.length > RTT_SAMPLES) this.lags.shift();
		const sorted = [...this.lags].sort((a, b) => a - b);
		this.lag = sorted[Math.floor(sorted.length * 0.9)];
	}

	/**
	 * When a call reached the server as far as can be told: its start, plus how much longer its
	 * round trip took than the fastest possible one, at most `cap` (the first call after a quiet
	 * while by up to COLD_MS; its whole round trip when no other is known yet). A call not answered
	 * yet counts from its start while it is among the most recent (the window rule looks at the call
	 * a window back, answered by then); once out longer than a window, as late as the slow ones.
	 */
	private arrival(start: Start, now: number, shape: Shape): number {
		if (start.rtt === undefined) {
			return start.at + (now - start.at > shape.ms ? Math.min(this.cap, this.spread) : 0);
		}
		if (start.cold) return start.at + clamp(start.rtt - (this.fast ?? 0), COLD_MS);
		return start.at + clamp(start.rtt - (this.fast ?? start.rtt), this.cap);
	}

	/** Milliseconds until the next call may start: its spacing, and the window rule. */
	wait(now: number, shape: Shape): number {
		let at = this.nextStart;
		// whole calls per window: two processes at 2.6/s each can put 3 + 3 calls into one second
		// of the server's window; at 3 and 2 calls per window they never pass 5
		if (this.started.length >= shape.calls) {
			const horizon = now - shape.ms - Math.max(LATE_MS, COLD_MS);
			const arrivals: number[] = [];
			for (let i = this.started.length - 1; i >= 0 && this.started[i].at >= horizon; i--) {
				arrivals.push(this.arrival(this.started[i], now, shape));
			}
			if (arrivals.length >= shape.calls) {
				arrivals.sort((a, b) => b - a);
				at = Math.max(at, arrivals[shape.calls - 1] + shape.ms);
			}
		}
		return at - now;
	}

	/**
	 * Records a call that starts now, its slot due at `due`; returns whether it is the first after
	 * a quiet while, and the spacing before it (to give the slot back).
	 */
	start(seq: number, now: number, due: number, shape: Shape): { cold: boolean; before: number } {
		const last = this.started[this.started.length - 1];
		// the first call after a quiet while pays for set-up (credential, connection): see `arrival`
		const cold = !last || now - last.at > 2 * shape.ms;
		const before = this.nextStart;
		// spaced from when the slot was due, not from when a late timer fired: the window rule keeps
		// a catch-up from putting more than the rate into a window
		this.nextStart = Math.max(due + shape.interval, now + shape.interval / 2);
		this.started.push({ seq, at: now, cold });
		if (this.started.length > MAX_STARTS) this.started.splice(0, this.started.length - MAX_STARTS);
		return { cold, before };
	}

	/** When the next slot is due by spacing alone. */
	get next(): number {
		return this.nextStart;
	}

	/** Forgets a call that was not sent; `before`: the spacing to go back to when it was the last. */
	refund(seq: number, before?: number): void {
		const at = this.started.findIndex((start) => start.seq === seq);
		if (at >= 0) this.started.splice(at, 1);
		if (before !== undefined) this.nextStart = before;
	}

	/** Notes an answered call's round trip. */
	answered(seq: number, rtt: number, cold: boolean): void {
		if (!cold) {
			this.rtts.push(rtt);
			if (this.rtts.length > RTT_SAMPLES) this.rtts.shift();
			const sorted = [...this.rtts].sort((a, b) => a - b);
			const n = sorted.length;
			const slow = sorted[Math.floor(n * 0.9)];
			// the fastest possible trip lies below the fastest of n (see FASTEST_SLACK); the spread is
			// read from the median (a few late trips do not move it) and, while few trips show it,
			// taken nearer RANGE_MS
			const seen = 2 * (sorted[Math.floor(n / 2)] - sorted[0]);
			const range = seen > 0 ? (seen * n + RANGE_MS * PRIOR_TRIPS) / (n + PRIOR_TRIPS) : 0;
			this.fast = sorted[0] - (FASTEST_SLACK * range) / (n + 1);
			this.spread = slow - this.fast;
		}
		for (let i = this.started.length - 1; i >= 0; i--) {
			if (this.started[i].seq !== seq) continue;
			this.started[i].rtt = rtt;
			break;
		}
	}

	/** A refused call: the next one waits a slot longer. */
	skip(now: number, shape: Shape): void {
		this.nextStart = Math.max(this.nextStart, now) + shape.interval;
	}

	/**
	 * Whether this pacer's own calls could have filled the server's window when call `seq` came,
	 * had they reached it up to `cap` later than thought: a 429 it then drew may be its own timing,
	 * not another process on the account.
	 */
	crowded(seq: number, now: number, shape: Shape): boolean {
		const call = this.started.find((start) => start.seq === seq);
		if (!call) return false;
		const until = this.arrival(call, now, shape);
		const from = until - shape.ms - this.cap;
		let own = 0;
		for (const start of this.started) {
			if (start.seq === seq) continue;
			const at = this.arrival(start, now, shape);
			if (at > from && at <= until) own++;
		}
		return own >= shape.calls;
	}
}

function clamp(ms: number, most: number): number {
	return Math.max(0, Math.min(most, ms));
}
