import {
	expectEachItemOnce,
	expectNoSecret,
	FAST,
	jsonOf,
	pairedOf,
	run,
	useEmulator,
} from './support/fixtures';

const upsert = (fields: Record<string, unknown> = {}, options: Record<string, unknown> = FAST) => ({
	operation: 'upsert',
	dataMode: 'defineBelow',
	email: '={{ $json.email }}',
	customerId: '={{ $json.id }}',
	options,
	...fields,
});

describe('Upsert Customer', () => {
	const emulator = useEmulator();

	it('maps every UI field to the documented body and returns the customer Blueshift answers', async () => {
		const result = await run(
			emulator,
			upsert({
				additionalFields: {
					firstname: '={{ $json.first }}',
					lastname: 'Doel',
					phoneNumber: '+919742888933',
					gender: 'male',
					joinedAt: '2011-10-11T19:58:17Z',
				},
				subscriptionGroups: {
					groups: [
						{ id: 'sg-newsletter', subscribed: true },
						{ id: '={{ $json.promo }}', subscribed: false },
					],
				},
				customAttributes: {
					attributes: [
						{ name: 'loyalty_tier', value: '={{ $json.tier }}' },
						{ name: 'empty_one', value: '' },
					],
				},
			}),
			[
				{
					email: 'mike@example.com',
					id: 38759877,
					first: 'Mike',
					promo: 'sg-weekly-promo',
					tier: 'gold',
				},
			],
		);
		expect(result.errors).toHaveLength(0);
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0].path).toBe('/api/v1/customers');
		expect(emulator.requests[0].body).toEqual({
			email: 'mike@example.com',
			customer_id: '38759877',
			firstname: 'Mike',
			lastname: 'Doel',
			phone_number: '+919742888933',
			gender: 'male',
			joined_at: '2011-10-11T19:58:17Z',
			subscription_groups: [
				{ id: 'sg-newsletter', subscribed: true },
				{ id: 'sg-weekly-promo', subscribed: false },
			],
			loyalty_tier: 'gold',
		});
		expect(result.success).toHaveLength(1);
		expect(result.success[0].json).toMatchObject({
			email: 'mike@example.com',
			customer_id: '38759877',
			uuid: expect.any(String),
			email_domain: 'example.com',
		});
		expect(pairedOf(result.success)).toEqual([0]);
	});

	it('leaves empty optional fields out instead of sending ""', async () => {
		await run(
			emulator,
			upsert({ additionalFields: { firstname: '', lastname: '  ', gender: '' } }),
			[{ email: 'a@example.com', id: '' }],
		);
		expect(emulator.requests[0].body).toEqual({ email: 'a@example.com' });
	});

	it('sends the input item as the record with Auto-Map Input Data', async () => {
		const record = {
			email: 'auto@example.com',
			customer_id: 'C-1',
			firstname: 'Ann',
			phone_number: '+14155550123',
			subscription_groups: [{ id: 'sg-newsletter', subscribed: true }],
			plan: 'pro',
			score: 42,
			vip: true,
		};
		const result = await run(
			emulator,
			{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
			[record],
		);
		expect(result.errors).toHaveLength(0);
		expect(emulator.requests[0].body).toEqual(record);
	});

	it('sends a customer_id read as a number as text, as every page types it (other numbers stay numbers)', async () => {
		const result = await run(
			emulator,
			{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
			[{ customer_id: 12345, score: 42 }],
		);
		expect(result.errors).toHaveLength(0);
		expect(emulator.requests[0].body).toEqual({ customer_id: '12345', score: 42 });
	});

	describe('validation, before anything is sent', () => {
		const long = `${'a'.repeat(53)}@example.com`; // 65 characters
		const fromItem = upsert({
			additionalFields: { phoneNumber: '={{ $json.phone }}', joinedAt: '={{ $json.joined }}' },
		});
		it.each([
			['no identifier', { email: '', id: '' }, 'email', /Email or Customer ID is required/],
			[
				'an email over 64 characters',
				{ email: long },
				'email',
				/Email \(email\) must be at most 64 characters/,
			],
			['an email without @', { email: 'not-an-email' }, 'email', /must be an email address/],
			[
				'a phone without +',
				{ email: 'a@example.com', phone: '919742888933' },
				'phone_number',
				/Phone Number \(phone_number\) must be in E\.164/,
			],
			[
				'a phone with a leading 0',
				{ email: 'a@example.com', phone: '+0919742888' },
				'phone_number',
				/E\.164/,
			],
			[
				'a phone of 5 characters',
				{ email: 'a@example.com', phone: '+1234' },
				'phone_number',
				/6 to 14 characters/,
			],
			[
				'a phone of 15 characters',
				{ email: 'a@example.com', phone: '+12345678901234' },
				'phone_number',
				/6 to 14 characters/,
			],
			[
				'a joined_at that is no date',
				{ email: 'a@example.com', joined: 'yesterday-ish' },
				'joined_at',
				/Joined At \(joined_at\) must be an ISO 8601 date/,
			],
			[
				'a joined_at that JavaScript would read as a year',
				{ email: 'a@example.com', joined: '1' },
				'joined_at',
				/must be an ISO 8601 date/,
			],
			[
				'a joined_at that is no calendar date',
				{ email: 'a@example.com', joined: '2024-13-01' },
				'joined_at',
				/must be an ISO 8601 date/,
			],
		])('rejects %s, naming the item, the field and the rule', async (_name, input, field, rule) => {
			const result = await run(
				emulator,
				fromItem,
				[{ email: 'ok@example.com' }, input],
				'continueRegularOutput',
			);
			expect(result.success).toHaveLength(2);
			const bad = result.success[1];
			expect(bad.pairedItem).toEqual({ item: 1 });
			expect(bad.json.error).toMatch(/^Invalid input in item 1: /);
			expect(bad.json.error).toMatch(rule);
			expect(bad.json.details).toMatchObject({ itemIndex: 1, field });
			expect(emulator.requests).toHaveLength(1);
			expect(emulator.requests[0].body).toEqual({ email: 'ok@example.com' });
		});

		it.each([
			['+12345', true],
			['+1234567890123', true],
			['+123456789012345', false],
		])('takes phone %s as valid: %s', async (phone, valid) => {
			const result = await run(emulator, upsert({ additionalFields: { phoneNumber: phone } }), [
				{ email: 'a@example.com' },
			]);
			expect(result.success).toHaveLength(valid ? 1 : 0);
		});

		it('takes a customer_id of 128 characters and refuses 129 (the pages say 128, one version 64)', async () => {
			const result = await run(
				emulator,
				upsert(),
				[{ id: 'c'.repeat(128) }, { id: 'c'.repeat(129) }],
				'continueRegularOutput',
			);
			expect(result.success[0].json.error).toBeUndefined();
			expect(result.success[1].json.error).toMatch(
				/Customer ID \(customer_id\) must be at most 128 characters/,
			);
			expect(emulator.requests).toHaveLength(1);
		});

		it('takes an email of exactly 64 characters', async () => {
			const email = `${'a'.repeat(52)}@example.com`;
			expect(email).toHaveLength(64);
			const result = await run(emulator, upsert(), [{ email }]);
			expect(result.success).toHaveLength(1);
		});

		it('rejects a subscription group without an id', async () => {
			const result = await run(
				emulator,
				upsert({ subscriptionGroups: { groups: [{ id: '', subscribed: true }] } }),
				[{ email: 'a@example.com' }],
			);
			expect(result.errors[0].json.error).toMatch(
				/subscription_groups\[0\]\.id\) must not be empty/,
			);
			expect(emulator.requests).toHaveLength(0);
		});

		it('rejects subscribed that is not a boolean', async () => {
			const result = await run(
				emulator,
				upsert({
					subscriptionGroups: { groups: [{ id: 'sg-newsletter', subscribed: '={{ "yes" }}' }] },
				}),
				[{ email: 'a@example.com' }],
			);
			expect(result.errors[0].json.error).toMatch(
				/subscription_groups\[0\]\.subscribed\) must be true or false/,
			);
		});

		it('rejects malformed subscription groups in auto-mapped input', async () => {
			const result = await run(
				emulator,
				{ operation: 'upsert', dataMode: 'autoMapInputData', options: FAST },
				[
					{ email: 'a@example.com', subscription_groups: [{ id: 'x', subscribed: 'true' }] },
					{ email: 'b@example.com', subscription_groups: 'newsletter' },
					{
						email: 'c@example.com',
						subscription_groups: [{ id: 'x', subscribed: true, extra: 1 }],
					},
				],
			);
			expect(jsonOf(result.errors).map((j) => j.error)).toEqual([
				expect.stringMatching(
					/item 0: .*subscription_groups\[0\]\.subscribed\) must be true or false/,
				),
				expect.stringMatching(/Subscription Groups \(subscription_groups\) must be a list/),
				expect.stringMatching(
					/item 2: .*subscription_groups\[0\]\) may only hold id and subscribed/,
				),
			]);
		});

		it('rejects a custom attribute named like a standard field, or with no name', async () => {
			const result = await run(
				emulator,
				upsert({
					customAttributes: { attributes: [{ name: '={{ $json.attr }}', value: 'x' }] },
				}),
				[
					{ email: 'a@example.com', attr: 'email' },
					{ email: 'b@example.com', attr: '' },
					{ email: 'c@example.com', attr: 'fine' },
				],
			);
			expect(jsonOf(result.errors).map((j) => j.error)).toEqual([
				expect.stringMatching(/item 0: Custom attribute "email" collides with the standard field/),
				expect.stringMatching(/item 1: Custom attribute 1 has a value but no name/),
			]);
			expect(emulator.requests.map((r) => r.body)).toEqual([{ email: 'c@example.com', fine: 'x' }]);
		});

		it('takes custom attributes named like Object.prototype members (toString, hasOwnProperty)', async () => {
			const result = await run(
				emulator,
				upsert({
					customAttributes: {
						attributes: [
							{ name: 'toString', value: 't' },
							{ name: 'hasOwnProperty', value: 'h' },
							{ name: '__proto__x', value: 'p' },
						],
					},
				}),
				[{ email: 'a@example.com' }],
			);
			expect(result.errors).toHaveLength(0);
			expect(emulator.requests[0].body).toEqual({
				email: 'a@example.com',
				toString: 't',
				hasOwnProperty: 'h',
				__proto__x: 'p',
			});
		});

		it.each(['constructor', '__proto__', 'prototype'])(
			'refuses a custom attribute named %s with the reason (n8n would drop it silently), not as "given twice"',
			async (name) => {
				const result = await run(
					emulator,
					upsert({ customAttributes: { attributes: [{ name, value: 'x' }] } }),
					[{ email: 'a@example.com' }],
				);
				expect(result.errors[0].json.error).toMatch(
					new RegExp(`Custom attribute name "${name}" cannot be sent: n8n drops the names`),
				);
				expect(emulator.requests).toHaveLength(0);
			},
		);

		it('refuses the same custom attribute name twice', async () => {
			const result = await run(
				emulator,
				upsert({
					customAttributes: {
						attributes: [
							{ name: 'tier', value: 'a' },
							{ name: 'tier', value: 'b' },
						],
					},
				}),
				[{ email: 'a@example.com' }],
			);
			expect(result.errors[0].json.error).toMatch(/Custom attribute "tier" is given twice/);
			expect(emulator.requests).toHaveLength(0);
		});

		it('reports an expression that fails as bad input for that item only', async () => {
			const result = await run(emulator, upsert({ email: '={{ $json.email.nope() }}' }), [
				{ email: 'a@example.com' },
			]);
			// n8n either throws the expression's error or resolves it to nothing; both end here
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(/^Invalid input in item 0: /);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	describe('answers from Blueshift', () => {
		it('routes a 400 to the error output with the API field errors, without retrying', async () => {
			emulator.reject('b@example.com', { email: ['is invalid'] });
			const result = await run(emulator, upsert(), [
				{ email: 'a@example.com' },
				{ email: 'b@example.com' },
			]);
			expect(emulator.requests).toHaveLength(2);
			expect(result.success).toHaveLength(1);
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json).toEqual({
				email: 'b@example.com',
				error: 'Blueshift rejected the request (400: email: is invalid)',
				message: expect.any(String),
			});
			const regular = await run(
				emulator,
				upsert(),
				[{ email: 'b@example.com' }],
				'continueRegularOutput',
			);
			expect(regular.success[0].json.details).toMatchObject({
				httpCode: 400,
				apiErrors: { email: ['is invalid'] },
				attempts: 1,
			});
		});

		it('retries 429 and 503 with backoff, then succeeds', async () => {
			emulator.script('/api/v1/customers', [{ status: 429 }, { status: 503 }]);
			const result = await run(emulator, upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.status)).toEqual([429, 503, 200]);
		});

		it.each([404, 409, 502, 504])('retries %i as the reference page says', async (status) => {
			emulator.script('/api/v1/customers', [{ status }]);
			const result = await run(emulator, upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.status)).toEqual([status, 200]);
		});

		it.each([400, 401, 403, 413, 422, 500])('does not retry %i', async (status) => {
			emulator.script('/api/v1/customers', [{ status }]);
			const result = await run(
				emulator,
				upsert(),
				[{ email: 'a@example.com' }],
				'continueRegularOutput',
			);
			expect(result.success[0].json.error).toBeDefined();
			expect(emulator.requests).toHaveLength(1);
			expect(result.success[0].json.details).toMatchObject({ httpCode: status, attempts: 1 });
		});

		it('stops retrying at Max Retries and says how often it tried', async () => {
			emulator.script(
				'/api/v1/customers',
				Array.from({ length: 5 }, () => ({ status: 503 })),
			);
			const result = await run(emulator, upsert({}, { retryDelay: 1, maxRetries: 2 }), [
				{ email: 'a@example.com' },
			]);
			expect(emulator.requests).toHaveLength(3);
			expect(result.errors[0].json.error).toMatch(/\(503: .*\) \(after 3 attempts\)/);
		});

		it('retries a connection reset and a timeout, then succeeds', async () => {
			emulator.script('/api/v1/customers', [{ reset: true }, { status: 200, delayMs: 3000 }]);
			const result = await run(emulator, upsert({}, { ...FAST, timeout: 1000 }), [
				{ email: 'a@example.com' },
			]);
			expect(result.success).toHaveLength(1);
			expect(emulator.requests).toHaveLength(3);
		});

		it('does not call a customer saved when a 200 answer holds no customer, and says what came back', async () => {
			emulator.script('/api/v1/customers', [{ status: 200, body: { status: 'queued' } }]);
			const result = await run(emulator, upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(0);
			expect(result.errors[0].json.error).toBe(
				'Blueshift answered without the customer record (it said: {"status":"queued"})',
			);
		});

		it('retries a 200 whose body is not JSON', async () => {
			emulator.script('/api/v1/customers', [{ status: 200, raw: '{"customer": {' }]);
			const result = await run(emulator, upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(1);
			expect(emulator.requests).toHaveLength(2);
		});

		it('explains a 401 clearly and never shows the key', async () => {
			const result = await run(
				emulator,
				upsert(),
				[{ email: 'a@example.com' }],
				'continueErrorOutput',
				'not-the-key-123',
			);
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json.error).toBe(
				'Blueshift did not accept the API key (401: Not authorized)',
			);
			expect(result.errors[0].json.message).toMatch(/Check the User API key/);
			expect(JSON.stringify(result)).not.toContain('not-the-key-123');
			expect(JSON.stringify(result)).not.toContain(
				Buffer.from('not-the-key-123:').toString('base64'),
			);
		});

		it('keeps the key out of every output and error, whatever fails', async () => {
			emulator.script('/api/v1/customers', [
				{ status: 403 },
				{ status: 500 },
				{
					status: 400,
					body: {
						message: `echoing Basic ${Buffer.from('test-key-5f3a9c1e:').toString('base64')}`,
					},
				},
			]);
			const ok = await run(emulator, upsert({}, { retryDelay: 1, maxRetries: 0 }), [
				{ email: 'a@example.com' },
				{ email: 'b@example.com' },
				{ email: 'c@example.com' },
				{ email: 'bad' },
			]);
			expect(ok.errors).toHaveLength(4);
			expectNoSecret(ok);
			emulator.script('/api/v1/customers', [{ status: 403 }]);
			const stopped = await run(emulator, upsert(), [{ email: 'a@example.com' }], 'stopWorkflow');
			expect(stopped.error).toBeDefined();
			expectNoSecret(stopped);
		});
	});

	describe('On Error settings', () => {
		const items = [{ email: 'a@example.com' }, { email: 'bad' }, { email: 'c@example.com' }];

		it('Continue (using error output): good items on main, bad on the error output merged with their input', async () => {
			const result = await run(emulator, upsert(), items);
			expect(pairedOf(result.success)).toEqual([0, 2]);
			expect(pairedOf(result.errors)).toEqual([1]);
			expect(result.errors[0].json).toMatchObject({
				email: 'bad',
				error: expect.any(String),
				message: expect.any(String),
			});
			expectEachItemOnce(3, result.success, result.errors);
			// a following node receives them and keeps the pairing
			expect(pairedOf(result.afterErrors)).toEqual([0]);
			expect(result.afterErrors[0].json.email).toBe('bad');
		});

		it('Continue: every item stays on the main output in input order, failures as { error, message, details }', async () => {
			const result = await run(emulator, upsert(), items, 'continueRegularOutput');
			expect(pairedOf(result.success)).toEqual([0, 1, 2]);
			expect(Object.keys(result.success[1].json).sort()).toEqual(['details', 'error', 'message']);
			expect(result.success[0].json.email).toBe('a@example.com');
		});

		it('Stop Workflow: bad input stops the run before anything is sent, naming the item', async () => {
			const result = await run(emulator, upsert(), items, 'stopWorkflow');
			expect(result.error?.message).toMatch(/Invalid input in item 1: Email \(email\)/);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.context?.itemIndex).toBe(1);
			expect(emulator.requests).toHaveLength(0);
		});

		it('Stop Workflow: an API failure stops the run with a NodeApiError', async () => {
			emulator.script('/api/v1/customers', [
				{ status: 400, body: { errors: { email: ['is invalid'] } } },
			]);
			const result = await run(emulator, upsert(), [{ email: 'a@example.com' }], 'stopWorkflow');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toMatch(
				/Blueshift rejected the request \(400: email: is invalid\)/,
			);
			expect(result.error?.httpCode).toBe('400');
		});
	});

	it('sends 120 items at the default pace: each answered once, paired, stored once', async () => {
		const items = Array.from({ length: 120 }, (_, i) => ({ email: `user${i}@example.com` }));
		const result = await run(emulator, upsert(), items);
		expect(result.errors).toHaveLength(0);
		expect(pairedOf(result.success)).toEqual(items.map((_, i) => i));
		expect(jsonOf(result.success).map((j) => j.email)).toEqual(items.map((i) => i.email));
		expect(emulator.stored.map((r) => r.email).sort()).toEqual(items.map((i) => i.email).sort());
	});
});
