import { shapeOf } from './window';

/**
 * Adaptive rate, in whole calls per window (what the server's window counts): a process that cannot
 * see the others on the account learns its part from 429s.
 * - A 429 to a call that left after the last change (one change per congestion event) cuts the
 *   allowance to the calls of this process the server took in the window before it (what the
 *   others left free), at least one whole call and at most half, and that level counts as good.
 * - Once PROBE_MS passed without a 429 while calls wait for slots, the pacer probes one call more
 *   per window (then 2, 4, ... after each probe that holds a whole window: it climbs fast once the
 *   others are gone). A 429 during a probe takes it back to the good level and doubles the wait
 *   before the next probe (up to MAX_PROBE_MS): processes that share an account settle on whole
 *   calls that fill it (3 and 2 of 5) and test it rarely. The wait scales with the part of the
 *   configured rate the process has (share / (1 - share), between 1/4 and 2): the one with less
 *   probes sooner, so when the others finish it takes the account back first.
 * - At the full rate, a lone 429 (none in the FORGIVE_MS before it) that the process's own calls
 *   explain (they filled the window, give or take how late they may have arrived) cuts nothing:
 *   jitter in when the server counted its calls, not another process, drew it; the window then
 *   counts calls as later (see the window's `cap`). A second one soon after cuts as usual.
 */
export const ADAPTIVE = {
	/** The most one cut takes. */
	MAX_CUT: 0.5,
	PROBE_MS: 4000,
	MAX_PROBE_MS: 12_000,
	FORGIVE_MS: 20_000,
	/**
	 * The slowest the pacer goes: MIN_SHARE of the configured rate, and MIN_RATE calls per second
	 * (429s that keep coming whatever the pace, a proxy's for instance, must not stall a run).
	 */
	MIN_SHARE: 0.02,
	MIN_RATE: 0.1,
};

/** The most calls the adaptive rate remembers as taken. */
const MAX_TAKEN = 256;

/** What a 429 did: cut the rate, was forgiven as the process's own timing, or changed nothing. */
export type Refusal = 'cut' | 'own' | 'none';

/** The adaptive part of one pacer's rate (see ADAPTIVE), over its own state. */
export class AdaptiveRate {
	/** Calls per second this process allows itself (undefined: the configured rate). */
	private allowed?: number;

	/** The highest allowance known to hold (a probe is an allowance above it). */
	private good = Infinity;

	/** Whether a 429 ever cut the rate: another process shares the account (see ALONE_BURST). */
	shared = false;

	/** How much a probe adds, in calls per second (doubles after each probe that held). */
	private step = 1;

	/** How long to wait, from the last change, before probing. */
	private probeWait = ADAPTIVE.PROBE_MS;

	/** The wait before probing after a cut, doubled by each refused probe (before scaling by share). */
	private backoff = ADAPTIVE.PROBE_MS;

	private changedAt = -Infinity;

	/** Grants up to this sequence number were made before the last change of the allowance. */
	private changedAfterSeq = 0;

	private lastRefusal = -Infinity;

	/**
	 * When the most recent calls the server took (answered, not 429) started: what a 429 cuts the
	 * rate to counts these (kept apart from the window's calls, which a high rate with long round
	 * trips pushes out before the answer to the window after them comes).
	 */
	private readonly taken: number[] = [];

	/** Calls per second under `ceiling`, the configured rate. */
	rate(ceiling: number): number {
		return this.allowed === undefined ? ceiling : Math.min(ceiling, this.allowed);
	}

	/** An answer that was not a 429, to a call that started at `at` as slot `seq`. */
	ok(seq: number, at: number, now: number, ceiling: number, lastSeq: number): void {
		this.taken.push(at);
		if (this.taken.length > MAX_TAKEN) this.taken.shift();
		this.confirm(seq, at, now, ceiling, lastSeq);
	}

