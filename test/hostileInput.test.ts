import { CAMPAIGNS } from './emulator/routes/campaigns';
import { credentialsFor, FAST, jsonOf, pairedOf, run, useEmulator } from './support/fixtures';
import { loadOptions } from './support/harness';

/**
 * Crafted input rows and oddly shaped 2xx answers, through n8n's engine over real HTTP: keys that
 * name an object's prototype, dates that do not exist, a 10 MB email, numbers where Blueshift's
 * OpenAPI types text, and 2xx bodies that are not the endpoint's answer.
 */
const emulator = useEmulator({ limits: false });

/** JSON.parse makes `__proto__` an own key, as any JSON an n8n node reads does. */
const parsed = (json: string) => JSON.parse(json) as Record<string, unknown>;

const autoMap = {
	upsert: {
		resource: 'customer',
		operation: 'upsert',
		dataMode: 'autoMapInputData',
		options: FAST,
	},
	bulkUpsert: {
		resource: 'customer',
		operation: 'bulkUpsert',
		dataMode: 'autoMapInputData',
		options: FAST,
	},
	send: {
		resource: 'event',
		operation: 'send',
		dataMode: 'autoMapInputData',
		eventName: 'view',
		options: FAST,
	},
	sendBulk: {
		resource: 'event',
		operation: 'sendBulk',
		dataMode: 'autoMapInputData',
		eventName: 'view',
		options: FAST,
	},
} as const;
const OPERATIONS = Object.keys(autoMap) as Array<keyof typeof autoMap>;
const keyRule = (where: string, path: string) =>
	`${where} holds the key ${path}, which cannot be sent: keys named __proto__, constructor or prototype are refused at any depth`;

