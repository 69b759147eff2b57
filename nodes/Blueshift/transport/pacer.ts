import * as workflow from 'n8n-workflow';

/**
 * n8n-workflow's sleeps differ by version: later 1.x export `sleepWithAbort(ms, signal)` beside a
 * `sleep(ms)` that ignores a signal; 2.x export only `sleep(ms, signal)`, which honours it; older
 * 1.x (n8n 1.82's n8n-workflow 1.80) have only `sleep(ms)`, which ignores it. Use whichever honours
 * the signal, and where none does, stop waiting when the signal aborts anyway (the timer then
 * runs out on its own, harmlessly).
 */
const withAbort = (workflow as unknown as { sleepWithAbort?: typeof workflow.sleep }).sleepWithAbort;
const sleepTakesSignal = workflow.sleep.length >= 2;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (withAbort) return withAbort(ms, signal);
	if (sleepTakesSignal || !signal) return workflow.sleep(ms, signal);
	if (signal.aborted) return Promise.reject(new Error('Aborted'));
	return new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(new Error('Aborted'));
		signal.addEventListener('abort', onAbort, { once: true });
		workflow.sleep(ms).then(
			() => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error as Error);
			},
		);
	});
}

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 && !signal?.aborted) return await workflow.sleep(0);
	await abortableSleep(ms, signal);
}

/** Time as the pacer sees it: a monotonic clock in n8n, a fake one in unit tests. */
export interface Clock {
	now(): number;
	/** Resolves after `ms`; rejects when `signal` aborts first. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Milliseconds that never go back: the wall clock can be stepped back (NTP after a suspended VM),
 * which would put every recent start in the future and hold the account's calls for as long.
 */
export const realClock: Clock = { now: () => performance.timeOrigin + performance.now(), sleep: pause };

let moduleClock: Clock = realClock;

/** The clock the transport and the shared pacers use; tests swap in a fake one. */
export const clock = (): Clock => moduleClock;

/** For tests: use `fake` from now on (the real clock when omitted), and forget every shared pacer. */
export function useClock(fake?: Clock): void {
	moduleClock = fake ?? realClock;
	accountPacers.clear();
}

/**
 * The pacer keeps what the server's one-second window keeps: at most `rate` calls (whole calls) in
 * any WINDOW_MS, each counted from when it reached the server as far as the pacer can tell (see
 * `settle`). Within a window, calls may start up to BURST times faster than the rate, so the window
 * fills early and a run does not wait out its last second call by call; the window rule alone
 * keeps the account at its rate.
 */
export const WINDOW_MS = 1005;
export const BURST = 2;

/**
 * A call whose answer came back later than the fastest recent answers may have reached the server
 * that much later than it left (a busy machine: the request waited for the CPU, a credential read,
 * a connection): it counts in the window from then, by at most LATE_MS (COLD_MS for the first call
 * after a quiet second, which also pays for set-up). RTT_SAMPLES recent answers give the fastest.
 */
export const LATE_MS = 250;
const COLD_MS = 150;
const RTT_SAMPLES = 50;
/** The calls a pacer remembers; above this many calls per window it spaces calls evenly instead. */
const MAX_STARTS = 256;

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
 */
export const ADAPTIVE = {
	/** The most one cut takes. */
	MAX_CUT: 0.5,
	PROBE_MS: 4000,
	MAX_PROBE_MS: 12_000,
	/**
	 * The slowest the pacer goes: MIN_SHARE of the configured rate, and MIN_RATE calls per second
	 * (429s that keep coming whatever the pace, a proxy's for instance, must not stall a run).
	 */
	MIN_SHARE: 0.02,
	MIN_RATE: 0.1,
};

/** One call's start, and its round trip once answered. */
interface Start {
	readonly seq: number;
	readonly at: number;
	readonly cold: boolean;
	rtt?: number;
}

/**
 * When a call reached the server as far as can be told: its start, plus how much longer its round
 * trip took than a fast one (the rest of the trip varies little on the server's side), at most
 * LATE_MS; the first call after a quiet second, which also paid for set-up, by up to COLD_MS (its
 * whole round trip when no fast one is known yet). A call not answered yet: its start. Calls paced
 * behind a late one so do not reach the server bunched with it (one too many in its window).
 */
function arrival(start: Start, fast: number | undefined): number {
	if (start.rtt === undefined) return start.at;
	if (start.cold) return start.at + Math.max(0, Math.min(COLD_MS, start.rtt - (fast ?? 0)));
	return start.at + Math.max(0, Math.min(LATE_MS, start.rtt - (fast ?? start.rtt)));
}

/** A pacer nobody used for this long is dropped (with what it learnt about the account). */
export const IDLE_MS = 10 * 60_000;

/** The pump looks again at least this often while calls wait. */
const PUMP_MS = 1000;

/** How long a lease's rate still counts after its last call (see `ceiling`). */
const LEASE_LINGER_MS = 2000;

/** How a retried call's last attempt ended: refused with a 429, or failed otherwise (see `acquire`). */
export type RetryOf = 'throttled' | 'failed';

/** One granted start slot. */
export interface Ticket {
	readonly seq: number;
	readonly at: number;
	/** `nextStart` before this grant, to give the slot back (refund). */
	readonly previousNext: number;
	readonly lease: Lease;
	/** The first call after a quiet second. */
	readonly cold?: boolean;
	done?: boolean;
}

/** One transport's (one execution's) use of a shared pacer, with its own rate option. */
export interface Lease {
	readonly rate: number;
	open: number;
	lastUsed: number;
	/**
	 * The seq of the last slot it was granted (a new lease: just before the last slot granted):
	 * executions take turns by it.
	 */
	served?: number;
}

interface Waiter {
	readonly lease: Lease;
	readonly queuedAt: number;
	/** Goes before every other call: a retry other than after a 429 (see `acquire`). */
	readonly first: boolean;
	readonly resolve: (ticket: Ticket | undefined) => void;
	readonly signal?: AbortSignal;
	readonly onAbort?: () => void;
}

/**
 * Paces the calls of one account (base URL and key) to one endpoint family, for every execution in
 * this process that uses it: slots are granted to the executions in turn (a retry first, other
 * than after a 429), at most `rate` calls per window (see WINDOW_MS), where the rate is the lowest
 * rate option among the executions using it now (the user can always lower it), or less as adapted
 * (see ADAPTIVE). Holds no key: the registry knows it by a fingerprint. Calls still running are not
 * counted here; each transport limits its own.
 */
export class AccountPacer {
	private readonly leases = new Set<Lease>();

