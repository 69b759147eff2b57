import type { INodeExecutionData } from 'n8n-workflow';

import { Emulator } from '../emulator/server';
import { runWorkflow } from './harness';

export const API_KEY = 'test-key-5f3a9c1e';
export const BASIC = Buffer.from(`${API_KEY}:`).toString('base64');

/** One emulator per test file, reset before each test. */
export function useEmulator(options: Record<string, unknown> = {}) {
	const emulator = new Emulator({ keys: [API_KEY], ...options });
	beforeAll(async () => {
		await emulator.start();
	});
	beforeEach(() => emulator.reset());
	afterAll(async () => {
		await emulator.stop();
	});
	return emulator;
}

export const credentialsFor = (emulator: Emulator, apiKey = API_KEY) => ({
	region: 'custom',
	baseUrl: emulator.url,
	apiKey,
});

/** Fast retries for tests; the real default waits 1 s before the first retry. */
export const FAST = { retryDelay: 5, maxRetries: 3 };

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export async function run(
	emulator: Emulator,
	parameters: Record<string, unknown>,
	items: Array<Record<string, unknown>>,
	onError: OnError = 'continueErrorOutput',
	apiKey = API_KEY,
	typeVersion = 1,
) {
	return await runWorkflow({
		credentials: credentialsFor(emulator, apiKey),
		parameters: { resource: 'customer', ...parameters },
		items,
		onError,
		typeVersion,
	});
}

/** `run` with the node at version 2 (the campaign and the list as resource locators). */
export const runV2 = (
	emulator: Emulator,
	parameters: Record<string, unknown>,
	items: Array<Record<string, unknown>>,
	onError: OnError = 'continueErrorOutput',
) => run(emulator, parameters, items, onError, API_KEY, 2);

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairedOf = (items: INodeExecutionData[]) =>
	items.map((item) => (item.pairedItem as { item: number }).item);

/** Every input item appears exactly once across the outputs, each paired to its own index. */
export function expectEachItemOnce(count: number, ...outputs: INodeExecutionData[][]) {
	const paired = outputs.flatMap(pairedOf).sort((a, b) => a - b);
	expect(paired).toEqual(Array.from({ length: count }, (_, i) => i));
}

/** Neither the key, its Basic form nor the header appears anywhere in what the run produced. */
export function expectNoSecret(value: unknown) {
	const text = JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
	);
	expect(text).not.toContain(API_KEY);
	expect(text).not.toContain(BASIC);
	expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
}
