import * as workflow from 'n8n-workflow';

/**
 * n8n-workflow 1.x exports `sleepWithAbort(ms, signal)` and a `sleep(ms)` that ignores a signal;
 * 2.x exports only `sleep(ms, signal)`. Use whichever honours the signal on the host's version.
 */
const abortableSleep: (ms: number, signal?: AbortSignal) => Promise<void> =
	(workflow as unknown as { sleepWithAbort?: typeof workflow.sleep }).sleepWithAbort ??
	workflow.sleep;

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 && !signal?.aborted) return await workflow.sleep(0);
	await abortableSleep(ms, signal);
}

/** Time as the pacer sees it: the wall clock in n8n, a fake one in unit tests. */
export interface Clock {
	now(): number;
	/** Resolves after `ms`; rejects when `signal` aborts first. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: pause };

let moduleClock: Clock = realClock;

/** The clock the transport and the shared pacers use; tests swap in a fake one. */
export const clock = (): Clock => moduleClock;

/** For tests: use `fake` from now on (the real clock when omitted), and forget every shared pacer. */
export function useClock(fake?: Clock): void {
	moduleClock = fake ?? realClock;
	accountPacers.clear();
}

/**
 * Starts are spaced 1% wider than the rate asks; and while the pacer runs at the configured rate, a
 * call starts only once the call `rate` places before it started more than WINDOW_MS ago, measured
 * when each call really left (a timer that fires late, in a busy n8n, would otherwise bunch calls
 * and put one too many into the server's one-second window).
 */
export const SPACING_MARGIN = 1.01;
export const WINDOW_MS = 1010;

/**
 * Adaptive rate (multiplicative decrease, slow increase, as TCP's CUBIC does): the pacer runs at
 * `share` x the configured rate. A 429 cuts the share to DECREASE of itself, once per congestion
 * event (429s to calls that had started before the cut do not cut again). Then the share grows
 * back with the time since the cut along a cubic curve: quickly at first, flat near the share at
 * which the 429 came (reached after K seconds), then faster again past it, up to 1. A cut below the
 * previous one aims lower (fast convergence), so a process yields to others on the same account.
 * Several processes on one account, none of which sees the others, so settle near the account's
 * limit instead of each sending at it.
 */
export const ADAPTIVE = {
	DECREASE: 0.6,
	/** Share per second cubed: a cut from the configured rate is won back in about 14 s. */
	CUBIC: 0.00015,
	/** How much steeper the curve is past that level than before it. */
	CONVEX: 3,
	MIN_SHARE: 0.02,
};

/** LONE_CONFIRM 429s at the configured rate within LONE_MS are taken for another sender on the account. */
const LONE_MS = 2000;
const LONE_CONFIRM = 2;
const MAX_LATE_MS = 40;
const COLD_MS = 150;

/** A pacer nobody used for this long is dropped (with what it learnt about the account). */
export const IDLE_MS = 10 * 60_000;

/** How long a lease's rate still counts after its last call (see `ceiling`). */
const LEASE_LINGER_MS = 2000;

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
}

interface Waiter {
	readonly lease: Lease;
	readonly queuedAt: number;
	readonly resolve: (ticket: Ticket | undefined) => void;
	readonly signal?: AbortSignal;
	readonly onAbort?: () => void;
}

/**
 * Paces the calls of one account (base URL and key) to one endpoint family, for every execution in
 * this process that uses it: slots are granted in order of request (a retry goes first), spaced
 * at `1000 / rate` ms, where the rate is the lowest rate option among the executions using it now
 * (the user can always lower it), times the adaptive share. Holds no key: the registry knows it by
 * a fingerprint. Calls still running are not counted here; each transport limits its own.
 */
export class AccountPacer {
	private readonly leases = new Set<Lease>();

	private readonly queue: Waiter[] = [];

	/** When the most recent calls really started (at most MAX_STARTS). */
	private readonly started: number[] = [];

	private nextStart = -Infinity;

	private seq = 0;

	/** The share aimed at after the last cut (the curve flattens there), and when the cut came. */
	private target = 1;

	private cutAt?: number;

	/** Seconds from the cut until the curve reaches `target`. */
	private k = 0;

	/** Grants up to this sequence number were made before the last cut. */
	private cutAfterSeq = 0;

	/** When the recent 429s at the configured rate came, one per congestion event (see `settle`). */
	private lone: number[] = [];

	private loneAfterSeq = 0;

	/** Added to WINDOW_MS after 429s that came from calls arriving late (at most MAX_LATE_MS). */
	private lateMs = 0;

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

	/** Calls per second the account gets from this process now (configured rate x adaptive share). */
	get rate(): number {
		return this.ceiling() * this.share;
	}

	/** The adaptive share of the configured rate, in (0, 1]. */
	get adaptiveShare(): number {
		return this.share;
	}

