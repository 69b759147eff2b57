import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FAST, run, useEmulator } from './support/fixtures';

/**
 * Property-based: arbitrary input through both data modes. The node never fails as a whole; every
 * item ends exactly once, paired to itself; a bad item's error names the item and a field; what is
 * sent is exactly the input minus empty values (auto-map) or the mapped fields (define below).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);

const anyValue = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 80 }),
	fc.string({ minLength: 60, maxLength: 5000 }),
	fc.integer(),
	fc.double({ noNaN: false }),
	fc.boolean(),
	fc.constant(null),
	fc.constant(''),
	fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
	fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);
const validEmail = fc
	.tuple(
		fc.stringMatching(/^[a-z0-9._-]{1,20}$/),
		fc.stringMatching(/^[a-z0-9-]{1,15}$/),
		fc.constantFrom('com', 'io', 'de'),
	)
	.map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const phone = fc.oneof(fc.stringMatching(/^\+[1-9]\d{4,12}$/), anyValue);
const group = fc.oneof(
	fc.record({ id: fc.constantFrom('sg-newsletter', 'sg-weekly-promo'), subscribed: fc.boolean() }),
	fc.record({ id: anyValue, subscribed: anyValue }),
);
const record = fc.record(
	{
		email: fc.oneof(validEmail, validEmail, anyValue),
		customer_id: fc.oneof(fc.stringMatching(/^[A-Z]-\d{1,6}$/), anyValue),
		firstname: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), anyValue),
		phone_number: phone,
		joined_at: fc.oneof(
			fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
			anyValue,
		),
		subscription_groups: fc.oneof(fc.array(group, { maxLength: 3 }), anyValue),
		loyalty_tier: anyValue,
		'custom attr ü': anyValue,
	},
	{ requiredKeys: [] },
);

/**
 * The documented promises about empty values and identifiers, checked key by key against the input
 * (not a second copy of the node's filter): a key whose value is null or blank text is not sent; a
 * customer_id given as a number is sent as its text; every other key is sent with exactly its value.
 */
function expectSentAsGiven(input: IDataObject, sent: IDataObject) {
	const asJson = JSON.parse(JSON.stringify(input)) as IDataObject;
	for (const [key, value] of Object.entries(asJson)) {
		if (value === null || (typeof value === 'string' && value.trim() === ''))
			expect(sent).not.toHaveProperty([key]);
		else if (key === 'customer_id' && typeof value === 'number') expect(sent[key]).toBe(`${value}`);
		else expect(sent[key]).toEqual(value);
	}
	for (const key of Object.keys(sent)) expect(asJson).toHaveProperty([key]);
}

function checkRouting(count: number, success: INodeExecutionData[], errors: INodeExecutionData[]) {
	const paired = [...success, ...errors].map((item) => (item.pairedItem as { item: number }).item);
	expect(paired.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
	for (const item of errors) {
		const index = (item.pairedItem as { item: number }).item;
		// the error output holds exactly { error, message } merged into the input item
		expect(item.json.error).toMatch(new RegExp(`^Invalid input in item ${index}: \\S`));
		expect(typeof item.json.message).toBe('string');
		expect(item.json).not.toHaveProperty('details');
	}
}

describe('arbitrary input', () => {
	const emulator = useEmulator({ limits: false });
	const options = { ...FAST, bulkCallsPerSecond: 1000 };

	it('auto-mapped records: routed exactly once, valid ones sent exactly as given', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 20 }), async (records) => {
				emulator.reset();
				const items = records as IDataObject[];
				const result = await run(
					emulator,
					{ operation: 'bulkUpsert', dataMode: 'autoMapInputData', options },
					items,
				);
				expect(result.error).toBeUndefined();
				checkRouting(items.length, result.success, result.errors);
				const sent = emulator.received('/api/v1/customers/bulk').flatMap((r) => r.body.customers);
				expect(sent).toHaveLength(result.success.length);
				result.success.forEach((item, k) =>
					expectSentAsGiven(items[(item.pairedItem as { item: number }).item], sent[k]),
				);
				for (const body of sent) {
					if (typeof body.email === 'string') expect(body.email.length).toBeLessThanOrEqual(64);
					if (body.phone_number !== undefined)
						expect(body.phone_number).toMatch(/^\+[1-9]\d{4,12}$/);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it('fields mapped by expressions from any JSON: routed exactly once, errors name the field', async () => {
		const parameters = {
			operation: 'upsert',
			email: '={{ $json.email }}',
			customerId: '={{ $json.customer_id }}',
			additionalFields: {
				firstname: '={{ $json.firstname }}',
				phoneNumber: '={{ $json.phone_number }}',
				joinedAt: '={{ $json.joined_at }}',
			},
			subscriptionGroups: {
				groups: [{ id: '={{ $json.group }}', subscribed: '={{ $json.subscribed }}' }],
			},
			customAttributes: { attributes: [{ name: 'tier', value: '={{ $json.loyalty_tier }}' }] },
			options: { ...options, callsPerSecond: 1000 },
		};
		const input = fc.record(
			{
				email: fc.oneof(validEmail, anyValue),
				customer_id: anyValue,
				firstname: anyValue,
				phone_number: phone,
				joined_at: anyValue,
				group: fc.oneof(fc.constant('sg-newsletter'), anyValue),
				subscribed: fc.oneof(fc.boolean(), anyValue),
				loyalty_tier: anyValue,
			},
			{ requiredKeys: [] },
		);
		await fc.assert(
			fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 10 }), async (items) => {
				emulator.reset();
				const result = await run(emulator, parameters, items as IDataObject[]);
				expect(result.error).toBeUndefined();
				checkRouting(items.length, result.success, result.errors);
				expect(emulator.received('/api/v1/customers')).toHaveLength(result.success.length);
				for (const request of emulator.received('/api/v1/customers')) {
					const body = request.body;
					expect(
						body.subscription_groups[0].subscribed === true ||
							body.subscription_groups[0].subscribed === false,
					).toBe(true);
					for (const value of Object.values(body)) expect(value).not.toBe('');
				}
			}),
			{ numRuns: RUNS },
		);
	});
});
