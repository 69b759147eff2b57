import {
	API_KEY,
	credentialsFor,
	expectEachItemOnce,
	expectNoSecret,
	FAST,
	jsonOf,
	pairedOf,
	run,
	useEmulator,
} from './support/fixtures';
import { Emulator } from './emulator/server';
import { runWorkflow } from './support/harness';

const EVENT_KEY = 'event-key-0c94e2b7';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const send = (fields: Record<string, unknown> = {}, options: Record<string, unknown> = FAST) => ({
	resource: 'event',
	operation: 'send',
	dataMode: 'defineBelow',
	eventName: '={{ $json.name }}',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	options,
	...fields,
});
const sendBulk = (fields: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	send({ operation: 'sendBulk', ...fields }, { ...FAST, bulkCallsPerSecond: 200, ...options });

/** The events Blueshift received, in arrival order, from single and bulk calls. */
const eventsOf = (emulator: ReturnType<typeof useEmulator>) =>
	(emulator as any).events as Array<Record<string, any>>;
const uuidCounts = (emulator: ReturnType<typeof useEmulator>) =>
	(emulator as any).eventUuidCounts as Map<string, number>;

describe('Send Event', () => {
	const emulator = useEmulator({ keys: [API_KEY, EVENT_KEY] });

	it('maps every field to the documented body and outputs the event as accepted, not stored', async () => {
		const result = await run(
			emulator,
			send({
				additionalFields: {
					deviceId: '={{ $json.device }}',
					cookie: 'c-123',
					ip: '198.51.100.24',
					deviceType: 'ios',
					latitude: '48.85',
					phoneNumber: '+14155550123',
				},
				subscriptionGroups: { groups: [{ id: 'newsletter', subscribed: true }] },
				attributes: {
					attributes: [
						{ name: 'plan', value: '={{ $json.plan }}' },
						{ name: 'empty_one', value: '' },
					],
				},
			}),
			[
				{
					name: 'plan_upgraded',
					email: 'leah@example.com',
					id: 55120,
					device: 'dev-0b7d2f4e6a',
					plan: 'pro',
				},
			],
		);
		expect(result.errors).toHaveLength(0);
		expect(emulator.requests).toHaveLength(1);
		const [request] = emulator.requests;
		expect(request.path).toBe('/api/v1/event');
		expect(request.body).toEqual({
			event: 'plan_upgraded',
			email: 'leah@example.com',
			customer_id: '55120',
			device_id: 'dev-0b7d2f4e6a',
			cookie: 'c-123',
			ip: '198.51.100.24',
			device_type: 'ios',
			latitude: '48.85',
			phone_number: '+14155550123',
			subscription_groups: [{ id: 'newsletter', subscribed: true }],
			plan: 'pro',
			event_uuid: expect.stringMatching(UUID),
		});
		expect(jsonOf(result.success)).toEqual([
			{
				status: 'accepted',
				processing: 'asynchronous',
				event: 'plan_upgraded',
				event_uuid: request.body.event_uuid,
				email: 'leah@example.com',
				customer_id: '55120',
				device_id: 'dev-0b7d2f4e6a',
				cookie: 'c-123',
				blueshiftStatus: 'OK',
			},
		]);
		expect(pairedOf(result.success)).toEqual([0]);
	});

	it('sends identify with the customer attributes given, and keeps the event_uuid the user gives', async () => {
		const uuid = '2c4e6a80-1b3d-4f5a-9c7e-0d2f4b6a8c1e';
		await run(
			emulator,
			send({
				eventName: 'identify',
				additionalFields: { eventUuid: uuid },
				attributes: {
					attributes: [
						{ name: 'firstname', value: 'Leah' },
						{ name: 'loyalty_tier', value: 'gold' },
					],
				},
			}),
			[{ id: 'ACME-55120' }],
		);
		expect(emulator.requests[0].body).toEqual({
			event: 'identify',
			customer_id: 'ACME-55120',
			event_uuid: uuid,
			firstname: 'Leah',
			loyalty_tier: 'gold',
		});
	});

	it('gives every item its own event_uuid', async () => {
		const result = await run(emulator, send(), [
			{ name: 'view', email: 'a@example.com' },
			{ name: 'view', email: 'a@example.com' },
		]);
		const ids = emulator.requests.map((r) => r.body.event_uuid);
		expect(new Set(ids).size).toBe(2);
		expect(result.success.map((item) => item.json.event_uuid).sort()).toEqual([...ids].sort());
	});

	it('sends the item as the event with Auto-Map Input Data, taking Event Name only when the item has no event', async () => {
		const result = await run(
			emulator,
			{
				resource: 'event',
				operation: 'send',
				dataMode: 'autoMapInputData',
				eventName: 'pageload',
				options: FAST,
			},
			[
				{ email: 'auto@example.com', revenue: 54.9, empty: '' },
				{
					event: 'purchase',
					cookie: 'anon-cookie-1',
					event_uuid: '0b7d2f4e-6a18-4c3e-9f51-8e2a7c4d6b90',
				},
				{ event: 'signup', customer_id: 770001, device_id: 42 },
			],
		);
		expect(result.errors).toHaveLength(0);
		const bodies = emulator.requests
			.map((r) => r.body)
			.sort((a, b) => a.event.localeCompare(b.event));
		expect(bodies).toEqual([
			{
				event: 'pageload',
				email: 'auto@example.com',
				revenue: 54.9,
				event_uuid: expect.stringMatching(UUID),
			},
			{
				event: 'purchase',
				cookie: 'anon-cookie-1',
				event_uuid: '0b7d2f4e-6a18-4c3e-9f51-8e2a7c4d6b90',
			},
			// identifiers read as numbers go as text, as the pages type them
			{
				event: 'signup',
				customer_id: '770001',
				device_id: '42',
				event_uuid: expect.stringMatching(UUID),
			},
		]);
	});

	it('accepts "ok" in any case, and a 2xx without status, as accepted', async () => {
		emulator.script('/api/v1/event', [
			{ status: 200, body: { status: 'ok' } },
			{ status: 200, body: {} },
		]);
		const result = await run(emulator, send(), [
			{ name: 'view', email: 'a@example.com' },
			{ name: 'view', email: 'b@example.com' },
		]);
		expect(result.errors).toHaveLength(0);
		expect(result.success.map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
	});

	it('refuses a 200 whose status is not ok ("Bad request"), routing the item to the error output', async () => {
		emulator.script('/api/v1/event', [{ status: 200, body: { status: 'Bad request' } }]);
		const result = await run(emulator, send(), [{ name: 'view', email: 'a@example.com' }]);
		expect(result.success).toHaveLength(0);
		expect(result.errors[0].json.error).toMatch(/did not accept the event .*Bad request/);
	});

	describe('validation, before anything is sent', () => {
		const long = 'e'.repeat(65);
		it.each([
			[
				'no identifier',
				{ name: 'view' },
				'email',
				/An identifier is required: give at least one of email, customer_id, device_id, cookie/,
			],
			[
				'no event name',
				{ name: '', email: 'a@example.com' },
				'event',
				/Event Name \(event\) is required/,
			],
			[
				'an event name over 64 characters',
				{ name: long, email: 'a@example.com' },
				'event',
				/Event Name \(event\) must be at most 64 characters/,
			],
			[
				'an event name with a period',
				{ name: 'cart.add', email: 'a@example.com' },
				'event',
				/Event Name \(event\) must not contain a period/,
			],
			[
				'an event name with whitespace',
				{ name: 'add to_cart', email: 'a@example.com' },
				'event',
				/Event Name \(event\) must not contain whitespace/,
			],
			[
				'a numeric event name',
				{ name: '12345', email: 'a@example.com' },
				'event',
				/Event Name \(event\) must not be a number/,
			],
			[
				'a bad email',
				{ name: 'view', email: 'not-an-email' },
				'email',
				/Email \(email\) must be an email address/,
			],
			[
				'an email over 64 characters',
				{ name: 'view', email: `${'a'.repeat(53)}@example.com` },
				'email',
				/must be at most 64 characters/,
			],
			[
				'a phone not in E.164',
				{ name: 'view', email: 'a@example.com', phone: '0044123' },
				'phone_number',
				/E\.164/,
			],
			[
				'an event_uuid that is no UUID',
				{ name: 'view', email: 'a@example.com', uuid: 'evt-1' },
				'event_uuid',
				/Event UUID \(event_uuid\) must be a UUID/,
			],
		])('rejects %s, naming the item, the field and the rule', async (_name, input, field, rule) => {
			const params = send({
				additionalFields: { phoneNumber: '={{ $json.phone }}', eventUuid: '={{ $json.uuid }}' },
			});
			const result = await run(emulator, params, [
				{ name: 'view', email: 'ok@example.com' },
				input,
			]);
			expect(result.success).toHaveLength(1);
			expect(result.errors).toHaveLength(1);
			const [bad] = result.errors;
			expect(bad.pairedItem).toEqual({ item: 1 });
			expect(bad.json).toEqual({
				...input,
				error: expect.stringMatching(rule),
				message: expect.any(String),
			});
			expect(bad.json.error).toMatch(/^Invalid input in item 1: /);
			expect(bad.json.error).toContain(field);
			expect(emulator.requests).toHaveLength(1);
			expect(emulator.requests[0].body.email).toBe('ok@example.com');
		});

		it('names the field in details on the main output with On Error = Continue', async () => {
			const result = await run(
				emulator,
				send(),
				[{ name: 'cart.add', email: 'a@example.com' }],
				'continueRegularOutput',
			);
			expect(result.success).toHaveLength(1);
			expect(result.success[0].json).toEqual({
				error: expect.stringMatching(/must not contain a period/),
				message: expect.any(String),
				details: expect.objectContaining({ itemIndex: 0, field: 'event' }),
			});
			expect(emulator.requests).toHaveLength(0);
		});

		it('takes an event name and an email of exactly 64 characters, and device_id or cookie alone as the identifier', async () => {
			const result = await run(
				emulator,
				send({
					additionalFields: { deviceId: '={{ $json.device }}', cookie: '={{ $json.cookie }}' },
				}),
				[
					{ name: 'e'.repeat(64), email: `${'a'.repeat(52)}@example.com` },
					{ name: 'app_open', device: 'dev-0b7d2f4e6a' },
					{ name: 'pageload', cookie: 'anon-cookie-1' },
				],
			);
			expect(result.errors).toHaveLength(0);
			expect(emulator.requests).toHaveLength(3);
			expect(emulator.requests.map((r) => String(r.body.email ?? '').length)).toContain(64);
		});

		it('refuses an attribute named like an event field', async () => {
			const result = await run(
				emulator,
				send({ attributes: { attributes: [{ name: 'event_uuid', value: 'x' }] } }),
				[{ name: 'view', email: 'a@example.com' }],
			);
			expect(result.errors[0].json.error).toMatch(
				/Attribute "event_uuid" collides with the event field/,
			);
			expect(emulator.requests).toHaveLength(0);
		});

		it('stops before anything is sent with Stop Workflow, naming the item', async () => {
			const result = await run(
				emulator,
				send(),
				[{ name: 'view', email: 'a@example.com' }, { name: 'view' }],
				'stopWorkflow',
			);
			expect(result.error?.message).toMatch(/Invalid input in item 1: An identifier is required/);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	describe('retries', () => {
		it('does not send an event again after a lost answer (Blueshift does not deduplicate): the item says it may have arrived, with its event_uuid', async () => {
			// the first call is stored, then its answer is lost (connection reset)
			emulator.script('/api/v1/event', [{ passThrough: true, reset: true }]);
			const result = await run(
				emulator,
				send(),
				[{ name: 'purchase', email: 'a@example.com' }],
				'continueRegularOutput',
			);
			expect(emulator.requests).toHaveLength(1);
			const [sent] = emulator.requests.map((r) => r.body.event_uuid);
			expect(uuidCounts(emulator).get(sent)).toBe(1);
			const item = result.success[0].json;
			expect(item.error).toMatch(/failed before it answered|did not answer/);
			expect(item.message).toMatch(
				/may or may not have reached Blueshift.*Not retried: Blueshift does not deduplicate/,
			);
		});

		it('retries a call whose connection was refused: nothing reached Blueshift', async () => {
			const closed = await new Emulator({ keys: [API_KEY] }).start();
			const url = closed.url;
			await closed.stop();
			const result = await runWorkflow({
				credentials: { region: 'custom', baseUrl: url, apiKey: API_KEY },
				parameters: send({}, { retryDelay: 1, maxRetries: 2 }),
				items: [{ name: 'view', email: 'a@example.com' }],
				onError: 'continueRegularOutput',
			});
			expect(result.success[0].json.error).toMatch(
				/Could not reach Blueshift \(after 3 attempts\)/,
			);
		});

		it.each([502, 504])(
			'does not retry %s for an event: a gateway may have passed it on',
			async (status) => {
				emulator.script('/api/v1/event', [{ status }]);
				const result = await run(emulator, send(), [{ name: 'view', email: 'a@example.com' }]);
				expect(emulator.requests).toHaveLength(1);
				expect(result.errors[0].json.error).toMatch(new RegExp(`\\(${status}`));
			},
		);

		it("with n8n's Retry On Fail, the events a failed run had sent are not sent again when n8n runs the node again", async () => {
			emulator.script('/api/v1/event', [
				{ passThrough: true },
				{ status: 400, body: { errors: { event: ['is invalid'] } } },
			]);
			const items = [0, 1, 2].map((n) => ({ name: 'purchase', id: `C-${n}` }));
			const result = await runWorkflow({
				credentials: credentialsFor(emulator),
				parameters: send({}, { ...FAST, callsPerSecond: 1 }),
				items,
				onError: 'stopWorkflow',
				executionId: 'refused-retry-on-fail',
				nodeSettings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			});
			// try 1: C-0 accepted, C-1 refused (stop: C-2 never sent); try 2: C-1 and C-2 only
			expect(emulator.received('/api/v1/event').map((r) => [r.body.customer_id, r.status])).toEqual(
				[
					['C-0', 200],
					['C-1', 400],
					['C-1', 200],
					['C-2', 200],
				],
			);
			expect(result.error).toBeUndefined();
			expect(result.success.map((item) => item.json.customer_id)).toEqual(['C-0', 'C-1', 'C-2']);
			expect(eventsOf(emulator).filter((e) => e.customer_id === 'C-0')).toHaveLength(1);
		});

		it("with n8n's Retry On Fail, an event whose answer was lost is not sent again by the next try either", async () => {
			emulator.script('/api/v1/event', [{ passThrough: true, reset: true }]);
			const result = await runWorkflow({
				credentials: credentialsFor(emulator),
				parameters: send(),
				items: [{ name: 'purchase', id: 'C-9' }],
				onError: 'stopWorkflow',
				executionId: 'lost-answer-retry-on-fail',
				nodeSettings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			});
			expect(emulator.received('/api/v1/event')).toHaveLength(1);
			expect(eventsOf(emulator)).toHaveLength(1);
			expect(result.error?.description).toMatch(/Not retried: Blueshift does not deduplicate/);
		});

		it.each([502, 504])(
			"with n8n's Retry On Fail, an event answered %s (a gateway may have passed it on) is not sent again",
			async (status) => {
				emulator.script('/api/v1/event', [{ status, body: { message: 'gateway' } }]);
				const result = await runWorkflow({
					credentials: credentialsFor(emulator),
					parameters: send(),
					items: [{ name: 'purchase', id: 'C-7' }],
					onError: 'stopWorkflow',
					executionId: `gateway-${status}-retry-on-fail`,
					nodeSettings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
				});
				expect(emulator.received('/api/v1/event')).toHaveLength(1);
				expect(result.error?.message).toMatch(
					/a gateway error may come after Blueshift took the call/,
				);
			},
		);

		it.each([429, 503])('retries %s', async (status) => {
			emulator.script('/api/v1/event', [{ status }]);
			const result = await run(emulator, send(), [{ name: 'view', email: 'a@example.com' }]);
			expect(result.success[0].json.status).toBe('accepted');
			expect(emulator.requests).toHaveLength(2);
			expect(emulator.requests[1].body).toEqual(emulator.requests[0].body);
		});

		it.each([404, 409, 400, 500])(
			'does not retry %s for an event, and routes the item with the status',
			async (status) => {
				emulator.script('/api/v1/event', [{ status }]);
				const result = await run(emulator, send(), [
					{ name: 'view', email: 'a@example.com', keep: 1 },
				]);
				expect(emulator.requests).toHaveLength(1);
				expect(result.success).toHaveLength(0);
				expect(result.errors[0].json).toEqual({
					name: 'view',
					email: 'a@example.com',
					keep: 1,
					error: expect.stringMatching(new RegExp(`\\(${status}`)),
					message: expect.any(String),
				});
			},
		);
	});

	describe('which key', () => {
		const credentials = (eventApiKey?: string) => ({
			...credentialsFor(emulator),
			...(eventApiKey ? { eventApiKey } : {}),
		});
		const runWith = (
			parameters: Record<string, unknown>,
			items: Array<Record<string, unknown>>,
			eventApiKey?: string,
		) =>
			runWorkflow({
				credentials: credentials(eventApiKey),
				parameters,
				items,
				onError: 'continueErrorOutput',
			});

		it('sends events with the Event API key when it is set, and everything else with the User API key', async () => {
			(emulator as any).eventKeys = [EVENT_KEY];
			const single = await runWith(send(), [{ name: 'view', email: 'a@example.com' }], EVENT_KEY);
			const bulk = await runWith(sendBulk(), [{ name: 'view', email: 'b@example.com' }], EVENT_KEY);
			const upsert = await runWith(
				{ resource: 'customer', operation: 'upsert', email: 'c@example.com', options: FAST },
				[{}],
				EVENT_KEY,
			);
			expect(single.errors).toHaveLength(0);
			expect(bulk.errors).toHaveLength(0);
			expect(upsert.errors).toHaveLength(0);
			const users = emulator.requests.map((r) => [
				r.path,
				r.user?.user === EVENT_KEY ? 'event key' : r.user?.user === API_KEY ? 'user key' : 'other',
			]);
			expect(users).toEqual([
				['/api/v1/event', 'event key'],
				['/api/v1/bulkevents', 'event key'],
				['/api/v1/customers', 'user key'],
			]);
			for (const result of [single, bulk, upsert]) {
				expectNoSecret(result.run);
				expect(JSON.stringify(result.run)).not.toContain(EVENT_KEY);
				expect(JSON.stringify(result.run)).not.toContain(
					Buffer.from(`${EVENT_KEY}:`).toString('base64'),
				);
			}
		});

		it('sends events with the User API key when no Event API key is set', async () => {
			await runWith(send(), [{ name: 'view', email: 'a@example.com' }]);
			expect(emulator.requests[0].user?.user === API_KEY).toBe(true);
		});

		// the other reading (the current reference text): events take the User API key only
		it('when Blueshift refuses the Event API key (401), sends the call again with the User API key, and the later calls too', async () => {
			const items = Array.from({ length: 4 }, (_, n) => ({
				name: 'view',
				email: `k${n}@example.com`,
			}));
			for (const operation of [send(), sendBulk({}, { batchSize: 1 })]) {
				emulator.reset();
				(emulator as any).eventKeys = [API_KEY];
				const result = await runWith(operation, items, EVENT_KEY);
				expect(result.errors).toEqual([]);
				expect(result.success).toHaveLength(4);
				expect((emulator as any).events.map((e: { email: string }) => e.email).sort()).toEqual(
					items.map((i) => i.email),
				);
				const signed = emulator.requests.map((r) => [
					r.user?.user === EVENT_KEY ? 'event key' : 'user key',
					r.status,
				]);
				// every call refused with the Event API key went again with the User API key; none the other way
				expect(
					signed.filter(([, status]) => status === 401).every(([key]) => key === 'event key'),
				).toBe(true);
				expect(
					signed.filter(([, status]) => status === 200).every(([key]) => key === 'user key'),
				).toBe(true);
				// the calls after the first refusal went with the User API key at once
				expect(signed[signed.length - 1]).toEqual(['user key', 200]);
				expectNoSecret(result.run);
				expect(JSON.stringify(result.run)).not.toContain(EVENT_KEY);
			}
		});

		it("once the User API key passed, the execution's later event calls go with it from the start", async () => {
			(emulator as any).eventKeys = [API_KEY];
			const items = Array.from({ length: 16 }, (_, n) => ({
				name: 'view',
				email: `l${n}@example.com`,
			}));
			// one event per call at 5 calls/s: the first second's calls are refused, their second tries
			// fill the next, the calls after them leave once those were answered (without the memory,
			// all 16 would be refused once)
			const result = await runWith(
				sendBulk({}, { batchSize: 1, bulkCallsPerSecond: 5 }),
				items,
				EVENT_KEY,
			);
			expect(result.errors).toEqual([]);
			const refused = emulator.requests.filter((r) => r.status === 401);
			expect(refused.every((r) => r.user?.user === EVENT_KEY)).toBe(true);
			expect(refused.length).toBeLessThanOrEqual(10);
			expect(emulator.requests.filter((r) => r.status === 200)).toHaveLength(16);
		});

		it('a 401 that the User API key does not pass either leaves the Event API key in use for the other calls', async () => {
			(emulator as any).eventKeys = [EVENT_KEY];
			emulator.script('/api/v1/event', [{ status: 401, body: { message: 'Not authorized' } }]);
			const items = Array.from({ length: 6 }, (_, n) => ({
				name: 'view',
				email: `t${n}@example.com`,
			}));
			const result = await runWith(send(), items, EVENT_KEY);
			expect(result.errors).toHaveLength(1);
			expect(result.success).toHaveLength(5);
			const userKeyed = emulator.requests.filter((r) => r.user?.user === API_KEY);
			expect(userKeyed.map((r) => r.status)).toEqual([401]);
		});

		it('the call sent again with the User API key is no retry: it keeps its retries', async () => {
			(emulator as any).eventKeys = [API_KEY];
			emulator.script('/api/v1/event', [
				{ passThrough: true },
				{ status: 503, body: { message: 'busy' } },
			]);
			const result = await runWith(
				send({}, { retryDelay: 5, maxRetries: 1 }),
				[{ name: 'view', email: 'r@example.com' }],
				EVENT_KEY,
			);
			expect(result.errors).toEqual([]);
			expect(
				emulator.requests.map((r) => [
					r.user?.user === EVENT_KEY ? 'event key' : 'user key',
					r.status,
				]),
			).toEqual([
				['event key', 401],
				['user key', 503],
				['user key', 200],
			]);
		});

		it('says so when Blueshift refuses both keys for events: one call with each, then the error', async () => {
			(emulator as any).eventKeys = ['another-event-key'];
			const result = await runWith(send(), [{ name: 'view', email: 'a@example.com' }], EVENT_KEY);
			expect(
				emulator.requests.map((r) => [
					r.user?.user === EVENT_KEY
						? 'event key'
						: r.user?.user === API_KEY
							? 'user key'
							: 'other',
					r.status,
				]),
			).toEqual([
				['event key', 401],
				['user key', 401],
			]);
			expect(result.errors[0].json.error).toMatch(/did not accept the API key \(401/);
			expect(result.errors[0].json.message).toMatch(
				/when Blueshift refuses it, with the User API key/,
			);
			expect(JSON.stringify(result.run)).not.toContain(EVENT_KEY);
		});

		it('says so when Blueshift refuses the key for events (401), without the key', async () => {
			(emulator as any).eventKeys = [EVENT_KEY];
			const result = await runWith(send(), [{ name: 'view', email: 'a@example.com' }]);
			expect(emulator.requests).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(/did not accept the API key \(401/);
			expect(result.errors[0].json.message).toMatch(
				/disagree on which key the event endpoints take: .*Event API Key/,
			);
			expectNoSecret(result.run);
		});
	});
});

describe('Send Bulk Events', () => {
	const emulator = useEmulator({ keys: [API_KEY, EVENT_KEY] });

	it('sends { events } in calls of 30 by default, each event accepted with its event_uuid', async () => {
		const items = Array.from({ length: 65 }, (_, n) => ({
			name: 'view',
			email: `u${n}@example.com`,
		}));
		const result = await run(emulator, sendBulk(), items);
		expect(result.errors).toHaveLength(0);
		const calls = emulator.received('/api/v1/bulkevents');
		expect(calls.map((c) => c.body.events.length)).toEqual([30, 30, 5]);
		expect(calls.every((c) => Object.keys(c.body).join() === 'events')).toBe(true);
		expect(pairedOf(result.success)).toEqual(items.map((_, n) => n));
		const sent = new Map(
			calls.flatMap((c) => c.body.events).map((e: any) => [e.email, e.event_uuid]),
		);
		for (const [n, item] of result.success.entries()) {
			expect(item.json).toMatchObject({
				status: 'accepted',
				processing: 'asynchronous',
				email: `u${n}@example.com`,
				blueshiftStatus: 'ok',
			});
			expect(item.json.event_uuid).toBe(sent.get(`u${n}@example.com`));
		}
	});

	it('sends 1,000 events with Batch Size 100 where Blueshift takes 30: every 413 is split in halves and resent, no event lost or doubled', async () => {
		const items = Array.from({ length: 1000 }, (_, n) => ({ name: 'purchase', id: `C-${n}` }));
		// this test is about splitting, not pacing: the emulator's 5 calls/s is lifted for it
		const limits = emulator.limits as unknown as Record<string, number>;
		limits.bulkEvents = 10_000;
		const result = await run(emulator, sendBulk({}, { batchSize: 100 }), items).finally(() => {
			limits.bulkEvents = 5;
		});
		expect(result.errors).toHaveLength(0);
		expect(result.success).toHaveLength(1000);
		expectEachItemOnce(1000, result.success);
		expect(emulator.received('/api/v1/bulkevents', 413).length).toBeGreaterThan(0);
		for (const call of emulator.received('/api/v1/bulkevents', 200))
			expect(call.body.events.length).toBeLessThanOrEqual(30);
		const events = eventsOf(emulator);
		expect(events).toHaveLength(1000);
		expect(new Set(events.map((e) => e.customer_id)).size).toBe(1000);
		expect([...uuidCounts(emulator).values()].every((count) => count === 1)).toBe(true);
		expect(uuidCounts(emulator).size).toBe(1000);
		const byCustomer = new Map(events.map((e) => [e.customer_id, e.event_uuid]));
		for (const [n, item] of result.success.entries())
			expect(item.json.event_uuid).toBe(byCustomer.get(`C-${n}`));
	});

	it('after a 413, later calls start at the size Blueshift took instead of being refused again', async () => {
		// Which calls start after a 413 was read must not depend on the machine's speed: the node's
		// pacer (built in dist/) runs on a clock this test moves to the next slot only once every call
		// started was answered and read. Its first slot is taken beforehand, so the ten calls of 100
		// are all formed before one is sent.
		const dist = `${__dirname}/../dist/nodes/shared`;
		const pacer: typeof import('../nodes/shared/pacing') = require(`${dist}/pacing/index.js`);
		const transport: typeof import('../nodes/shared/transport') = require(
			`${dist}/transport/index.js`,
		);
		let now = 1_000_000;
		const timers: Array<{ at: number; fire: () => void }> = [];
		const sleep = async (ms: number) =>
			await new Promise<void>((fire) => timers.push({ at: now + Math.max(0, ms), fire }));
		pacer.useClock({ now: () => now, sleep });
		const limits = emulator.limits as unknown as Record<string, number>;
		limits.bulkEvents = 10_000;
		try {
			const fingerprint = transport.accountFingerprint(emulator.url, API_KEY);
			const shared = pacer.accountPacer('eventsBulk', fingerprint);
			shared.settle((await shared.acquire(shared.join(50)))!, 'ok');
			let asked = 0;
			const started = new Set<object>();
			const ended = new Set<object>();
			const { acquire, settle, refund } = shared;
			shared.acquire = async (...args) => {
				asked++;
				const ticket = await acquire.apply(shared, args);
				if (ticket) started.add(ticket);
				return ticket;
			};
			shared.settle = (ticket, outcome) => {
				ended.add(ticket);
				settle.call(shared, ticket, outcome);
			};
			shared.refund = (ticket) => {
				ended.add(ticket);
				refund.call(shared, ticket);
			};

			const items = Array.from({ length: 1000 }, (_, n) => ({ name: 'purchase', id: `C-${n}` }));
			const options = { batchSize: 100, bulkCallsPerSecond: 50 };
			let finished = false;
			const running = run(emulator, sendBulk({}, options), items).finally(() => (finished = true));
			const turn = async () => await new Promise((resolve) => setTimeout(resolve, 0));
			while (!finished && asked < 10) await turn();
			while (!finished) {
				await turn();
				if (started.size > ended.size || timers.length === 0) continue;
				// every call started was answered and read: time moves on to the next slot
				timers.sort((a, b) => a.at - b.at);
				const next = timers.shift()!;
				now = Math.max(now, next.at);
				next.fire();
			}
			const result = await running;

			expect(result.errors).toEqual([]);
			expect(result.success).toHaveLength(1000);
			expect(eventsOf(emulator)).toHaveLength(1000);
			// one call of 100 and one of 50 refused, every later call started at 25; halving every call
			// of 100, and its halves again, would have refused 30 calls (10 of 100, 20 of 50)
			const sizes = (status: number) =>
				emulator.received('/api/v1/bulkevents', status).map((c) => c.body.events.length);
			expect(sizes(413)).toEqual([100, 50]);
			expect(sizes(200)).toEqual(Array(40).fill(25));
		} finally {
			limits.bulkEvents = 5;
			pacer.useClock();
		}
	});

	it('keeps a call under 1 MB', async () => {
		const big = 'x'.repeat(200_000);
		const items = Array.from({ length: 8 }, (_, n) => ({
			name: 'view',
			email: `u${n}@example.com`,
			big,
		}));
		const result = await run(
			emulator,
			sendBulk({ attributes: { attributes: [{ name: 'blob', value: '={{ $json.big }}' }] } }),
			items,
		);
		expect(result.errors).toHaveLength(0);
		const calls = emulator.received('/api/v1/bulkevents');
		expect(calls.length).toBeGreaterThan(1);
		for (const call of calls) expect(Buffer.byteLength(call.raw)).toBeLessThanOrEqual(1_000_000);
		expect(eventsOf(emulator)).toHaveLength(8);
	});

	it('routes bad items to the error output and sends the rest, under every On Error mode', async () => {
		const items = [
			{ name: 'view', email: 'a@example.com' },
			{ name: 'bad name', email: 'b@example.com' },
			{ name: 'view', id: 'C-3' },
			{ name: 'view' },
		];
		const withOutput = await run(emulator, sendBulk(), items, 'continueErrorOutput');
		expect(pairedOf(withOutput.success)).toEqual([0, 2]);
		expect(pairedOf(withOutput.errors)).toEqual([1, 3]);
		expect(jsonOf(withOutput.errors)).toEqual([
			{
				...items[1],
				error: expect.stringMatching(/item 1: Event Name \(event\) must not contain whitespace/),
				message: expect.any(String),
			},
			{
				...items[3],
				error: expect.stringMatching(/item 3: An identifier is required/),
				message: expect.any(String),
			},
		]);
		expect(
			emulator
				.received('/api/v1/bulkevents')
				.flatMap((c) => c.body.events.map((e: any) => e.email ?? e.customer_id)),
		).toEqual(['a@example.com', 'C-3']);

		emulator.reset();
		const regular = await run(emulator, sendBulk(), items, 'continueRegularOutput');
		expect(pairedOf(regular.success)).toEqual([0, 1, 2, 3]);
		expect(regular.success.map((item) => (item.json.error ? 'error' : item.json.status))).toEqual([
			'accepted',
			'error',
			'accepted',
			'error',
		]);
		expect(regular.success[1].json.details).toMatchObject({ itemIndex: 1, field: 'event' });

		emulator.reset();
		const stop = await run(emulator, sendBulk(), items, 'stopWorkflow');
		expect(stop.error?.message).toMatch(/Invalid input in item 1/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('fails every event of a call Blueshift refuses (400), naming the call, and sends the other calls', async () => {
		emulator.script('/api/v1/bulkevents', [
			{ status: 400, body: { errors: [{ customer_id: "can't be blank" }] } },
		]);
		const items = Array.from({ length: 4 }, (_, n) => ({
			name: 'view',
			email: `u${n}@example.com`,
		}));
		const result = await run(emulator, sendBulk({}, { batchSize: 2 }), items);
		expect(emulator.requests).toHaveLength(2);
		expect(result.errors).toHaveLength(2);
		expect(result.success).toHaveLength(2);
		// with what Blueshift said: the event pages' 400 lists its errors
		for (const item of result.errors)
			expect(item.json.error).toMatch(/\(400.*customer_id: can't be blank/);
		expectEachItemOnce(4, result.success, result.errors);
	});

	it('says a single event is too large when Blueshift answers 413 to a call of one event (nothing to split)', async () => {
		emulator.script('/api/v1/bulkevents', [
			{ status: 413, body: { message: 'You can upload maximum 100 products in one api call' } },
		]);
		const result = await run(
			emulator,
			sendBulk(),
			[{ name: 'view', email: 'a@example.com' }],
			'stopWorkflow',
		);
		expect(emulator.requests).toHaveLength(1);
		expect(result.error?.message).toMatch(/too large \(413/);
		expect(result.error?.description).toMatch(/this one event as too large/);
	});

	it('does not resend a bulk call after a lost answer: no event is stored twice, the items say they may have arrived', async () => {
		emulator.script('/api/v1/bulkevents', [{ passThrough: true, reset: true }]);
		const items = Array.from({ length: 3 }, (_, n) => ({
			name: 'view',
			email: `u${n}@example.com`,
		}));
		const result = await run(emulator, sendBulk(), items);
		expect(emulator.received('/api/v1/bulkevents')).toHaveLength(1);
		expect([...uuidCounts(emulator).values()]).toEqual([1, 1, 1]);
		expect(result.errors).toHaveLength(3);
		for (const item of result.errors)
			expect(item.json.message).toMatch(/Not retried: Blueshift does not deduplicate/);
	});

	it('takes a 2xx whose body is not JSON as accepted, without sending again', async () => {
		emulator.script('/api/v1/bulkevents', [{ status: 200, raw: 'OK' }]);
		const result = await run(emulator, sendBulk(), [{ name: 'view', email: 'u@example.com' }]);
		expect(emulator.received('/api/v1/bulkevents')).toHaveLength(1);
		expect(result.success).toHaveLength(1);
	});
});
