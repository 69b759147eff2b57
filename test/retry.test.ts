import {
	CUSTOMER_WRITE_RETRY_ON,
	decide,
	DEFAULT_RETRY_ON,
	retries,
	retryAfterMs,
	type History,
} from '../nodes/shared/transport';

/**
 * The retry decision on its own (nodes/shared/transport/retry.ts): a pure function of the answer,
 * the call and what came before. Whole calls through n8n's engine are in transport.test.ts.
 */
const fresh = (attempts = 1): History => ({
	attempts,
	fellBack: 0,
	lost: false,
	seenOnce: new Set(),
});
const limits = { maxRetries: 3, retryDelay: 1000, cancelled: false };
const refused = (status: number, extra: object = {}) => ({
	ok: false as const,
	status,
	message: `refused ${status}`,
	description: 'd.',
	attempts: 1,
	retryable: DEFAULT_RETRY_ON.has(status),
	...extra,
});
const lostAnswer = {
	ok: false as const,
	message: 'timeout',
	description: 'd.',
	attempts: 1,
	retryable: true,
	lost: true,
};

describe('the retry decision', () => {
	it('retries what the retry set holds, after a backoff between half and all of base * 2^n', () => {
		const low = decide(refused(503), fresh(1), {}, limits, () => 0);
		const high = decide(refused(503), fresh(3), {}, limits, () => 1);
		expect(low).toEqual({ kind: 'retry', retryOf: 'failed', waitMs: 500 });
		expect(high).toEqual({ kind: 'retry', retryOf: 'failed', waitMs: 4000 });
	});

	it("retries a 429 at the pacer's next slot, unless the answer said how long to wait", () => {
		expect(decide(refused(429), fresh(), {}, limits)).toEqual({
			kind: 'retry',
			retryOf: 'throttled',
			waitMs: 0,
		});
		const told = decide(refused(429, { waitMs: 2000 }), fresh(), {}, limits);
		expect(told).toEqual({ kind: 'retry', retryOf: 'throttled', waitMs: 2000 });
	});

	it('answers a status outside the retry set, or past Max Retries, or once cancelled, without retry fields', () => {
		const step = decide(refused(400), fresh(), {}, limits);
		expect(step).toEqual({
			kind: 'answer',
			answer: { ok: false, status: 400, message: 'refused 400', description: 'd.', attempts: 1 },
		});
		expect(decide(refused(503), fresh(4), {}, limits).kind).toBe('answer');
		expect(decide(refused(503), fresh(3), {}, limits).kind).toBe('retry');
		expect(decide(refused(503), fresh(), {}, { ...limits, cancelled: true }).kind).toBe('answer');
	});

	it('a resend with the User API key is no retry: it keeps the call its retries', () => {
		const history = { ...fresh(4), fellBack: 1 };
		expect(decide(refused(503), history, {}, limits).kind).toBe('retry');
	});

	it('retries a status of retryOnce once: its second answer is the answer', () => {
		const history = fresh();
		const call = { retryOn: CUSTOMER_WRITE_RETRY_ON, retryOnce: new Set([404]) };
		const notFound = refused(404, { retryable: true });
		expect(decide(notFound, history, call, limits).kind).toBe('retry');
		history.attempts++;
		expect(decide(notFound, history, call, limits).kind).toBe('answer');
	});

	it('never retries an unknown outcome of a call Blueshift does not deduplicate, and says so', () => {
		const step = decide(lostAnswer, fresh(), { retryUnknown: false }, limits);
		expect(step.kind).toBe('answer');
		if (step.kind !== 'answer' || step.answer.ok) throw new Error('expected a failure');
		expect(step.answer.maybeSent).toBe(true);
		expect(step.answer.description).toMatch(
			/Not retried: Blueshift does not deduplicate this call/,
		);
		expect(decide(lostAnswer, fresh(), {}, limits).kind).toBe('retry');
	});

	it('retries a 502 or 504 as the pages say, but not on a call Blueshift does not deduplicate, which may have arrived', () => {
		for (const status of [502, 504]) {
			expect(retries({}, status)).toBe(true);
			expect(retries({ retryOn: DEFAULT_RETRY_ON, retryUnknown: false }, status)).toBe(false);
			expect(decide(refused(status), fresh(), {}, limits).kind).toBe('retry');
			// retryable as the transport reads it for such a call, or not: a gateway answer is final
			for (const retryable of [true, false]) {
				const step = decide(
					refused(status, { retryable }),
					fresh(),
					{ retryUnknown: false },
					limits,
				);
				if (step.kind !== 'answer' || step.answer.ok) throw new Error('expected a failure');
				expect(step.answer.maybeSent).toBe(true);
				expect(step.answer.message).toMatch(
					/a gateway error may come after Blueshift took the call/,
				);
				expect(step.answer.description).toMatch(/Not retried: Blueshift does not deduplicate/);
				expect(step.answer.description).not.toMatch(/run the item again later/i);
			}
		}
		expect(retries({ retryUnknown: false }, 503)).toBe(true);
		const busy = decide(refused(503), fresh(4), { retryUnknown: false }, limits);
		if (busy.kind !== 'answer' || busy.answer.ok) throw new Error('expected a failure');
		expect(busy.answer.maybeSent).toBeUndefined();
		const upsert = decide(refused(504), fresh(4), {}, limits);
		if (upsert.kind !== 'answer' || upsert.answer.ok) throw new Error('expected a failure');
		expect(upsert.answer.maybeSent).toBeUndefined();
	});

	it('a refusal after an attempt that got no answer says the record may have been saved', () => {
		const history = fresh();
		expect(decide(lostAnswer, history, {}, limits).kind).toBe('retry');
		history.attempts++;
		const step = decide(refused(400), history, {}, limits);
		if (step.kind !== 'answer' || step.answer.ok) throw new Error('expected a failure');
		expect(step.answer.maybeSent).toBe(true);
		expect(step.answer.message).toMatch(
			/an earlier attempt may have reached Blueshift and may have saved the record/,
		);
	});

	it('reads Retry-After as seconds or an HTTP date, at most 60 s', () => {
		expect(retryAfterMs('2')).toBe(2000);
		expect(retryAfterMs('7200')).toBe(60_000);
		expect(retryAfterMs(new Date(10_000).toUTCString(), 5000)).toBe(5000);
		expect(retryAfterMs('soon')).toBeUndefined();
		expect(retryAfterMs('')).toBeUndefined();
	});
});