	private readonly queue: Waiter[] = [];

	/** Whether the next contested slot goes to the oldest call (see `next`). */
	private oldestNext = false;

	/** The most recent calls, in the order they started (at most MAX_STARTS). */
	private readonly started: Start[] = [];

	/**
	 * When the most recent calls the server took (answered, not 429) started: what a 429 cuts the
	 * rate to counts these. Kept apart from `started`, which holds the last MAX_STARTS starts: with
	 * a high rate and a long round trip, the window before a 429 left that list before its answer came.
	 */
	private readonly taken: number[] = [];

	/** The most recent round trips (start to answer), without the first calls after a quiet while. */
	private readonly rtts: number[] = [];

	/** The usual round trip: the median of `rtts` (undefined before any). */
	private fast?: number;

	private nextStart = -Infinity;

	private seq = 0;

	/** Calls per second this process allows itself on the account (undefined: the configured rate). */
	private allowed?: number;

	/** The highest allowance known to hold (a probe is an allowance above it). */
	private good = Infinity;

	/** How much a probe adds, in calls per second (doubles after each probe that held). */
	private step = 1;

	/** How long to wait, from the last change, before probing. */
	private probeWait = ADAPTIVE.PROBE_MS;

	/** The wait before probing after a cut, doubled by each refused probe (before scaling by share). */
	private backoff = ADAPTIVE.PROBE_MS;

	private changedAt = -Infinity;

	/** Grants up to this sequence number were made before the last change of the allowance. */
	private changedAfterSeq = 0;

	private pumping = false;

	lastActive: number;

	constructor(private readonly time: Clock = realClock) {
		this.lastActive = time.now();
	}

	/** Registers a transport with its rate option; a lease counts while it is in use (see `ceiling`). */
	join(rate: number): Lease {
		const now = this.time.now();
		for (const lease of this.leases) if (!this.inUse(lease, now)) this.leases.delete(lease);
		const lease: Lease = { rate, open: 0, lastUsed: now };
		this.leases.add(lease);
		return lease;
	}

	private inUse(lease: Lease, now: number): boolean {
		return lease.open > 0 || now - lease.lastUsed <= LEASE_LINGER_MS;
	}

	/** Calls per second the account gets from this process now (the configured rate, or less, adapted). */
	get rate(): number {
		const ceiling = this.ceiling();
		return this.allowed === undefined ? ceiling : Math.min(ceiling, this.allowed);
	}

