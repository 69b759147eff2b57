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

/** A call waiting for a start slot. */
export interface Waiting {
	readonly lease: Lease;
	readonly queuedAt: number;
	/** Goes before every other call: a retry other than after a 429 (see the pacer's `acquire`). */
	readonly first: boolean;
}

/**
 * The calls waiting for slots, and whose turn it is: a retry first (other than after a 429);
 * otherwise, slot by slot in turn, the oldest call, and the oldest call of the execution served
 * longest ago (a new one joins after those that wait now). So an execution that queued many calls
 * holds one with a single call to make back by a slot or two, not by all its calls; and since every
 * other slot goes to the oldest call, executions that keep coming faster than the rate cannot
 * starve one that came before them.
 */
export class Turns<W extends Waiting> {
	private readonly queue: W[] = [];

	/** Whether the next contested slot goes to the oldest call. */
	private oldestNext = false;

	get length(): number {
		return this.queue.length;
	}

	/** The call that has waited longest (a retry that goes first counts as oldest). */
	get oldest(): W | undefined {
		return this.queue[0];
	}

	/**
	 * Queues a call. A new execution joins the turns after every execution that waits now and
	 * before the one served last (`lastSeq`: the last slot granted): it goes soon, but a stream of
	 * new executions cannot starve one with many calls.
	 */
	add(waiter: W, lastSeq: number): void {
		waiter.lease.served ??= lastSeq - 0.5;
		if (waiter.first) this.queue.unshift(waiter);
		else this.queue.push(waiter);
	}

	/** Drops a call that stopped waiting (cancelled); false when it was not waiting. */
	remove(waiter: W): boolean {
		const at = this.queue.indexOf(waiter);
		if (at < 0) return false;
		this.queue.splice(at, 1);
		return true;
	}

	/** Takes the call whose turn it is and marks its execution served with slot `seq`. */
	take(seq: number): W {
		const [waiter] = this.queue.splice(this.next(), 1);
		waiter.lease.served = seq;
		return waiter;
	}

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
}