describe('keys named __proto__, constructor or prototype in auto-mapped input', () => {
	const hostile: Array<[string, string, string]> = [
		['an own __proto__ holding an email', '{"__proto__": {"email": "x@example.com"}}', '__proto__'],
		[
			'constructor one level down',
			'{"email": "a@example.com", "car": {"constructor": "Ferrari"}}',
			'car.constructor',
		],
		[
			'prototype inside a list',
			'{"email": "a@example.com", "rows": [{"n": 1}, {"n": {"prototype": true}}]}',
			'rows[1].n.prototype',
		],
		['constructor at the top', '{"email": "a@example.com", "constructor": "x"}', 'constructor'],
	];

	describe.each(OPERATIONS)('%s', (operation) => {
		it.each(hostile)(
			'refuses %s with the reason and sends the other items',
			async (_name, json, path) => {
				const good = { email: 'good@example.com' };
				const result = await run(emulator, autoMap[operation], [good, parsed(json)]);
				expect(pairedOf(result.errors)).toEqual([1]);
				expect(result.errors[0].json.error).toBe(
					`Invalid input in item 1: ${keyRule('The input item', path)} (n8n drops them on the way to Blueshift, and __proto__ would be read as the object's prototype); rename it`,
				);
				expect(pairedOf(result.success)).toEqual([0]);
				const sent = emulator.requests.flatMap(
					(r) => r.body.customers ?? r.body.events ?? [r.body],
				);
				expect(sent).toEqual([expect.objectContaining(good)]);
			},
		);

		it('with Stop Workflow, nothing is sent', async () => {
			const items = [
				{ email: 'a@example.com' },
				parsed('{"email": "b@example.com", "x": {"y": {"__proto__": {}}}}'),
			];
			const result = await run(emulator, autoMap[operation], items, 'stopWorkflow');
			expect(result.error?.message).toBe(
				`Invalid input in item 1: ${keyRule('The input item', 'x.y.__proto__')} (n8n drops them on the way to Blueshift, and __proto__ would be read as the object's prototype); rename it`,
			);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	it('single and bulk calls refuse the same item with the same words', async () => {
		const item = parsed(
			'{"email": "a@example.com", "car": {"prototype": 1, "model": {"constructor": 2}}}',
		);
		const single = await run(emulator, autoMap.upsert, [item]);
		const bulk = await run(emulator, autoMap.bulkUpsert, [item]);
		expect(single.errors[0].json.error).toMatch(/holds the key car\.prototype/);
		expect(bulk.errors[0].json.error).toBe(single.errors[0].json.error);
		expect(emulator.requests).toHaveLength(0);
	});

	it('keys that merely resemble them are sent as they are', async () => {
		const item = { email: 'a@example.com', car: { Constructor: 'x', proto: 1, prototypes: [1] } };
		const result = await run(emulator, autoMap.bulkUpsert, [item]);
		expect(result.errors).toHaveLength(0);
		expect(emulator.requests[0].body.customers).toEqual([item]);
	});
});

describe('keys named so in a field mapped from the input', () => {
	const data = '{"email": "a@example.com", "data": {"order": {"constructor": "x", "id": 7}}}';
	it.each([
		[
			'a custom attribute',
			{
				resource: 'customer',
				operation: 'upsert',
				email: '={{ $json.email }}',
				customAttributes: { attributes: [{ name: 'data', value: '={{ $json.data }}' }] },
			},
			'customAttributes.attributes[0].value',
		],
		[
			'an event attribute',
			{
				resource: 'event',
				operation: 'send',
				eventName: 'view',
				email: '={{ $json.email }}',
				attributes: { attributes: [{ name: 'data', value: '={{ $json.data }}' }] },
			},
			'attributes.attributes[0].value',
		],
		[
			'a campaign attribute',
			{
				resource: 'campaign',
				operation: 'trigger',
				campaignUuid: CAMPAIGNS.orderShipped,
				email: '={{ $json.email }}',
				attributes: { attributes: [{ name: 'data', value: '={{ $json.data }}' }] },
			},
			'attributes.attributes[0].value',
		],
	])('refuses %s instead of n8n dropping the key silently', async (_name, parameters, field) => {
		const result = await run(emulator, { ...parameters, options: FAST }, [parsed(data)]);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].json.error).toMatch(
			`Invalid input in item 0: ${keyRule(`The field ${field}`, 'order.constructor')}`,
		);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('dates that are not in the calendar', () => {
	const upsert = {
		resource: 'customer',
		operation: 'upsert',
		email: 'a@example.com',
		additionalFields: { joinedAt: '={{ $json.at }}' },
		options: FAST,
	};
	it.each([
		'2024-02-31',
		'2023-02-29',
		'2024-04-31T10:00:00Z',
		'2024-13-01',
		'2024-00-10',
		'2024-01-01T24:00:00Z',
		'2024-01-01T10:60:00Z',
		'2024-01-01T10:00:00+15:00',
	])('refuses %s', async (at) => {
		const result = await run(emulator, upsert, [{ at }]);
		expect(result.errors[0]?.json.error).toBe(
			'Invalid input in item 0: Joined At (joined_at) must be an ISO 8601 date, e.g. 2024-01-31T10:00:00Z',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('takes 29 February of a leap year, and the same rule holds for auto-mapped input', async () => {
		const ok = await run(emulator, upsert, [
			{ at: '2024-02-29T23:59:59.999+14:00' },
			{ at: '2000-02-29' },
		]);
		expect(ok.errors).toHaveLength(0);
		const auto = await run(emulator, autoMap.bulkUpsert, [
			{ email: 'a@example.com', joined_at: '2100-02-29' },
		]);
		expect(auto.errors[0].json.error).toMatch(/joined_at\) must be an ISO 8601 date/);
	});
});

describe('a 10 MB crafted email', () => {
	// dots repeated: the email pattern's backtracking over them exhausted the stack before
	const email = `a@b${'.c'.repeat(5_000_000)}`;
	const shipped = CAMPAIGNS.orderShipped;
	it.each([
		['Create or Update', autoMap.upsert, 64],
		['Bulk Create or Update', autoMap.bulkUpsert, 64],
		['Send Event', autoMap.send, 64],
		['Send Bulk Events', autoMap.sendBulk, 64],
		[
			'Start Tracking',
			{
				resource: 'customer',
				operation: 'startTracking',
				email: '={{ $json.email }}',
				options: FAST,
			},
			256,
		],
		[
			'Search',
			{ resource: 'customer', operation: 'search', email: '={{ $json.email }}', options: FAST },
			256,
		],
		[
			'Delete',
			{ resource: 'customer', operation: 'delete', email: '={{ $json.email }}', options: FAST },
			256,
		],
		[
			'Trigger',
			{
				resource: 'campaign',
				operation: 'trigger',
				campaignUuid: shipped,
				email: '={{ $json.email }}',
				options: FAST,
			},
			256,
		],
	])('%s: fails with the length rule', async (_name, parameters, max) => {
		const result = await run(emulator, parameters, [{ email }], 'stopWorkflow');
		expect(result.error?.message).toBe(
			`Invalid input in item 0: Email (email) must be at most ${max} characters`,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('Add Customer to a list: fails with the length rule', async () => {
		const parameters = {
			resource: 'customList',
			operation: 'addCustomer',
			listId: '52817',
			identifierKey: 'email',
			identifierValue: '={{ $json.email }}',
			options: FAST,
		};
		const result = await run(emulator, parameters, [{ email }], 'stopWorkflow');
		expect(result.error?.message).toMatch(/must be at most 256 characters$/);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe("event fields Blueshift's OpenAPI types as text", () => {
	const numbers = {
		latitude: 48.85,
		longitude: -2.35,
		ip: 3232235777,
		device_type: 2,
		device_token: 4924492449,
		network_carrier: 310,
		device_idfa: 1,
		device_idfv: 2,
		device_manufacturer: 3,
		os_name: 17,
	};
	const asText = Object.fromEntries(
		Object.entries(numbers).map(([key, value]) => [key, String(value)]),
	);

	it.each(['send', 'sendBulk'] as const)(
		'%s: numbers in auto-mapped input go out as text',
		async (operation) => {
			const result = await run(emulator, autoMap[operation], [
				{ email: 'a@example.com', ...numbers, device_tokens: 77, revenue: 12.5 },
			]);
			expect(result.errors).toHaveLength(0);
			const [sent] = emulator.requests.flatMap((r) => r.body.events ?? [r.body]);
			expect(sent).toMatchObject({ ...asText, device_tokens: '77', revenue: 12.5 });
		},
	);

	it('an object or a true/false there is refused before anything is sent', async () => {
		const result = await run(emulator, autoMap.send, [
			{ email: 'a@example.com', latitude: { deg: 48 } },
			{ email: 'b@example.com', device_type: true },
		]);
		expect(jsonOf(result.errors).map((e) => e.error)).toEqual([
			'Invalid input in item 0: latitude must be text or a number',
			'Invalid input in item 1: device_type must be text or a number',
		]);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe("2xx answers that are not the endpoint's answer", () => {
	const customers = (n: number) =>
		Array.from({ length: n }, (_, k) => ({ email: `c${k}@example.com` }));

	it.each([
		[
			'{"status": "error"}',
			{ status: 'error' },
			/reports a failure \(it said: \{"status":"error"\}\)/,
		],
		[
			'an object without customers or errors',
			{ result: 'done' },
			/is not the documented \{ customers, errors \} \(it said: \{"result":"done"\}\)/,
		],
		[
			'success: false',
			{ success: false, error: 'Validation failed', customers: [], errors: [] },
			/reports a failure/,
		],
	])('Bulk Create or Update answered %s: no record is called saved', async (_name, body, said) => {
		emulator.script('/api/v1/customers/bulk', [{ status: 200, body }]);
		const result = await run(emulator, autoMap.bulkUpsert, customers(3));
		expect(result.success).toHaveLength(0);
		expect(pairedOf(result.errors)).toEqual([0, 1, 2]);
		for (const error of jsonOf(result.errors)) {
			expect(error.error).toMatch(said);
			expect(error.error).toMatch(/so no record of the call can be shown to be saved$/);
		}
	});

	it('Bulk Create or Update: the documented answers still read as saved', async () => {
		emulator.script('/api/v1/customers/bulk', [
			{ status: 200, body: { customers: [], errors: [] } },
			{ status: 200, body: { errors: null } },
		]);
		const result = await run(
			emulator,
			{ ...autoMap.bulkUpsert, options: { ...FAST, batchSize: 2 } },
			customers(4),
		);
		expect(result.errors).toHaveLength(0);
	});

	const one = [{ email: 'a@example.com', list: '52817', name: 'view' }];
	const lifecycle = (operation: string) => ({
		resource: 'customer',
		operation,
		email: '={{ $json.email }}',
		options: FAST,
	});
	const listOp = (operation: string) => ({
		resource: 'customList',
		operation,
		listId: '={{ $json.list }}',
		identifierKey: 'email',
		identifierValue: '={{ $json.email }}',
		options: FAST,
	});
	it.each([
		[
			'Start Tracking',
			'/api/v1/customers/unforget',
			lifecycle('startTracking'),
			{ status: 'error' },
		],
		[
			'Stop Tracking',
			'/api/v1/customers/forget',
			lifecycle('stopTracking'),
			{ success: false, error: 'Validation failed' },
		],
		['Delete', '/api/v1/customers/delete', lifecycle('delete'), { status: 'failed' }],
		['Search', '/api/v1/customers', lifecycle('search'), { error: 'Internal error' }],
		['Search (no users, no user)', '/api/v1/customers', lifecycle('search'), { result: [] }],
		['Add Customer', '/add_user_to_list/52817', listOp('addCustomer'), { status: 'error' }],
		[
			'Add Many Customers',
			'/bulk_add_users_to_list/52817',
			listOp('addCustomers'),
			{ result: 'done' },
		],
		[
			'Add Many Customers (error)',
			'/bulk_add_users_to_list/52817',
			listOp('addCustomers'),
			{ error: 'list locked' },
		],
		['Send Event', '/api/v1/event', { ...autoMap.send }, { success: false, error: 'Bad request' }],
		[
			'Send Bulk Events',
			'/api/v1/bulkevents',
			{ ...autoMap.sendBulk },
			{ errors: ['events is invalid'] },
		],
	])(
		'%s answered 200 with a body that is not its answer: the item fails, saying what came back',
		async (_name, path, parameters, body) => {
			emulator.script(path, [{ status: 200, body }]);
			const result = await run(emulator, parameters, one);
			expect(result.success).toHaveLength(0);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json.error).toContain(JSON.stringify(body));
		},
	);

	it.each([
		['Start Tracking', '/api/v1/customers/unforget', lifecycle('startTracking'), { status: 'OK' }],
		['Stop Tracking', '/api/v1/customers/forget', lifecycle('stopTracking'), { status: 'queued' }],
		['Search', '/api/v1/customers', lifecycle('search'), {}],
		[
			'Add Many Customers',
			'/bulk_add_users_to_list/52817',
			listOp('addCustomers'),
			{ status: 'ok' },
		],
		['Send Event', '/api/v1/event', { ...autoMap.send }, { status: 'OK' }],
	])('%s still takes a documented or tolerated body', async (_name, path, parameters, body) => {
		emulator.script(path, [{ status: 200, body }]);
		const result = await run(emulator, parameters, one);
		expect(result.errors).toHaveLength(0);
	});

	it('the subscription group picker says what came back instead of showing no groups', async () => {
		emulator.script('/index_lite', [{ status: 200, body: { message: 'feature disabled' } }]);
		await expect(loadOptions('getSubscriptionGroups', credentialsFor(emulator))).rejects.toThrow(
			'Blueshift answered without a list of subscription groups (it said: {"message":"feature disabled"})',
		);
	});
});
