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

/**
 * Starts are spaced 1% wider than the rate asks; and a call starts only once the call `rate` places
 * before it started more than WINDOW_MS ago, measured when each call really left (a timer that fires
 * late, in a busy n8n, would otherwise bunch calls and put one too many into the server's window).
 */
const SPACING_MARGIN = 1.01;
const WINDOW_MS = 1010;

/**
 * Paces calls of one execution: call starts are spaced at least `1000 / callsPerSecond` ms apart on
 * the wall clock (so no one-second window sees more than the rate), and at most `maxInFlight` calls
 * are open at once. Slots are handed out in order. Lives only as long as the execution that made it.
 */
export class Pacer {
	private interval: number;

	private readonly baseInterval: number;

	/** When the last `perWindow` calls really started. */
	private readonly started: number[] = [];

	private readonly perWindow: number;

	private nextStart = 0;

	private inFlight = 0;

	private readonly waiting: Array<() => void> = [];

	/** Settles when the execution's first call is answered; see `withPermit`. */
	private warmup?: Promise<void>;

	constructor(
		callsPerSecond: number,
		readonly maxInFlight: number,
		private readonly signal?: AbortSignal,
	) {
		this.interval = (1000 / callsPerSecond) * SPACING_MARGIN;
		this.baseInterval = this.interval;
		this.perWindow = Math.max(1, Math.floor(callsPerSecond));
	}

	/**
	 * A 429 means calls reached the server closer together than they left (n8n's request helper
	 * loads the credential for every call, which takes a varying time), or the account's limit is
	 * lower than the pace: widen the spacing by 1% (at most 25% in all, for the rest of this
	 * execution) and skip a slot. One 429 then costs about one slot; a persistently lower limit is
	 * approached step by step.
	 */
	slowDown(): void {
		this.interval = Math.min(this.interval * 1.01, this.baseInterval * 1.25);
		this.nextStart = Math.max(this.nextStart, Date.now()) + this.interval;
	}

	/** Waits for the next start slot under the rate. Call once per HTTP attempt. */
	async startSlot(): Promise<void> {
		const now = Date.now();
		const start = Math.max(now, this.nextStart);
		this.nextStart = start + this.interval;
		if (start > now) await pause(start - now, this.signal);
		for (;;) {
			const oldest = this.started.length >= this.perWindow ? this.started[0] : -Infinity;
			const wait = oldest + WINDOW_MS - Date.now();
			if (wait <= 0) break;
			await pause(wait, this.signal);
		}
		this.started.push(Date.now());
		if (this.started.length > this.perWindow) this.started.shift();
	}

	/**
	 * Runs `task` holding one of the `maxInFlight` permits. The execution's first call runs alone:
	 * it pays for connection set-up and arrives late, and calls paced behind it would then reach the
	 * server bunched together, one more than the rate in a window.
	 */
	async withPermit<T>(task: () => Promise<T>): Promise<T> {
		let warmedUp: (() => void) | undefined;
		if (this.warmup) await this.warmup;
		else this.warmup = new Promise<void>((resolve) => (warmedUp = resolve));
		if (this.inFlight >= this.maxInFlight) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.inFlight++;
		}
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.inFlight--;
			if (warmedUp) {
				// count the first call as started when it was answered, the latest it can have arrived
				this.nextStart = Math.max(this.nextStart, Date.now() + this.interval);
				warmedUp();
			}
		}
	}
}
