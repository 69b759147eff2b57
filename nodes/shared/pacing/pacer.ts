import { AdaptiveRate } from './adaptive';
import { realClock, type Clock } from './clock';
import { Turns, type Lease, type Waiting } from './turns';
import { ALONE_BURST, ArrivalWindow, BURST, LATE_MS, shapeOf, type Shape } from './window';

/** A pacer nobody used for this long is dropped (with what it learnt about the account). */
export const IDLE_MS = 10 * 60_000;

/** The pump looks again at least this often while calls wait. */
const PUMP_MS = 1000;

/** How long a lease's rate still counts after its last call (see `ceiling`). */
const LEASE_LINGER_MS = 2000;

/** How a retried call's last attempt ended: refused with a 429, or failed otherwise (see `acquire`). */
export type RetryOf = 'throttled' | 'failed';

/** How an attempt ended, for the pacer: answered, answered 429, or no answer at all. */
export type Outcome = 'ok' | 'throttled' | 'none';

/** What a slot came to (see `slot`). */
export type SlotResult<T> =
	{ kind: 'cancelled' } | { kind: 'notStarted' } | { kind: 'done'; result: T };

/** One granted start slot. */
export interface Ticket {
	readonly seq: number;
	readonly at: number;
	/** The spacing before this grant, to give the slot back (refund). */
	readonly previousNext: number;
	readonly lease: Lease;
	/** The first call after a quiet while. */
	readonly cold?: boolean;
	done?: boolean;
}

interface Waiter extends Waiting {
	readonly resolve: (ticket: Ticket | undefined) => void;
	readonly signal?: AbortSignal;
	onAbort?: () => void;
}

/**
 * Paces the calls of one account (base URL and key) to one endpoint family, for every execution in
 * this process that uses it: slots go to the executions in turn (see Turns), at most the window's
 * calls per window (see ArrivalWindow), at the lowest rate option among the executions using it now
 * (the user can always lower it), or less as adapted (see AdaptiveRate). Holds no key: the registry
 * knows it by a fingerprint. Calls still running are not counted here; each transport limits its own.
 */
export class AccountPacer {
	private readonly leases = new Set<Lease>();

	private readonly turns = new Turns<Waiter>();

	private readonly window = new ArrivalWindow();

	private readonly adaptive = new AdaptiveRate();

	private seq = 0;

	private pumping = false;

	lastActive: number;

	constructor(private readonly time: Clock = realClock) {
		this.lastActive = time.now();
	}

	/**
	 * The one door: a slot's whole life. Waits for a slot ('cancelled' when `signal` aborts first,
	 * or as it comes: the slot is given back); gives it back unused when `mayStart` says no or
	 * throws ('notStarted'; a throw is rethrown); runs `attempt`; settles the slot with `outcome` of
	 * its result ('none' when either throws, and the throw goes on). `retryOf`: how the call's last
	 * attempt ended (see `acquire`).
	 */
	async slot<T>(
		lease: Lease,
		opts: { signal?: AbortSignal; retryOf?: RetryOf; mayStart?: () => boolean },
		attempt: () => Promise<T>,
		outcome: (result: T) => Outcome,
	): Promise<SlotResult<T>> {
		const ticket = await this.acquire(lease, opts.signal, opts.retryOf);
		if (!ticket) return { kind: 'cancelled' };
		// cancelled as the slot came: not used
		if (opts.signal?.aborted) {
			this.refund(ticket);
			return { kind: 'cancelled' };
		}
		let starts = false;
		try {
			starts = opts.mayStart ? opts.mayStart() === true : true;
		} finally {
			if (!starts) this.refund(ticket);
		}
		if (!starts) return { kind: 'notStarted' };
		// a throw (of the attempt or of reading its outcome) settles with no outcome and goes on
		let ended: Outcome = 'none';
		let result: T;
		try {
			result = await attempt();
			ended = outcome(result);
		} finally {
			this.settle(ticket, ended);
		}
		return { kind: 'done', result };
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
		return this.adaptive.rate(this.ceiling());
	}

	/** The adapted rate as a share of the configured rate, in (0, 1]. */
	get adaptiveShare(): number {
		return this.rate / this.ceiling();
	}

