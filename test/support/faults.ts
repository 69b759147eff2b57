import type { INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';

/** Every fault the emulator can inject, at rates that leave most calls through. */
export const FAULT_RATES = {
	429: 0.05,
	404: 0.01,
	409: 0.01,
	500: 0.01,
	502: 0.02,
	503: 0.02,
	504: 0.02,
	reset: 0.02,
	slow: 0.01,
	malformed: 0.01,
	truncated: 0.01,
};

/**
 * How long a fault test may run. A fault run is a few thousand real HTTP calls through n8n's
 * request helper (about 5 s of CPU for 1000 single calls, answered by the emulator in the same
 * process): on a 2-core machine shared with other work it gets a small part of a core, and needs
 * several times jest's default 60 s. Nothing is asserted about time: this is only where a hung run
 * is given up.
 */
export const FAULT_TEST_MS = 240_000;

/** How much later than the others a `slow` answer comes (the emulator's `randomFaults`). */
export const SLOW_MS = 1000;

/**
 * Options for a fault run: fast retries, no pacing limit, and a Timeout no answer can meet within
 * a test. The node keeps up to 200 calls in flight, and with the machine busy its answers take
 * seconds (10 s seen with two CPU burners beside other work); a Timeout near that ended ordinary
 * attempts, whose retries loaded the machine further, until runs took minutes and lost most
 * items. So an attempt here ends by its answer or by an injected fault, never by the clock; the
 * Timeout itself is tested one call at a time, with an answer that never comes (`leaveUnanswered`).
 */
export const FAULT_OPTIONS = {
	retryDelay: 1,
	maxRetries: 4,
	timeout: FAULT_TEST_MS,
	callsPerSecond: 100000,
	bulkCallsPerSecond: 100000,
};

/**
 * The first `count` requests whose path ends with `path` are handled (a record saved, a message
 * sent) but never answered: only the node's Timeout ends the attempt. Such a request is listed
 * with the status 'unanswered'. Returns the function that answers normally again.
 */
export function leaveUnanswered(emulator: Emulator, path: string, count = 1): () => void {
	let left = count;
	emulator.send = function (
		this: Emulator,
		res: unknown,
		entry: { path: string; status?: unknown },
		answer: unknown,
	) {
		if (left > 0 && entry.path.endsWith(path)) {
			left--;
			entry.status = 'unanswered';
			return;
		}
		return Object.getPrototypeOf(this).send.call(this, res, entry, answer);
	};
	return () => {
		delete emulator.send;
	};
}

const keyOf = (record: Record<string, unknown>) => String(record.email ?? record.customer_id);

/**
 * The delivery guarantees, checked after a run: each input item exactly once across both outputs
 * and paired to itself; every success stored by the emulator and nothing stored that is not a
 * success, unless its answer was lost (then it is on the error output with a reason); no call of a
 * chunk or item tried more often than the retry budget allows. Each rule is one assertion over
 * every item that breaks it (one `expect` per item costs more CPU than the run it checks).
 */
export function checkDelivery(
	emulator: Emulator,
	count: number,
	success: INodeExecutionData[],
	errors: INodeExecutionData[],
	options: {
		maxRetries: number;
		path: string;
		recordsOf: (body: any) => Array<Record<string, unknown>>;
	},
) {
	const paired = [...success, ...errors].map((item) => (item.pairedItem as { item: number }).item);
	expect(paired.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
	expect(
		errors
			.filter((item) => typeof item.json.error !== 'string' || item.json.error.length <= 10)
			.map((item) => item.json),
	).toEqual([]);
	const stored = new Set(emulator.stored.map(keyOf));
	const succeeded = new Set(success.map((item) => keyOf(item.json)));
	const answerLost = new Set(
		errors
			.filter((item) =>
				// the transport's texts for an outcome it cannot know (transport/failures.ts, retry.ts)
				/did not answer within|failed before it answered|other than a JSON object|an empty body|may have saved the record/.test(
					String(item.json.error),
				),
			)
			.map((item) => keyOf(item.json)),
	);
	expect({
		'reported as saved, not stored': [...succeeded].filter((key) => !stored.has(key)),
	}).toEqual({
		'reported as saved, not stored': [],
	});
	// stored but not reported as saved: only where the answer was lost, and the error says so
	expect({
		'stored, not reported': [...stored].filter(
			(key) => !succeeded.has(key) && !answerLost.has(key),
		),
	}).toEqual({ 'stored, not reported': [] });
	const attempts = new Map<string, number>();
	for (const request of emulator.received(options.path)) {
		const first = options.recordsOf(request.body)[0];
		const key = first ? keyOf(first) : request.raw;
		attempts.set(key, (attempts.get(key) ?? 0) + 1);
	}
	expect({
		'tried more often than the budget': [...attempts].filter(
			([, tries]) => tries > options.maxRetries + 1,
		),
	}).toEqual({ 'tried more often than the budget': [] });
}
