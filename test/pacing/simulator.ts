import {
	AccountPacer,
	type Clock,
	type Lease,
	type RetryOf,
	type Ticket,
} from '../../nodes/shared/pacing';
import { busiest, FakeClock, mulberry32, seeded } from './support';

/** What the simulator needs of a pacer (today's door, or another one to compare with). */
export interface SimPacer {
	join(rate: number): Lease;
	acquire(lease: Lease, signal?: AbortSignal, retryOf?: RetryOf): Promise<Ticket | undefined>;
	settle(ticket: Ticket, outcome: 'ok' | 'throttled' | 'none'): void;
	readonly rate: number;
}

/** A delay that comes now and then: `share` of the draws, uniform up to `maxMs`. */
export interface Spikes {
	share: number;
	maxMs: number;
}

export interface SimOptions {
	processes: number;
	executions: number;
	calls: number;
	rate: number;
	limit: number;
	/** Server time from counting a call to its answer reaching the client. */
	latency: number;
	inFlight?: number;
	/** Which process runs each execution (default: round robin). */
	placement?: number[];
	/** When each execution starts, in ms from the first (default: all at once). */
	startAt?: number[];
	/** Seeds every random draw of the run (default 1). */
	seed?: number;
	/** A share of calls that reach the server late, by up to `maxMs` (a busy machine), from `seed`. */
	late?: Spikes & { seed?: number };
	/**
	 * The server counts each call this many ms (uniform 0..J) after it arrived, and answers
	 * `latency` after counting: arrival jitter, as a network or a server that counts on a timer
	 * gives. The round trip carries it.
	 */
	arrivalJitter?: number;
	/** Up to this many ms more on the server's side of each answer, after counting (uniform). */
	jitter?: number;
	/**
	 * A busy CPU on the client: a call leaves late by `send` (counted late too), its answer is read
	 * late by `receive` (not counted late: only its round trip grows), and the pacer's timers fire
	 * late by `timers`.
	 */
	busy?: { send: Spikes; receive: Spikes; timers: Spikes };
	/** The server counts refused calls in its window too (the pages do not say which it does). */
	countRefused?: boolean;
	/** How often a refused call is retried before it gives up (the node's default: 5). */
	maxRetries?: number;
	/** Another pacer to drive (default: the AccountPacer of nodes/shared/pacing). */
	make?: (clock: Clock) => SimPacer;
}

/** PACER_TRACE=1 prints each 429 of a simulated run, 2 each call and answer too. */
function trace(level: number, line: () => string) {
	if (Number(process.env.PACER_TRACE ?? 0) >= level) console.log(line());
}

export interface SimResult {
	sent: number;
	r429: number;
	/** The most 429s any one call drew. */
	most429: number;
	accepted: number;
	seconds: number;
	acceptedPerSecond: number;
	/** Accepted calls per second as a share of the server's limit. */
	shareOfLimit: number;
	/** The most calls the server counted in any second (accepted ones; all with `countRefused`). */
	busiest: number;
	pacers: SimPacer[];
	perProcess: Array<{ sent: number; r429: number }>;
}

/**
 * A stand-in for Blueshift seen through the pacer: each granted call reaches the server (late as
 * the options say), which accepts it unless `limit` calls were accepted in the last second (a
 * sliding window, as the emulator does; with `countRefused`, unless `limit` calls arrived), and
 * answers after `latency` ms. A refused call is retried, told it was refused (the pacer queues
 * it), as the transport does, up to `maxRetries` times: then it gives up and is never accepted, as
 * it would go to the error branch. `processes` pacers stand for n8n processes that cannot see each
 * other.
 */