	/** The adapted rate as a share of the configured rate, in (0, 1]. */
	get adaptiveShare(): number {
		return this.rate / this.ceiling();
	}

	/** True when nothing waits, nothing is open, and nothing happened for IDLE_MS. */
	idle(now: number): boolean {
		if (this.queue.length > 0) return false;
		for (const lease of this.leases) if (lease.open > 0) return false;
		return now - this.lastActive >= IDLE_MS;
	}

	/**
	 * The lowest rate option among the leases in use (with a call open or used in the last 2 s);
	 * when none is, the rate of the newest lease.
	 */
	private ceiling(): number {
		const now = this.time.now();
		let lowest = Infinity;
		let newest: Lease | undefined;
		for (const lease of this.leases) {
			newest = lease;
			if (this.inUse(lease, now)) lowest = Math.min(lowest, lease.rate);
		}
		return lowest === Infinity ? (newest?.rate ?? 1) : lowest;
	}

	/** The spacing of starts within a window. */
	private interval(): number {
		// above MAX_STARTS calls a window the window rule cannot be checked: even spacing, 1% wide
		return this.window().calls > MAX_STARTS ? (1000 / this.rate) * 1.01 : 1000 / this.rate / BURST;
	}

	/** Whole calls per window, and the window: a rate under 1 call/s spreads one call over more than a second. */
	private window(): { calls: number; ms: number } {
		const rate = this.rate;
		const calls = Math.max(1, Math.floor(rate + 1e-9));
		return { calls, ms: Math.max(1000, (1000 * calls) / rate) + WINDOW_MS - 1000 };
	}

	/**
	 * Waits for a start slot. Resolves `undefined`, and takes no slot, when `signal` aborts first.
	 * `retryOf`: how this call's last attempt ended, for a retry. After a failure (5xx, no answer) it
	 * goes first, so a call once started finishes. After a 429 it queues behind the calls already
	 * waiting: its next slot would land in the same full window, and a call kept at the head drew
	 * every 429 of a congested account in a row until its retries ran out (queue mode: two workers
	 * on one account); behind the others, the 429s fall on many calls, a few each.
	 */
	async acquire(lease: Lease, signal?: AbortSignal, retryOf?: RetryOf): Promise<Ticket | undefined> {
		const first = retryOf === 'failed';
		if (signal?.aborted) return undefined;
		if (!this.leases.has(lease)) this.leases.add(lease);
		// a new execution joins the turns after every execution that waits now and before the one
		// served last: it goes soon, but a stream of new executions cannot starve one with many calls
		lease.served ??= this.seq - 0.5;
		lease.open++;
		lease.lastUsed = this.time.now();
		this.lastActive = lease.lastUsed;
		const ticket = await new Promise<Ticket | undefined>((resolve) => {
			const waiter: Waiter = {
				lease,
				queuedAt: this.time.now(),
				first,
				resolve,
				signal,
				onAbort: signal
					? () => {
							const at = this.queue.indexOf(waiter);
							if (at >= 0) this.queue.splice(at, 1);
							resolve(undefined);
						}
					: undefined,
			};
			if (waiter.onAbort) signal?.addEventListener('abort', waiter.onAbort, { once: true });
			if (first) this.queue.unshift(waiter);
			else this.queue.push(waiter);
			this.grantDue();
			void this.pump();
		});
		if (!ticket) lease.open--;
		return ticket;
	}

	/** Milliseconds until the head of the queue may start. */
	private wait(now: number): number {
		let at = this.nextStart;
		// whole calls per window: two processes at 2.6/s each can put 3 + 3 calls into one second
		// of the server's window; at 3 and 2 calls per window they never pass 5
		const window = this.window();
		if (this.started.length >= window.calls) {
			// when the recent calls reached the server, as far as known now (the fast round trip, and so
			// how late each answered call was, is better known the more calls were answered)
			const fast = this.fast;
			const horizon = now - window.ms - Math.max(LATE_MS, COLD_MS);
			const arrivals: number[] = [];
			for (let i = this.started.length - 1; i >= 0 && this.started[i].at >= horizon; i--) {
				arrivals.push(arrival(this.started[i], fast));
			}
			if (arrivals.length >= window.calls) {
				arrivals.sort((a, b) => b - a);
				at = Math.max(at, arrivals[window.calls - 1] + window.ms);
			}
		}
		return at - now;
	}

