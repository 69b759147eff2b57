import { answerOf } from './answers';
import { MAX_ANSWER_BYTES } from './bounds';
import { originOf } from './connection';
import { cut } from './redact';
import type { ApiFailure, AttemptAnswer } from './types';

type Redact = (text: string) => string;

/** A failure code from the TLS handshake: the connection was refused before any data went out. */
const TLS_FAILURE =
	/^(CERT_|ERR_TLS_|ERR_SSL_|ERR_OSSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|EPROTO)/;

/**
 * A 2xx: success when its body is Blueshift's kind of JSON (see `answerOf`), redacted like any
 * other answer (a proxy may echo the key); with `listAnswer` an empty list is one. With `statusIsAnswer` the status is the answer and any
 * body but a page of markup goes (the text kept as `{ text }`). Anything else is not Blueshift's
 * answer: it is unknown whether the record was saved, so it counts as a lost answer.
 */
export function success(
	status: number,
	text: string,
	attempts: number,
	{ statusIsAnswer, listAnswer }: { statusIsAnswer?: boolean; listAnswer?: boolean },
	redact: Redact,
	redactDeep: (value: unknown) => unknown,
): AttemptAnswer {
	// a read of a list: `[]` is its answer, no entries (any other call sends at least one record)
	if (listAnswer && /^\s*\[\s*\]\s*$/.test(text))
		return { ok: true, status, body: [] as never, attempts };
	const parsed = answerOf(text);
	if (parsed) return { ok: true, status, body: redactDeep(parsed) as typeof parsed, attempts };
	const said = cut(redact(text).replace(/\s+/g, ' ').trim(), 150);
	if (statusIsAnswer && !said.startsWith('<')) {
		return { ok: true, status, body: { text: said.slice(0, 200) }, attempts };
	}
	const what = said === '' ? 'an empty body' : `something other than a JSON object: ${said}`;
	return {
		ok: false,
		status,
		message: `Blueshift answered ${status} with ${what}`,
		description:
			'Blueshift answers with a JSON object; this came from something else (a proxy, a wrong Base URL) or was cut off, so it is unknown whether the record was saved. Check the region or Base URL, then run the item again.',
		attempts,
		retryable: true,
		lost: true,
	};
}

/** A 3xx: never followed; the error names the target's origin, never its path or query. */
export function redirected(
	status: number,
	location: unknown,
	attempts: number,
	baseUrl: string,
	redact: Redact,
): AttemptAnswer {
	let target = '';
	if (typeof location === 'string' && location.trim() !== '') {
		try {
			target = ` to ${cut(redact(originOf(new URL(location, `${baseUrl}/`).href)), 100)}`;
		} catch {
			target = ' to an address that is not a URL';
		}
	}
	return {
		ok: false,
		status,
		message: `Blueshift answered ${status}, a redirect${target}, which the node does not follow`,
		description:
			"Blueshift's API does not redirect: a proxy or a wrong Base URL did. Nothing was sent to the redirect's target (the API key would have gone with it). Check the region or Base URL in the credential.",
		attempts,
	};
}

/** An answer past MAX_ANSWER_BYTES: not read further; after a 2xx the outcome is unknown. */
export function tooLarge(status: number, attempts: number): AttemptAnswer {
	const ok = status >= 200 && status < 300;
	const unknown = ok ? ', so it is unknown whether the record was saved' : '';
	return {
		ok: false,
		status,
		message: `Blueshift's answer (${status}) was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB, more than the node reads`,
		description: `Blueshift's answers are a few KB: this one came from something else (a proxy, a wrong Base URL)${unknown}. Check the region or Base URL.`,
		attempts,
		lost: ok,
	};
}

/** The execution was cancelled before the call was answered (`attempts` 0: before it was sent). */
export function cancelledAnswer(attempts: number, maybeSent: boolean): ApiFailure {
	return {
		ok: false,
		message: 'The execution was cancelled before this call was answered',
		description:
			attempts > 0
				? 'An earlier attempt was not accepted; the record may or may not have reached Blueshift.'
				: 'The record was not sent.',
		attempts,
		...(attempts === 0 ? { notSent: true } : {}),
		...(maybeSent ? { maybeSent: true } : {}),
	};
}

/** The runner said no before the first attempt (the run stopped): nothing went out. */
export const notStarted = (): ApiFailure => ({
	ok: false,
	message: 'This call was not sent: the run stopped before it started',
	description: 'Nothing was sent to Blueshift for it.',
	attempts: 0,
	notSent: true,
});

/**
 * A failure with no HTTP answer: only the error's code and message, never its request options.
 * The call may have reached Blueshift, so the message says so, unless the connection was refused
 * or its TLS handshake failed (nothing went out). Whether a repeat is harmless is the operation's
 * to say (an upsert is; a trigger is, through its transaction_uuid).
 */
export function networkFailure(
	error: unknown,
	attempts: number,
	expired: boolean,
	timeout: number,
	redact: Redact,
): AttemptAnswer {
	const err = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code = String(err.code ?? err.cause?.code ?? '');
	const raw = redact(String(err.message ?? 'unknown error')).slice(0, 200);
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const timedOut =
		expired || /ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT/.test(code) || /timeout/i.test(raw);
	const refused = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(code);
	const tls = !timedOut && TLS_FAILURE.test(code);
	// The code goes into the description: n8n replaces a thrown message that names a network
	// code (ECONNREFUSED, ...) with a generic sentence that no longer mentions Blueshift.
	const message = timedOut
		? `Blueshift did not answer within ${timeout} ms${tries}`
		: refused
			? `Could not reach Blueshift${tries}`
			: tls
				? `Could not open a secure connection to Blueshift${tries}`
				: `The connection to Blueshift failed before it answered${tries}`;
	// past the node's own deadline, the error is only the abort it caused
	const said = expired ? '' : `${code ? `${code}: ` : ''}${raw}. `;
	const description = refused
		? `${said}Nothing was sent. Check the region or base URL and the network, then run the item again.`
		: tls
			? `${said}Nothing was sent: the TLS handshake failed before any data went out (a certificate this machine does not trust, or https:// to a port that speaks plain http). Check the region or Base URL.`
			: `${said}The call may or may not have reached Blueshift; check there before running an item again whose repetition matters.`;
	// a certificate does not change between retries: not retried
	return { ok: false, message, description, attempts, lost: !refused && !tls, retryable: !tls };
}
