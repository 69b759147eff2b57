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

/** Options for a fault run: fast retries, a short timeout for the slow answers, no pacing limit. */
export const FAULT_OPTIONS = {
	retryDelay: 1,
	maxRetries: 4,
	timeout: 300,
	callsPerSecond: 100000,
	bulkCallsPerSecond: 100000,
};

const keyOf = (record: Record<string, unknown>) => String(record.email ?? record.customer_id);

/**
 * The delivery guarantees, checked after a run: each input item exactly once across both outputs
 * and paired to itself; every success stored by the emulator and nothing stored that is not a
 * success, unless its answer was lost (then it is on the error output with a reason); no call of a
 * chunk or item tried more often than the retry budget allows.
 */
export function checkDelivery(
	emulator: Emulator,
	count: number,
	success: INodeExecutionData[],
	errors: INodeExecutionData[],
	options: { maxRetries: number; path: string; recordsOf: (body: any) => Array<Record<string, unknown>> },
) {
	const paired = [...success, ...errors].map((item) => (item.pairedItem as { item: number }).item);
	expect(paired.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
	for (const item of errors) {
		expect(typeof item.json.error).toBe('string');
		expect(String(item.json.error).length).toBeGreaterThan(10);
	}
	const stored = new Set(emulator.stored.map(keyOf));
	const succeeded = new Set(success.map((item) => keyOf(item.json)));
	const answerLost = new Set(
		errors
			.filter((item) => /did not answer within|failed before it answered|not JSON|may have saved the record/.test(String(item.json.error)))
			.map((item) => keyOf(item.json)),
	);
	for (const key of succeeded) expect({ key, stored: stored.has(key) }).toEqual({ key, stored: true });
	// stored but not reported as saved: only where the answer was lost, and the error says so
	for (const key of stored) {
		expect({ key, reported: succeeded.has(key) || answerLost.has(key) }).toEqual({ key, reported: true });
	}
	const attempts = new Map<string, number>();
	for (const request of emulator.received(options.path)) {
		const first = options.recordsOf(request.body)[0];
		const key = first ? keyOf(first) : request.raw;
		attempts.set(key, (attempts.get(key) ?? 0) + 1);
	}
	for (const tries of attempts.values()) expect(tries).toBeLessThanOrEqual(options.maxRetries + 1);
}