	/**
	 * A 429 to slot `seq` (started at `at`); `own`: the process's own calls filled the window then
	 * (see the window's `crowded`).
	 */
	refused(
		seq: number,
		at: number,
		now: number,
		ceiling: number,
		lastSeq: number,
		own: boolean,
	): Refusal {
		const lone = now - this.lastRefusal >= ADAPTIVE.FORGIVE_MS;
		this.lastRefusal = now;
		// one change per congestion event: not for calls that had left before the last change
		if (seq <= this.changedAfterSeq) return 'none';
		if (this.allowed === undefined && lone && own) {
			this.changed(now, lastSeq);
			return 'own';
		}
		this.cut(at, ceiling);
		this.changed(now, lastSeq);
		return 'cut';
	}

	/** Back from a probe, or down to what the server took, in whole calls. */
	private cut(at: number, ceiling: number): void {
		this.shared = true;
		const rate = this.rate(ceiling);
		if (rate > this.good) {
			this.allowed = this.good;
			this.backoff = Math.min(ADAPTIVE.MAX_PROBE_MS, this.backoff * 2);
		} else {
			const calls = Math.floor(rate + 1e-9);
			const window = shapeOf(rate).ms;
			let took = 0;
			for (const t of this.taken) if (t > at - window && t < at) took++;
			const half = Math.ceil(calls * (1 - ADAPTIVE.MAX_CUT) - 1e-9);
			const lower =
				calls >= 2 ? Math.min(calls - 1, Math.max(half, took)) : rate * (1 - ADAPTIVE.MAX_CUT);
			this.allowed = Math.max(ADAPTIVE.MIN_RATE, ADAPTIVE.MIN_SHARE * ceiling, lower);
			this.good = this.allowed;
			this.backoff = ADAPTIVE.PROBE_MS;
		}
		// a process with a small part of the account probes sooner than one with a large part: when
		// the others finish, it finds out first, and the one that has more tests the account less often
		const share = this.rate(ceiling) / ceiling;
		this.probeWait = this.backoff * Math.min(2, Math.max(0.25, share / (1 - share)));
		this.step = 1;
	}

	/**
	 * Probes one step higher when nothing was refused for a while and a call waits for its slot
	 * (`waited`: how long the oldest call has waited): there is demand, so the probe is tested.
	 */
	probe(now: number, waited: number, ceiling: number, lastSeq: number): void {
		if (this.allowed === undefined || this.allowed >= ceiling) return;
		const rate = this.rate(ceiling);
		if (rate > this.good || now - this.changedAt < this.probeWait) return;
		// held back: a quarter of the current spacing
		if (waited < 1000 / rate / 4) return;
		this.allowed = Math.min(
			ceiling,
			rate >= 1 ? Math.floor(rate + 1e-9) + this.step : Math.min(1, rate * 2),
		);
		this.changed(now, lastSeq);
	}

	/** A probe that held a whole window is the new good level; the next one may come soon, and larger. */
	private confirm(seq: number, at: number, now: number, ceiling: number, lastSeq: number): void {
		const rate = this.rate(ceiling);
		if (this.allowed === undefined || rate <= this.good || seq <= this.changedAfterSeq) return;
		// held when a call that left a whole window after the probe began, and a window's worth of
		// calls since, were taken (with latency over a window, the first answers say nothing of it yet)
		const window = shapeOf(rate);
		if (at - this.changedAt < window.ms || lastSeq - this.changedAfterSeq < window.calls) return;
		this.good = rate;
		this.step *= 2;
		this.probeWait = window.ms;
		this.backoff = ADAPTIVE.PROBE_MS;
		if (rate >= ceiling) {
			this.allowed = undefined;
			this.good = Infinity;
			this.step = 1;
		}
		this.changed(now, lastSeq);
	}

	private changed(now: number, lastSeq: number): void {
		this.changedAt = now;
		this.changedAfterSeq = lastSeq;
	}
}