	/**
	 * Who gets the next slot: a retry first (other than after a 429: see `acquire`); otherwise, slot
	 * by slot in turn, the oldest call, and the oldest call of the execution served longest ago (a new
	 * one joins after those that wait now).
	 * So an execution that queued many calls holds one with a single call to make back by a slot or
	 * two, not by all its calls; and since every other slot goes to the oldest call, executions that
	 * keep coming faster than the rate cannot starve one that came before them.
	 */
	private next(): number {
		if (this.queue[0].first || this.queue.length === 1) return 0;
		this.oldestNext = !this.oldestNext;
		if (this.oldestNext) return 0;
		let best = 0;
		for (let i = 1; i < this.queue.length; i++) {
			if ((this.queue[i].lease.served ?? 0) < (this.queue[best].lease.served ?? 0)) best = i;
		}
		return best;
	}

	/** Grants every waiter whose slot has come, executions in turn (see `next`). */
	private grantDue(): void {
		for (;;) {
			const now = this.time.now();
			const oldest = this.queue[0];
			if (oldest) this.probe(now, oldest);
			if (!oldest || this.wait(now) > 0) return;
			const [head] = this.queue.splice(this.next(), 1);
			if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
			// due since the oldest call asked, whoever's turn it is
			const scheduled = Math.max(this.nextStart, oldest.queuedAt);
			// the first call after a quiet second pays for set-up (credential, connection) and may reach
			// the server late: see `settle`
			const cold = this.started.length === 0 || now - this.started[this.started.length - 1].at > 2 * this.window().ms;
			const ticket: Ticket = { seq: ++this.seq, at: now, previousNext: this.nextStart, lease: head.lease, cold };
			// spaced from when the slot was due, not from when a late timer fired: the window rule
			// above keeps a catch-up from putting more than the rate into a window
			const interval = this.interval();
			this.nextStart = Math.max(scheduled + interval, now + interval / 2);
			this.started.push({ seq: ticket.seq, at: now, cold });
			if (this.started.length > MAX_STARTS) this.started.splice(0, this.started.length - MAX_STARTS);
			this.lastActive = now;
			head.lease.served = ticket.seq;
			head.resolve(ticket);
		}
	}

	/** Sleeps until the head's slot while anyone waits; one pump per pacer. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				// at most PUMP_MS at a time: a rate that rose meanwhile (a slower execution ended) is
				// seen within it, and a wait never overflows a timer
				const wait = Math.min(PUMP_MS, this.wait(this.time.now()));
				if (wait > 0) await this.time.sleep(wait);
				this.grantDue();
			}
		} finally {
			this.pumping = false;
		}
	}

	/** Gives back a slot that was not used (the call was not sent); the next waiter may go at once. */
	refund(ticket: Ticket): void {
		if (ticket.done) return;
		ticket.done = true;
		ticket.lease.open--;
		const at = this.started.findIndex((start) => start.seq === ticket.seq);
		if (at >= 0) this.started.splice(at, 1);
		if (ticket.seq === this.seq) this.nextStart = ticket.previousNext;
		this.grantDue();
	}

	/** Notes an answered call's round trip (see `arrival`). */
	private placeInWindow(ticket: Ticket, now: number): void {
		const rtt = now - ticket.at;
		if (!ticket.cold) {
			this.rtts.push(rtt);
			if (this.rtts.length > RTT_SAMPLES) this.rtts.shift();
			const sorted = [...this.rtts].sort((a, b) => a - b);
			this.fast = sorted[Math.floor(sorted.length / 2)];
		}
		for (let i = this.started.length - 1; i >= 0; i--) {
			if (this.started[i].seq !== ticket.seq) continue;
			this.started[i].rtt = rtt;
			break;
		}
	}

	/**
	 * Reports how a call that used `ticket` ended: `throttled` (429) cuts the share and skips a slot;
	 * `ok` (an answer that was not a 429) raises it; `none` (no answer) leaves it.
	 */
	settle(ticket: Ticket, outcome: 'ok' | 'throttled' | 'none'): void {
		if (ticket.done) return;
		ticket.done = true;
		ticket.lease.open--;
		const now = this.time.now();
		ticket.lease.lastUsed = now;
		if (outcome !== 'none') this.placeInWindow(ticket, now);
		this.lastActive = now;
		if (outcome === 'ok') {
			this.taken.push(ticket.at);
			if (this.taken.length > MAX_STARTS) this.taken.shift();
			this.confirm(ticket, now);
		}
		if (outcome === 'throttled') {
			// one cut per congestion event: not for calls that had left before the last change
			if (ticket.seq > this.changedAfterSeq) this.cut(ticket, now);
			this.nextStart = Math.max(this.nextStart, now) + this.interval();
		}
		// a higher rate or a freed window may let the head of the queue go now
		this.grantDue();
	}