export async function simulate(opts: SimOptions): Promise<SimResult> {
	const clock = new FakeClock();
	// the draws of the first simulator (late arrivals, slow answers) come from its generator, so its
	// tests see the same runs; arrival jitter and a busy CPU from a better one
	const random = seeded(opts.late?.seed ?? opts.seed ?? 1);
	const better = mulberry32(opts.seed ?? opts.late?.seed ?? 1);
	const spike = (s?: Spikes, draw = better) =>
		s && draw() < s.share ? Math.round(draw() * s.maxMs) : 0;
	const uniform = (max?: number, draw = better) => (max ? Math.round(draw() * max) : 0);
	// the pacer's own timers fire late on a busy CPU; the server's do not
	const pacerClock: Clock = opts.busy
		? {
				now: () => clock.now(),
				sleep: (ms, signal) => clock.sleep(ms + spike(opts.busy?.timers), signal),
			}
		: clock;
	const counted: number[] = [];
	const accepted: number[] = [];
	const perProcess = Array.from({ length: opts.processes }, () => ({ sent: 0, r429: 0 }));
	let sent = 0;
	let r429 = 0;
	let most429 = 0;
	const start = clock.now();
	const make = opts.make ?? ((c: Clock) => new AccountPacer(c));
	const pacers = Array.from({ length: opts.processes }, () => make(pacerClock));
	const pause = async (ms: number) => {
		if (ms > 0) await clock.sleep(ms);
	};
	const executions: Array<Promise<void>> = [];
	for (let e = 0; e < opts.executions; e++) {
		const p = opts.placement?.[e] ?? e % opts.processes;
		const pacer = pacers[p];
		const lease = pacer.join(opts.rate);
		const call = async () => {
			for (let refused = 0; ; refused++) {
				const retryOf = refused > 0 ? 'throttled' : undefined;
				const ticket = (await pacer.acquire(lease, undefined, retryOf))!;
				sent++;
				perProcess[p].sent++;
				await pause(
					spike(opts.busy?.send) + spike(opts.late, random) + uniform(opts.arrivalJitter),
				);
				const at = clock.now();
				const window = opts.countRefused ? counted : accepted;
				const ok = window.filter((t) => t > at - 1000).length < opts.limit;
				counted.push(at);
				trace(
					2,
					() =>
						`P${p} call ${ticket.seq} sent ${ticket.at - start} counted ${at - start}${ok ? '' : ' 429'}`,
				);
				if (ok) accepted.push(at);
				await pause(opts.latency + uniform(opts.jitter, random) + spike(opts.busy?.receive));
				trace(2, () => `P${p} answer ${ticket.seq} round trip ${clock.now() - ticket.at}`);
				pacer.settle(ticket, ok ? 'ok' : 'throttled');
				if (ok) return;
				r429++;
				trace(1, () => `P${p} 429 at ${at - start} to call ${ticket.seq}, rate now ${pacer.rate}`);
				perProcess[p].r429++;
				most429 = Math.max(most429, refused + 1);
				if (refused >= (opts.maxRetries ?? 5)) return;
			}
		};
		executions.push(
			(async () => {
				await pause(opts.startAt?.[e] ?? 0);
				let next = 0;
				const lane = async () => {
					while (next < opts.calls) {
						next++;
						await call();
					}
				};
				const lanes = opts.inFlight ?? Math.ceil(opts.rate * 4);
				await Promise.all(Array.from({ length: lanes }, lane));
			})(),
		);
	}
	await clock.run(Promise.all(executions));
	const seconds = (clock.now() - start) / 1000;
	const result = {
		sent,
		r429,
		most429,
		accepted: accepted.length,
		seconds,
		acceptedPerSecond: accepted.length / seconds,
		shareOfLimit: accepted.length / seconds / opts.limit,
		busiest: busiest(opts.countRefused ? counted : accepted),
		pacers,
		perProcess,
	};
	if (process.env.PACER_DEBUG) {
		const { make: _make, ...shown } = opts;
		console.log(
			JSON.stringify({ shown, sent, r429, most429, share: r429 / sent, rate: result.shareOfLimit }),
		);
	}
	return result;
}