	/** True when nothing waits, nothing is open, and nothing happened for IDLE_MS. */
	idle(now: number): boolean {
		if (this.turns.length > 0) return false;
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

	private shape(): Shape {
		return shapeOf(this.rate, this.adaptive.shared ? BURST : ALONE_BURST);
	}

	/**
	 * Waits for a start slot. Resolves `undefined`, and takes no slot, when `signal` aborts first.
	 * `retryOf`: how this call's last attempt ended, for a retry. After a failure (5xx, no answer) it
	 * goes first, so a call once started finishes. After a 429 it queues behind the calls already
	 * waiting: its next slot would land in the same full window, and a call kept at the head drew
	 * every 429 of a congested account in a row until its retries ran out (queue mode: two workers
	 * on one account); behind the others, the 429s fall on many calls, a few each.
	 */
	async acquire(
		lease: Lease,
		signal?: AbortSignal,
		retryOf?: RetryOf,
	): Promise<Ticket | undefined> {
		if (signal?.aborted) return undefined;
		if (!this.leases.has(lease)) this.leases.add(lease);
		lease.open++;
		lease.lastUsed = this.time.now();
		this.lastActive = lease.lastUsed;
		const ticket = await new Promise<Ticket | undefined>((resolve) => {
			const waiter: Waiter = {
				lease,
				queuedAt: this.time.now(),
				first: retryOf === 'failed',
				resolve,
				signal,
			};
			if (signal) {
				waiter.onAbort = () => {
					if (this.turns.remove(waiter)) resolve(undefined);
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			this.turns.add(waiter, this.seq);
			this.grantDue();
			void this.pump();
		});
		if (!ticket) lease.open--;
		return ticket;
	}

	/** Grants every waiter whose slot has come, executions in turn. */
	private grantDue(): void {
		for (;;) {
			const now = this.time.now();
			const oldest = this.turns.oldest;
			if (!oldest) return;
			this.adaptive.probe(now, now - oldest.queuedAt, this.ceiling(), this.seq);
			const shape = this.shape();
			if (this.window.wait(now, shape) > 0) return;
			const head = this.turns.take(this.seq + 1);
			if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
			// due since the oldest call asked, whoever's turn it is
			const due = Math.max(this.window.next, oldest.queuedAt);
			const { cold, before } = this.window.start(++this.seq, now, due, shape);
			const ticket: Ticket = {
				seq: this.seq,
				at: now,
				previousNext: before,
				lease: head.lease,
				cold,
			};
			this.lastActive = now;
			head.resolve(ticket);
		}
	}

	/** Sleeps until the head's slot while anyone waits; one pump per pacer. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.turns.length > 0) {
				// at most PUMP_MS at a time: a rate that rose meanwhile (a slower execution ended) is
				// seen within it, and a wait never overflows a timer
				const now = this.time.now();
				const wait = Math.min(PUMP_MS, this.window.wait(now, this.shape()));
				if (wait > 0) {
					await this.time.sleep(wait);
					this.window.late(this.time.now() - now - wait);
				}
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
		this.window.refund(ticket.seq, ticket.seq === this.seq ? ticket.previousNext : undefined);
		this.grantDue();
	}

	/**
	 * Reports how a call that used `ticket` ended: `throttled` (429) may cut the rate and skips a
	 * slot; `ok` (an answer that was not a 429) may raise it; `none` (no answer) leaves it.
	 */
	settle(ticket: Ticket, outcome: Outcome): void {
		if (ticket.done) return;
		ticket.done = true;
		ticket.lease.open--;
		const now = this.time.now();
		ticket.lease.lastUsed = now;
		this.lastActive = now;
		if (outcome !== 'none') this.window.answered(ticket.seq, now - ticket.at, ticket.cold === true);
		if (outcome === 'ok') this.adaptive.ok(ticket.seq, ticket.at, now, this.ceiling(), this.seq);
		if (outcome === 'throttled') {
			const shape = this.shape();
			const own = this.window.crowded(ticket.seq, now, shape);
			const ceiling = this.ceiling();
			const kind = this.adaptive.refused(ticket.seq, ticket.at, now, ceiling, this.seq, own);

			if (kind === 'own') {
				// the server counted this pacer's calls later than the window thought: count them later
				this.window.learnt = Math.min(LATE_MS, this.window.learnt * 1.5);
			}
			this.window.skip(now, shape);
		}
		// a higher rate or a freed window may let the head of the queue go now
		this.grantDue();
	}
}
