import { FAST, run, useEmulator } from './support/fixtures';

/**
 * "Stop Workflow" (n8n's default On Error): once a failure is known no new call starts; calls in
 * flight finish; the error says what was accepted, in flight and never sent. Counts only, no clock.
 */
function stopCounts(description: string | undefined) {
	const match =
		/accepted (\d+) item\(s\) before the stop; (\d+) item\(s\) were in flight \(or in the same call as the failure\) and were let finish \((\d+) of them accepted, (\d+) failed\); (\d+) item\(s\) were never sent/.exec(
			description ?? '',
		);
	expect(match).not.toBeNull();
	const [accepted, inFlight, inFlightOk, inFlightFailed, never] = match!.slice(1).map(Number);
	return { accepted, inFlight, inFlightOk, inFlightFailed, never };
}

describe('Stop Workflow stops', () => {
	const emulator = useEmulator({ latencyMs: 20 });

	it('Create or Update: 200 items, Blueshift refuses item 5: no call starts after the refusal is known', async () => {
		const items = Array.from({ length: 200 }, (_, i) => ({ email: `u${i}@example.com` }));
		emulator.reject('u5@example.com', { email: ['is invalid'] });
		let callsWhenRefused = -1;
		emulator.onRequest = (entry) => {
			if ((entry.body as { email?: string }).email === 'u5@example.com')
				callsWhenRefused = emulator.requests.length;
		};
		const result = await run(
			emulator,
			{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
			items,
			'stopWorkflow',
		);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(
			/Blueshift rejected the request \(400: email: is invalid\)/,
		);
		expect(result.error?.context?.itemIndex).toBe(5);
		const counts = stopCounts(result.error?.description ?? undefined);
		const sent = emulator.requests.length;
		// every call that reached Blueshift is accounted for: accepted before, the refused one, in flight
		expect(counts.accepted + 1 + counts.inFlight).toBe(sent);
		expect(counts.never).toBe(200 - sent);
		// at 50 calls/s the other 194 calls would take 4 s; only those started before the refusal went out
		expect(sent).toBeLessThan(200);
		expect(sent).toBeGreaterThanOrEqual(callsWhenRefused);
		expect(counts.never).toBeGreaterThan(0);
		expect(result.error?.description).toMatch(/never sent \(items? \d+/);
	});

	it('Bulk Create or Update: 1,000 records, the second call holds a refused record: later calls are not sent', async () => {
		const items = Array.from({ length: 1000 }, (_, i) => ({ email: `b${i}@example.com` }));
		emulator.reject('b60@example.com');
		const result = await run(
			emulator,
			{ operation: 'bulkUpsert', dataMode: 'autoMapInputData', options: FAST },
			items,
			'stopWorkflow',
		);
		expect(result.error?.message).toMatch(/refused the record in its bulk answer/);
		expect(result.error?.context?.itemIndex).toBe(60);
		const calls = emulator.received('/api/v1/customers/bulk').length;
		expect(calls).toBeLessThan(20);
		const counts = stopCounts(result.error?.description ?? undefined);
		// 49 records of the refused call were saved; they count as accepted (the answer came with them)
		expect(counts.accepted + counts.inFlight + 1).toBe(calls * 50);
		expect(counts.never).toBe(1000 - calls * 50);
	});

	it('bad input stops the run before anything is sent and says nothing was sent', async () => {
		const items = [
			{ email: 'a@example.com' },
			{ email: 'not-an-email' },
			{ email: 'c@example.com' },
		];
		const result = await run(
			emulator,
			{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
			items,
			'stopWorkflow',
		);
		expect(result.error?.message).toMatch(/Invalid input in item 1/);
		expect(emulator.requests).toHaveLength(0);
		const counts = stopCounts(result.error?.description ?? undefined);
		expect(counts).toEqual({
			accepted: 0,
			inFlight: 0,
			inFlightOk: 0,
			inFlightFailed: 0,
			never: 2,
		});
	});

	it('Continue (using error output) sends every item whatever fails', async () => {
		const items = Array.from({ length: 30 }, (_, i) => ({ email: `c${i}@example.com` }));
		emulator.reject('c3@example.com');
		const result = await run(
			emulator,
			{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
			items,
		);
		expect(emulator.requests).toHaveLength(30);
		expect(result.success).toHaveLength(29);
		expect(result.errors).toHaveLength(1);
	});
});

describe('Stop Workflow counts stay true when calls are split', () => {
	const emulator = useEmulator();

	it('items of a call refused whole (413) and not resent after the stop are reported never sent, not accepted', async () => {
		const items = Array.from({ length: 200 }, (_, i) => ({ event: 'view', customer_id: `C-${i}` }));
		emulator.script('/api/v1/bulkevents', [
			{ status: 413 },
			{ status: 400, body: { errors: { event: ['is invalid'] } } },
		]);
		const result = await run(
			emulator,
			{
				resource: 'event',
				operation: 'sendBulk',
				dataMode: 'autoMapInputData',
				eventName: 'view',
				options: { ...FAST, batchSize: 100 },
			},
			items,
			'stopWorkflow',
		);
		const calls = emulator
			.received('/api/v1/bulkevents')
			.map((r) => [r.status, r.body.events.length]);
		expect(calls).toEqual([
			[413, 100],
			[400, 50],
		]);
		expect(result.error?.context?.itemIndex).toBe(0);
		const counts = stopCounts(result.error?.description ?? undefined);
		expect(counts).toEqual({
			accepted: 0,
			inFlight: 49,
			inFlightOk: 0,
			inFlightFailed: 49,
			never: 150,
		});
		expect(result.error?.description).toMatch(/never sent \(items 50-199\)/);
	});
});

describe('a setting that cannot be read', () => {
	const emulator = useEmulator();
	const parameters = {
		operation: 'upsert',
		dataMode: 'autoMapInputData',
		options: { maxRetries: "={{ $('Nope').item.json.x }}" },
	};

	it('Continue (using error output): every item goes to the error output with the reason, nothing is sent', async () => {
		const result = await run(emulator, parameters, [
			{ email: 'a@example.com' },
			{ email: 'b@example.com' },
		]);
		expect(result.success).toHaveLength(0);
		expect(result.errors).toHaveLength(2);
		for (const item of result.errors)
			expect(item.json.error).toMatch(/^A setting of the node could not be read: /);
		expect(emulator.requests).toHaveLength(0);
	});

	it('Stop Workflow: the run stops with the reason', async () => {
		const result = await run(emulator, parameters, [{ email: 'a@example.com' }], 'stopWorkflow');
		expect(result.error?.message).toMatch(/^A setting of the node could not be read: /);
		expect(emulator.requests).toHaveLength(0);
	});
});
