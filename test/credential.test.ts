import { DEFAULT_GROUPS } from './emulator/server';
import { API_KEY, credentialsFor, expectNoSecret, useEmulator } from './support/fixtures';
import { credentialTypes, loadOptions, runWorkflow, testCredential } from './support/harness';

describe('Blueshift API credential', () => {
	const emulator = useEmulator();

	it('tests a good key with GET /api/v1/subscription_groups/index_lite, as Basic auth with an empty password', async () => {
		const result = await testCredential(credentialsFor(emulator));
		expect(result.status).toBe(200);
		const [request] = emulator.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/v1/subscription_groups/index_lite');
		expect(request.user).toEqual({ user: API_KEY, password: '' });
	});

	it('tests the User API key even when an Event API key is set', async () => {
		const result = await testCredential({
			...credentialsFor(emulator),
			eventApiKey: 'event-key-only-for-events',
		});
		expect(result.status).toBe(200);
		expect(emulator.requests[0].user?.user === API_KEY).toBe(true);
	});

	it('has an optional Event API Key password field that says the pages disagree on the key', () => {
		const field = credentialTypes.blueshiftApi.properties.find(
			(p: { name: string }) => p.name === 'eventApiKey',
		);
		expect(field).toMatchObject({ type: 'string', typeOptions: { password: true }, default: '' });
		expect(field.required).toBeFalsy();
		expect(field.description).toMatch(/disagree/);
	});

	it.each([
		['https://api.getblueshift.com/api/v1/event', 'event'],
		['https://api.getblueshift.com/api/v1/bulkevents', 'event'],
		['https://api.getblueshift.com/api/v1/customers', 'user'],
		['https://api.getblueshift.com/api/v1/customers/bulk', 'user'],
	])('authenticates %s with the %s key when both are set', async (url, which) => {
		const options = await credentialTypes.blueshiftApi.authenticate(
			{ apiKey: 'user-key', eventApiKey: 'event-key' },
			{ url, method: 'POST' },
		);
		expect(options.auth).toEqual({
			username: which === 'event' ? 'event-key' : 'user-key',
			password: '',
		});
		expect(options.url).toBe(url);
	});

	it('sends the User API key trimmed, as the Event API key is: a pasted newline does not make it a 401', async () => {
		const options = await credentialTypes.blueshiftApi.authenticate(
			{ apiKey: '  user-key\n', eventApiKey: '' },
			{ url: 'https://api.getblueshift.com/api/v1/customers', method: 'POST' },
		);
		expect(options.auth).toEqual({ username: 'user-key', password: '' });
		const result = await testCredential(credentialsFor(emulator, `${API_KEY}\r\n`));
		expect(result.status).toBe(200);
	});

	it('never lets an authenticated request follow a redirect (the key would go with it), the credential test included', async () => {
		const options = await credentialTypes.blueshiftApi.authenticate(
			{ apiKey: 'user-key' },
			{ url: 'https://api.getblueshift.com/api/v1/subscription_groups/index_lite', method: 'GET' },
		);
		expect(options).toMatchObject({
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});

	it.each([
		['a query', '/?region=us'],
		['an empty query', '?'],
		['a fragment', '#top'],
		['a path with a query', '/proxy?x=1'],
	])(
		'refuses a custom Base URL with %s in the credential and the node, without repeating it',
		async (_name, tail) => {
			const baseUrl = `${emulator.url}${tail}`;
			const credentials = { region: 'custom', baseUrl, apiKey: API_KEY };
			await expect(
				credentialTypes.blueshiftApi.authenticate(credentials, {
					url: '/api/v1/subscription_groups/index_lite',
					method: 'GET',
				}),
			).rejects.toThrow(/Base URL/);
			const result = await runWorkflow({
				credentials,
				parameters: { resource: 'customer', operation: 'upsert', email: 'a@example.com' },
				items: [{ n: 1 }],
				onError: 'stopWorkflow',
			});
			expect(result.error?.message).toMatch(/Base URL must be scheme:\/\/host\[:port\]\[\/path\]/);
			expect(JSON.stringify(result)).not.toContain(tail);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it('refuses a user name or password in the Base URL, naming neither', async () => {
		const baseUrl = emulator.url.replace('://', '://proxy-user:pw-4e3d2c1b@');
		const result = await runWorkflow({
			credentials: { region: 'custom', baseUrl, apiKey: API_KEY },
			parameters: { resource: 'customer', operation: 'upsert', email: 'a@example.com' },
			items: [{ n: 1 }],
			onError: 'stopWorkflow',
		});
		expect(result.error?.message).toMatch(/Base URL must not hold a user name or password/);
		expect(JSON.stringify(result)).not.toContain('pw-4e3d2c1b');
		expect(JSON.stringify(result)).not.toContain('proxy-user');
		expect(emulator.requests).toHaveLength(0);
	});

	it('still takes a Base URL with a port, a path and trailing slashes', async () => {
		const result = await runWorkflow({
			credentials: { region: 'custom', baseUrl: `${emulator.url}/`, apiKey: API_KEY },
			parameters: { resource: 'customer', operation: 'upsert', email: 'a@example.com' },
			items: [{ n: 1 }],
		});
		expect(result.success).toHaveLength(1);
	});

	it('reports a bad key as 401', async () => {
		const result = await testCredential(credentialsFor(emulator, 'wrong-key'));
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ message: 'Not authorized' });
	});

	it.each([
		['us', 'https://api.getblueshift.com/api/v1/subscription_groups/index_lite'],
		['eu', 'https://api.eu.getblueshift.com/api/v1/subscription_groups/index_lite'],
	])('points region %s at Blueshift', async (region, url) => {
		const result = await testCredential({ region, baseUrl: '', apiKey: API_KEY }, false);
		expect(result.url).toBe(url);
	});

	it('strips trailing slashes from a custom base URL', async () => {
		const result = await testCredential({
			...credentialsFor(emulator),
			baseUrl: `${emulator.url}//`,
		});
		expect(result.status).toBe(200);
	});

	it('loads the subscription groups for the picker', async () => {
		// the picker shows the label and stores the subscription_group_id, which upserts take as `id`
		const options = await loadOptions('getSubscriptionGroups', credentialsFor(emulator));
		expect(options.map((o) => o.value).sort()).toEqual(
			(DEFAULT_GROUPS as unknown as Array<{ subscription_group_id: string }>)
				.map((g) => g.subscription_group_id)
				.sort(),
		);
		expect(options.find((o) => o.value === 'weekly_promo')?.name).toBe(
			'Weekly promo (weekly_promo)',
		);
		for (const option of options) expect(option.value).not.toMatch(/^[0-9a-f]{8}-/);
	});

	it('says clearly when the picker cannot load, without the key', async () => {
		const error = await loadOptions(
			'getSubscriptionGroups',
			credentialsFor(emulator, 'wrong-key'),
		).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/did not accept the API key \(401/);
		expectNoSecret(error);
	});

	it.each(['stopWorkflow', 'continueErrorOutput'] as const)(
		'rejects a custom base URL that is not http(s), saying so (%s)',
		async (onError) => {
			const result = await runWorkflow({
				credentials: { region: 'custom', baseUrl: 'ftp://example.com', apiKey: API_KEY },
				parameters: { resource: 'customer', operation: 'upsert', email: 'a@example.com' },
				items: [{ n: 1 }, { n: 2 }],
				onError,
			});
			const expected = /Base URL must start with http:\/\/ or https:\/\//;
			if (onError === 'stopWorkflow') {
				expect(result.error?.message).toMatch(expected);
			} else {
				expect(result.success).toHaveLength(0);
				expect(result.errors.map((item) => item.json.n)).toEqual([1, 2]);
				for (const item of result.errors) expect(item.json.error).toMatch(expected);
			}
			expect(emulator.requests).toHaveLength(0);
		},
	);
});
