import { runWorkflow } from './support/harness';
import { credentialsFor, useEmulator } from './support/fixtures';

describe('cancelling an execution', () => {
	const emulator = useEmulator();

	it('stops sending at once and reports how many items Blueshift had answered', async () => {
		const items = Array.from({ length: 2000 }, (_, i) => ({ email: `c${i}@example.com` }));
		let cancel: (() => void) | undefined;
		// the emulator runs in this process: the cancel happens as the 3rd call arrives, before it is
		// answered, so no other code runs in between and no clock is involved
		emulator.onRequest = () => {
			if (emulator.requests.length === 3) cancel?.();
		};
		const result = await runWorkflow({
			credentials: credentialsFor(emulator),
			parameters: {
				resource: 'customer',
				operation: 'bulkUpsert',
				dataMode: 'autoMapInputData',
				options: { bulkCallsPerSecond: 5 },
			},
			items,
			onStarted: (execution: { cancel?: () => void }) => {
				cancel = () => execution.cancel?.();
			},
		});
		// 40 calls at 5 calls/s would take 8 s; after the cancel no further call starts
		expect(emulator.requests).toHaveLength(3);
		expect(result.run.status).toBe('canceled');
		const error = result.run.data.resultData.runData.Blueshift?.[0]?.error;
		expect(error?.message).toBe('The execution was cancelled');
		// the count is of answers the node read: whole calls of 50, never more than Blueshift gave
		// (a call cut off by the cancel, whether or not it reached Blueshift, is not "answered"); the
		// first answer came two call slots before the cancel
		const answered = Number(
			/^(\d+) of 2000 items had been answered by Blueshift/.exec(error?.description ?? '')?.[1],
		);
		const answeredByEmulator = emulator.requests.filter((r) => r.status !== undefined).length;
		expect(answered % 50).toBe(0);
		expect(answered).toBeGreaterThanOrEqual(50);
		expect(answered).toBeLessThanOrEqual(50 * answeredByEmulator);
	});
});
