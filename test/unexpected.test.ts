import * as path from 'node:path';

import { FAST, run, useEmulator } from './support/fixtures';

const emulator = useEmulator({ limits: false });

describe('a call whose request builder throws (a fault of the node, injected)', () => {
	// The runner's answer to a call that throws instead of answering: nothing in the operations throws
	// there today, so the built operation (dist/, which the harness runs) is made to throw for its
	// second call. What is checked is the runner's routing and its stop report, not the operation.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const op = require(
		path.join(__dirname, '..', 'dist', 'nodes/Blueshift/actions/event/sendBulk.operation.js'),
	).sendBulk;
	const original = op.request;
	afterEach(() => (op.request = original));
	const throwOnSecondCall = () => {
		let calls = 0;
		op.request = (records: unknown[], group: unknown) => {
			if (calls++ === 1) throw new Error('boom');
			return original(records, group);
		};
	};
	const sendBulk = {
		resource: 'event',
		operation: 'sendBulk',
		dataMode: 'defineBelow',
		eventName: '={{ $json.name }}',
		customerId: '={{ $json.id }}',
		options: { ...FAST, bulkCallsPerSecond: 200 },
	};
	const items = Array.from({ length: 90 }, (_, i) => ({ name: 'view', id: `C-${i}` }));

	it('Stop Workflow: stops at the call, and counts its other items as never sent', async () => {
		throwOnSecondCall();
		const result = await run(emulator, sendBulk, items, 'stopWorkflow');
		// calls of 30: items 0-29 sent, 30-59 the call that threw (30 is the failure), 60-89 never formed
		expect(emulator.received('/api/v1/bulkevents').map((r) => r.body.events.length)).toEqual([30]);
		expect(result.error?.message).toMatch(/The node failed on this item's call to Blueshift: boom/);
		expect(result.error?.description).toMatch(/failure of item 30/);
		expect(result.error?.description).toMatch(/59 item\(s\) were never sent \(items 31-89\)/);
	});

	it("Continue (using error output): that call's items fail as not sent, the other calls go on", async () => {
		throwOnSecondCall();
		const result = await run(emulator, sendBulk, items, 'continueErrorOutput');
		expect(emulator.received('/api/v1/bulkevents').map((r) => r.body.events.length)).toEqual([
			30, 30,
		]);
		expect(result.success).toHaveLength(60);
		expect(result.errors.map((e) => e.pairedItem)).toEqual(
			Array.from({ length: 30 }, (_, i) => ({ item: 30 + i })),
		);
		for (const e of result.errors)
			expect(e.json.message).toBe('The call was not sent to Blueshift; run the item again.');
	});
});
