import * as workflow from 'n8n-workflow';

/**
 * n8n-workflow's sleeps differ by version: later 1.x export `sleepWithAbort(ms, signal)` beside a
 * `sleep(ms)` that ignores a signal; 2.x export only `sleep(ms, signal)`, which honours it; older
 * 1.x (n8n 1.82's n8n-workflow 1.80) have only `sleep(ms)`, which ignores it. Use whichever honours
 * the signal, and where none does, stop waiting when the signal aborts anyway (the timer then
 * runs out on its own, harmlessly).
 */
const withAbort = (workflow as unknown as { sleepWithAbort?: typeof workflow.sleep })
	.sleepWithAbort;
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

/** Waits `ms` (yields once when 0); rejects when `signal` aborts first. */
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
export const realClock: Clock = {
	now: () => performance.timeOrigin + performance.now(),
	sleep: pause,
};

let moduleClock: Clock = realClock;

const onSwap: Array<() => void> = [];

/** The clock the transport and the shared pacers use; tests swap in a fake one. */
export const clock = (): Clock => moduleClock;

/** For tests: use `fake` from now on (the real clock when omitted), and forget every shared pacer. */
export function useClock(fake?: Clock): void {
	moduleClock = fake ?? realClock;
	for (const forget of onSwap) forget();
}

/** Runs `forget` whenever a test swaps the clock (the registry drops its pacers then). */
export function onClockSwap(forget: () => void): void {
	onSwap.push(forget);
}