	/** A 429 that counts (see ADAPTIVE): back from a probe, or down to what the server took, in whole calls. */
	private cut(ticket: Ticket, now: number): void {
		const rate = this.rate;
		if (rate > this.good) {
			this.allowed = this.good;
			this.backoff = Math.min(ADAPTIVE.MAX_PROBE_MS, this.backoff * 2);
		} else {
			const calls = Math.floor(rate + 1e-9);
			const window = this.window().ms;
			let took = 0;
			for (const at of this.taken) if (at > ticket.at - window && at < ticket.at) took++;
			const lower = calls >= 2
				? Math.min(calls - 1, Math.max(Math.ceil(calls * (1 - ADAPTIVE.MAX_CUT) - 1e-9), took))
				: rate * (1 - ADAPTIVE.MAX_CUT);
			this.allowed = Math.max(ADAPTIVE.MIN_RATE, ADAPTIVE.MIN_SHARE * this.ceiling(), lower);
			this.good = this.allowed;
			this.backoff = ADAPTIVE.PROBE_MS;
		}
		// a process with a small part of the account probes sooner than one with a large part: when the
		// others finish, it finds out first, and the one that has more tests the account less often
		const share = this.adaptiveShare;
		this.probeWait = this.backoff * Math.min(2, Math.max(0.25, share / (1 - share)));
		this.step = 1;
		this.changed(now);
	}

	/** Probes one step higher when calls wait for slots and nothing was refused for a while. */
	private probe(now: number, head: Waiter): void {
		if (this.allowed === undefined || this.allowed >= this.ceiling() || this.rate > this.good) return;
		if (now - this.changedAt < this.probeWait || !this.heldBack(now, head)) return;
		const rate = this.rate;
		this.allowed = Math.min(this.ceiling(), rate >= 1 ? Math.floor(rate + 1e-9) + this.step : Math.min(1, rate * 2));
		this.changed(now);
	}

	/**
	 * True when the oldest waiter has waited a while (a quarter of the current
	 * spacing) for its slot: there is demand for a higher rate, so a probe will be used and tested.
	 */
	private heldBack(now: number, head: Waiter): boolean {
		return now - head.queuedAt >= (1000 / this.rate) / 4;
	}

	/** A probe that held a whole window is the new good level; the next one may come soon, and larger. */
	private confirm(ticket: Ticket, now: number): void {
		if (this.allowed === undefined || this.rate <= this.good || ticket.seq <= this.changedAfterSeq) return;
		// held when a call that left a whole window after the probe began, and a window's worth of calls
		// since, were taken (with latency over a window, the first answers say nothing of it yet)
		const window = this.window();
		if (ticket.at - this.changedAt < window.ms || this.seq - this.changedAfterSeq < window.calls) return;
		this.good = this.rate;
		this.step *= 2;
		this.probeWait = this.window().ms;
		this.backoff = ADAPTIVE.PROBE_MS;
		if (this.rate >= this.ceiling()) {
			this.allowed = undefined;
			this.good = Infinity;
			this.step = 1;
		}
		this.changed(now);
	}

	private changed(now: number): void {
		this.changedAt = now;
		this.changedAfterSeq = this.seq;
	}
}

/** The shared pacers of this process, by endpoint family and account fingerprint. Memory only. */
const accountPacers = new Map<string, AccountPacer>();

/**
 * The pacer every execution in this process shares for this account (`fingerprint`: a hash of the
 * base URL and key, never the key) and endpoint family. Pacers idle for IDLE_MS are dropped.
 */
export function accountPacer(family: string, fingerprint: string): AccountPacer {
	const now = moduleClock.now();
	for (const [id, pacer] of accountPacers) if (pacer.idle(now)) accountPacers.delete(id);
	const id = `${family}\u0000${fingerprint}`;
	let pacer = accountPacers.get(id);
	if (!pacer) {
		pacer = new AccountPacer(moduleClock);
		accountPacers.set(id, pacer);
	}
	return pacer;
}

/** How many shared pacers this process holds (for tests). */
export const accountPacerCount = () => accountPacers.size;

/** At most `max` calls of one transport open at once; the rest wait in order. */
export class Permits {
	private open = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(readonly max: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.open >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.open++;
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.open--;
		}
	}
}