	private get share(): number {
		if (this.cutAt === undefined) return 1;
		const t = (this.time.now() - this.cutAt) / 1000;
		// past the level of the last 429 with no new one (the others may have finished), climb faster
		const c = t > this.k ? ADAPTIVE.CUBIC * ADAPTIVE.CONVEX : ADAPTIVE.CUBIC;
		const share = this.target + c * (t - this.k) ** 3;
		if (share >= 1) {
			this.cutAt = undefined; // back at the configured rate: forget the cut
			return 1;
		}
		return Math.max(ADAPTIVE.MIN_SHARE, share);
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

	private interval(): number {
		return (1000 / this.rate) * SPACING_MARGIN;
	}

	/**
	 * Waits for a start slot. Resolves `undefined`, and takes no slot, when `signal` aborts first.
	 * `first`: put this call at the head of the queue (a retry, so a call once started finishes).
	 */
	async acquire(lease: Lease, signal?: AbortSignal, first = false): Promise<Ticket | undefined> {
		if (signal?.aborted) return undefined;
		if (!this.leases.has(lease)) this.leases.add(lease);
		lease.open++;
		lease.lastUsed = this.time.now();
		this.lastActive = lease.lastUsed;
		const ticket = await new Promise<Ticket | undefined>((resolve) => {
			const waiter: Waiter = {
				lease,
				queuedAt: this.time.now(),
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
		const perWindow = Math.max(1, Math.floor(this.rate + 1e-9));
		if (this.started.length >= perWindow) {
			at = Math.max(at, this.started[this.started.length - perWindow] + WINDOW_MS + this.lateMs);
		}
		return at - now;
	}

	/** Grants every waiter whose slot has come, in order. */
	private grantDue(): void {
		for (;;) {
			const now = this.time.now();
			const head = this.queue[0];
			if (!head || this.wait(now) > 0) return;
			this.queue.shift();
			if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
			const scheduled = Math.max(this.nextStart, head.queuedAt);
			// the first call after a quiet second pays for set-up (credential, connection) and may reach
			// the server late: see `settle`
			const cold = this.started.length === 0 || now - this.started[this.started.length - 1] > WINDOW_MS;
			const ticket: Ticket = { seq: ++this.seq, at: now, previousNext: this.nextStart, lease: head.lease, cold };
			// spaced from when the slot was due, not from when a late timer fired: the window rule
			// above keeps a catch-up from bunching calls beyond the rate
			const interval = this.interval();
			this.nextStart = Math.max(scheduled + interval, now + interval / 2);
			this.started.push(now);
			if (this.started.length > 256) this.started.splice(0, this.started.length - 256);
			this.lastActive = now;
			head.resolve(ticket);
		}
	}

	/** Sleeps until the head's slot while anyone waits; one pump per pacer. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const wait = this.wait(this.time.now());
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
		const at = this.started.lastIndexOf(ticket.at);
		if (at >= 0) this.started.splice(at, 1);
		if (ticket.seq === this.seq) this.nextStart = ticket.previousNext;
		this.grantDue();
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
		if (ticket.cold && outcome !== 'none') {
			// it reached the server before its answer came back, and set-up rarely takes longer than
			// COLD_MS: count it in the window from then, so the calls paced behind it do not arrive
			// bunched with it (one too many in the server's window)
			const at = this.started.indexOf(ticket.at);
			if (at >= 0) {
				this.started[at] = Math.min(now, ticket.at + COLD_MS);
				this.started.sort((a, b) => a - b);
			}
		}
		this.lastActive = now;
		if (outcome === 'throttled') {
			if (this.share >= 1 && ticket.seq > this.loneAfterSeq) {
				this.lone = this.lone.filter((at) => now - at < LONE_MS);
				this.lone.push(now);
				this.loneAfterSeq = this.seq;
			}
			// at the configured rate, a 429 with few others in the last seconds (or one to a call already
			// out when the last one came): a call reached the server later than it left, so the window
			// saw one too many. Widen the window a little. More of them soon after mean someone else
			// sends to the account too: cut.
			const lone = this.share >= 1 && this.lone.length < LONE_CONFIRM;
			if (lone) {
				if (this.lone[this.lone.length - 1] === now) this.lateMs = Math.min(MAX_LATE_MS, this.lateMs + 10);
			} else if (ticket.seq > this.cutAfterSeq) {
				// one cut per congestion event: not for calls that left before the last cut
				const share = this.share;
				const cut = Math.max(ADAPTIVE.MIN_SHARE, share * ADAPTIVE.DECREASE);
				// cut again before getting back to the last target: others want the account too, aim lower
				const target = this.cutAt !== undefined && share < this.target ? (share * (1 + ADAPTIVE.DECREASE)) / 2 : share;
				this.target = Math.max(target, cut);
				this.k = Math.cbrt((this.target - cut) / ADAPTIVE.CUBIC);
				this.cutAt = now;
				this.cutAfterSeq = this.seq;
				this.lone = [];
			}
			this.nextStart = Math.max(this.nextStart, now) + this.interval();
		}
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
