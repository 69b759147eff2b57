import type { RetryOf } from '../pacing';
import type { ApiAnswer, AttemptAnswer, CallOptions } from './types';

/**
 * Statuses retried for any call: 429 and the gateway errors Blueshift's pages say to retry with
 * backoff (https://developer.blueshift.com/reference/api-errors).
 */
export const DEFAULT_RETRY_ON: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Customer and list writes: the reference pages also say to retry 404 and 409 ("resource conflicts"). */
export const CUSTOMER_WRITE_RETRY_ON: ReadonlySet<number> = new Set([404, 409, 429, 502, 503, 504]);

/**
 * Gateway answers that may come after Blueshift took the call (the gateway gave up waiting, or lost
 * its answer). The pages say to retry them; on calls Blueshift does not deduplicate
 * (`retryUnknown: false`) the outcome is unknown instead: not retried, and remembered as "may
 * have arrived", so n8n's Retry On Fail does not send them again either.
 */
const GATEWAY_MAY_HAVE_PASSED: ReadonlySet<number> = new Set([502, 504]);

/** Whether a call retries `status`: its retry set, less the gateway answers it may not repeat. */
export function retries(call: Pick<CallOptions, 'retryOn' | 'retryUnknown'>, status: number) {
	if (call.retryUnknown === false && GATEWAY_MAY_HAVE_PASSED.has(status)) return false;
	return (call.retryOn ?? DEFAULT_RETRY_ON).has(status);
}

/** The longest wait before a retry, from the backoff or from a Retry-After header. */
export const MAX_RETRY_WAIT_MS = 60_000;

/**
 * Retry-After in ms, as seconds or an HTTP date, at most MAX_RETRY_WAIT_MS (a proxy may ask for
 * hours); undefined when absent or unreadable. Blueshift documents no such header; a proxy may send it.
 */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	if (String(header).trim() === '') return undefined;
	const seconds = Number(header);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(header)) - now;
	return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_WAIT_MS, Math.max(0, ms));
}

/** Exponential backoff with jitter: base * 2^attempt, between half and all of it, capped at 60 s. */
export const backoffMs = (base: number, attempt: number, random = Math.random) =>
	Math.min(MAX_RETRY_WAIT_MS, base * 2 ** attempt) * (0.5 + random() / 2);

/** What a call has been through so far (the transport's loop keeps it; `decide` reads it). */
export interface History {
	/** Attempts sent, a resend with the User API key included. */
	attempts: number;
	/** 1 once the call went again with the User API key after its Event API key was refused. */
	fellBack: number;
	/** Some attempt may have reached Blueshift without a readable answer. */
	lost: boolean;
	/** Statuses of `retryOnce` already answered once. */
	seenOnce: Set<number>;
}

export type Step =
	{ kind: 'answer'; answer: ApiAnswer } | { kind: 'retry'; retryOf: RetryOf; waitMs: number };

/**
 * The retry decision, from the answer and what came before: retry (where the retry queues, see
 * the pacer's `acquire`, and after how long) or answer (with what the user must know: that an
 * attempt may have been saved, or why an unknown outcome was not retried). Updates `history`.
 */
export function decide(
	answer: AttemptAnswer,
	history: History,
	call: CallOptions,
	limits: { maxRetries: number; retryDelay: number; cancelled: boolean },
	random = Math.random,
): Step {
	const failedStatus = answer.ok ? undefined : answer.status;
	const mayHavePassed =
		failedStatus !== undefined &&
		call.retryUnknown === false &&
		GATEWAY_MAY_HAVE_PASSED.has(failedStatus);
	history.lost ||= answer.lost === true || mayHavePassed;
	const unknownOutcome = answer.lost === true && call.retryUnknown === false;
	const once = failedStatus !== undefined && call.retryOnce?.has(failedStatus) === true;
	const againOnce = once && history.seenOnce.has(failedStatus);
	if (once) history.seenOnce.add(failedStatus);
	const retries = history.attempts - history.fellBack;
	const final =
		answer.ok ||
		!answer.retryable ||
		againOnce ||
		unknownOutcome ||
		mayHavePassed ||
		retries > limits.maxRetries ||
		limits.cancelled;
	if (!final) {
		const waitMs =
			answer.status === 429
				? // a slot of the (now slower) pacer, unless a proxy said how long to wait
					(answer.waitMs ?? 0)
				: (answer.waitMs ?? backoffMs(limits.retryDelay, retries - 1, random));
		return { kind: 'retry', retryOf: answer.status === 429 ? 'throttled' : 'failed', waitMs };
	}
	const rest: AttemptAnswer = { ...answer };
	delete rest.retryable;
	delete rest.waitMs;
	delete rest.lost;
	if (rest.ok) return { kind: 'answer', answer: rest };
	if (history.lost) rest.maybeSent = true;
	const notRepeated =
		'Not retried: Blueshift does not deduplicate this call, so a second attempt could carry it out twice. Check Blueshift before running the item again.';
	if (unknownOutcome) {
		rest.description = `${rest.description} ${notRepeated}`;
	} else if (mayHavePassed) {
		rest.message += '; a gateway error may come after Blueshift took the call';
		rest.description = `A gateway answered ${failedStatus}: it may have passed the call on to Blueshift before it failed. ${notRepeated}`;
	} else if (history.lost && !answer.lost && !rest.notSent) {
		// an earlier attempt may have been saved although this one was refused
		rest.message += '; an earlier attempt may have reached Blueshift and may have saved the record';
	}
	return { kind: 'answer', answer: rest };
}
