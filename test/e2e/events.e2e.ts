import { Emulator } from '../emulator/server';
import { errorOf, paired, useHost, workflowsIn } from './host';
import { output, VERSIONS } from './n8n';

/** Send Event and Send Bulk Events in a real n8n, the packed package installed as a community node. */
const KEY = 'e2e-user-api-key-7d41';
const EVENT_KEY = 'e2e-event-api-key-93b0';
const workflows = workflowsIn(/^event-(send|bulk|stop)\.json$/);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(VERSIONS)('n8n %s: events with the packed community node', (version) => {
	const emulator = new Emulator({ keys: [KEY, EVENT_KEY] });
	const state = emulator as unknown as {
		events: Array<Record<string, any>>;
		eventUuidCounts: Map<string, number>;
		eventsPerCall: number;
		eventKeys?: string[];
		onRequest?: (entry: { body?: any }) => void;
	};
	const { run } = useHost(
		version,
		emulator,
		workflows,
		{ apiKey: KEY, eventApiKey: EVENT_KEY },
		{
			// only the Event API key may send events here: a call with the User API key would get 401
			expectKey: EVENT_KEY,
			beforeEachTest: () => {
				state.eventKeys = [EVENT_KEY];
			},
		},
	);

	it('Send Event: identify and a custom event accepted with their event_uuid; bad items on the error branch', async () => {
		const result = await run('E2E: Send Event, define below');
		const bodies = emulator.received('/api/v1/event').map((r) => r.body);
		expect(bodies).toEqual([
			{
				event: 'identify',
				email: 'leah@example.com',
				customer_id: 'ACME-55120',
				subscription_groups: [{ id: 'newsletter', subscribed: true }],
				loyalty_tier: 'gold',
				event_uuid: expect.stringMatching(UUID),
			},
			{
				event: 'purchase',
				email: 'leah@example.com',
				event_uuid: '2c4e6a80-1b3d-4f5a-9c7e-0d2f4b6a8c1e',
				subscription_groups: [{ id: 'newsletter', subscribed: true }],
				revenue: '54.90',
			},
			{
				event: 'view',
				device_id: 'dev-0b7d2f4e6a',
				event_uuid: expect.stringMatching(UUID),
				subscription_groups: [{ id: 'newsletter', subscribed: true }],
			},
		]);
		const accepted = output(result, 'Blueshift', 0);
		expect(paired(accepted)).toEqual([0, 1, 3]);
		expect(accepted.map((item) => item.json)).toEqual(
			bodies.map((body) =>
				expect.objectContaining({
					status: 'accepted',
					processing: 'asynchronous',
					event: body.event,
					event_uuid: body.event_uuid,
				}),
			),
		);
		const inputs = output(result, 'Records').map((item) => item.json);
		const errors = output(result, 'Blueshift', 1);
		expect(paired(errors)).toEqual([2, 4]);
		expect(errors.map((item) => item.json)).toEqual([
			{
				...inputs[2],
				error: expect.stringMatching(
					/^Invalid input in item 2: Event Name \(event\) must not contain whitespace/,
				),
				message: expect.any(String),
			},
			{
				...inputs[4],
				error: expect.stringMatching(/^Invalid input in item 4: An identifier is required/),
				message: expect.any(String),
			},
		]);
		expect(output(result, 'Handle errors').map((item) => item.json.followUp)).toEqual([
			expect.stringMatching(/^check grace@example\.com: Invalid input in item 2/),
			expect.stringMatching(/^check event: Invalid input in item 4/),
		]);
	});

	it('Send Bulk Events: 1,000 auto-mapped events, Batch Size 100 where Blueshift takes 50: 413s split; a lost answer is not resent (no event twice) and its items say they may have arrived', async () => {
		state.eventsPerCall = 50;
		// a 503 first; then the answer to the first call Blueshift takes is lost after it stored the events
		emulator.script('/api/v1/bulkevents', [{ status: 503 }]);
		let lost = false;
		state.onRequest = (entry) => {
			if (lost || !Array.isArray(entry.body?.events) || entry.body.events.length > 50) return;
			lost = true;
			emulator.script('/api/v1/bulkevents', [{ passThrough: true, reset: true }]);
		};
		const result = await run('E2E: Send Bulk Events of 1,000, auto-map, Batch Size 100');
		const calls = emulator.received('/api/v1/bulkevents');
		expect(calls.filter((c) => c.status === 413).length).toBeGreaterThan(0);
		expect(calls.filter((c) => c.status === 503)).toHaveLength(1);
		expect(calls.filter((c) => c.status === 'reset')).toHaveLength(1);
		for (const call of calls.filter((c) => c.status === 200))
			expect(call.body.events.length).toBeLessThanOrEqual(50);
		const accepted = output(result, 'Blueshift', 0);
		const errors = output(result, 'Blueshift', 1);
		expect(accepted.length + errors.length).toBe(1000);
		const invalid = errors.filter((item) =>
			/Event Name \(event\) must not contain a period/.test(String(item.json.error)),
		);
		expect(paired(invalid)).toEqual([500]);
		// the call whose answer was lost: its events arrived once, and its items say so instead of sending again
		const unknown = errors.filter((item) => item !== invalid[0]);
		const lostCall = calls.find((c) => c.status === 'reset');
		expect(unknown).toHaveLength(lostCall?.body.events.length);
		for (const item of unknown)
			expect(item.json.message).toMatch(/Not retried: Blueshift does not deduplicate/);
		// every valid event arrived exactly once
		expect(state.eventUuidCounts.size).toBe(999);
		expect([...state.eventUuidCounts.values()].every((n) => n === 1)).toBe(true);
		const sent = new Map(state.events.map((e) => [e.customer_id, e]));
		for (const item of accepted) {
			const event = sent.get(item.json.customer_id as string);
			expect(event).toMatchObject({ event: 'purchase', sku: expect.any(String) });
			expect(item.json.event_uuid).toBe(event?.event_uuid);
		}
	});

	it('Send Bulk Events with Stop Workflow: a bad item stops the run before anything is sent', async () => {
		const result = await run('E2E: Send Bulk Events, Stop Workflow on a bad item');
		expect(errorOf(result)?.message).toMatch(
			/Invalid input in item 1: Event Name \(event\) must not be a number/,
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
