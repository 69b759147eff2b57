import { runWorkflow } from './support/harness';
import { credentialsFor, useEmulator } from './support/fixtures';

describe('cancelling an execution', () => {
	const emulator = useEmulator();

	it('stops sending at once and reports how many items Blueshift had answered', async () => {
		const items = Array.from({ length: 2000 }, (_, i) => ({ email: `c${i}@example.com` }));
		let cancelledAt = -1;
		const result = await runWorkflow({
			credentials: credentialsFor(emulator),
			parameters: { resource: 'customer', operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: { bulkCallsPerSecond: 5 } },
			items,
			onStarted: (execution) => {
				const poll = setInterval(() => {
					if (emulator.requests.length >= 3) {
						clearInterval(poll);
						cancelledAt = emulator.requests.length;
						execution.cancel?.();
					}
				}, 5);
			},
		});
		expect(cancelledAt).toBe(3);
		// 40 chunks at 5 calls/s would take 8 s; after the cancel no further call starts
		expect(emulator.requests.length).toBe(cancelledAt);
		expect(result.run.status).toBe('canceled');
		const error = result.run.data.resultData.runData.Blueshift?.[0]?.error;
		expect(error?.message).toBe('The execution was cancelled');
		// the call in flight at the cancel may or may not have been answered
		const answered = Number(/^(\d+) of 2000 items had been answered by Blueshift/.exec(error?.description ?? '')?.[1]);
		expect([(cancelledAt - 1) * 50, cancelledAt * 50]).toContain(answered);
	});
});
