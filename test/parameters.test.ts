import type { INodeExecutionData } from 'n8n-workflow';

import { simpleJsonPath } from '../dist/nodes/Blueshift/helpers/parameters';
import { FAST, jsonOf, run, useEmulator } from './support/fixtures';

describe('reading `={{ $json.path }}` without the expression engine', () => {
	const emulator = useEmulator();

	it.each([
		['={{ $json.email }}', ['email']],
		['={{$json.a.b_c}}', ['a', 'b_c']],
		["={{ $json['first name'] }}", ['first name']],
		['={{ $json["x"].y }}', ['x', 'y']],
		['={{ $json.email.toLowerCase() }}', undefined],
		['={{ $json.email }} ', undefined],
		['={{ $json.a }}{{ $json.b }}', undefined],
		['{{ $json.email }}', undefined],
		['={{ $json }}', undefined],
		['={{ $json[0] }}', undefined],
		['=x{{ $json.email }}', undefined],
	])('%s -> %j', (expression, path) => {
		expect(simpleJsonPath(expression)).toEqual(path);
	});

	/** The same node twice: once with plain `$json` paths, once with the same paths n8n must evaluate. */
	const parameters = (wrap: (path: string) => string) => ({
		operation: 'upsert',
		email: wrap('$json.email'),
		customerId: wrap('$json.ids.crm'),
		additionalFields: { firstname: wrap('$json["first name"]'), phoneNumber: wrap('$json.phone') },
		subscriptionGroups: {
			groups: [{ id: wrap('$json.group'), subscribed: wrap('$json.subscribed') }],
		},
		customAttributes: { attributes: [{ name: 'score', value: wrap('$json.score') }] },
		options: FAST,
	});

	it('sends and answers exactly what n8n resolves, for every kind of value', async () => {
		const items = [
			{
				email: 'ünïcödé@example.com',
				ids: { crm: 12345 },
				'first name': 'Zoë',
				phone: '+4915112345678',
				group: 'sg-newsletter',
				subscribed: true,
				score: 7.5,
			},
			{
				email: 'b@example.com',
				ids: { crm: 'C-2' },
				'first name': '',
				group: 'sg-weekly-promo',
				subscribed: false,
				score: true,
			},
			{ email: 'c@example.com', ids: null, group: 'x', subscribed: 'yes', score: { nested: 1 } },
			{ email: null, ids: {}, group: '', subscribed: null, score: [1, 2] },
			{ email: 42, group: 'g', subscribed: true },
			{},
		];
		const fast = await run(
			emulator,
			parameters((p) => `={{ ${p} }}`),
			items,
		);
		const fastBodies = emulator.requests.map((r) => r.body);
		emulator.reset();
		const slow = await run(
			emulator,
			parameters((p) => `={{ (${p}) }}`),
			items,
		);
		const slowBodies = emulator.requests.map((r) => r.body);
		expect(fastBodies).toEqual(slowBodies);
		expect(fastBodies.length).toBeGreaterThan(0);
		const withoutTimes = (items: INodeExecutionData[]) =>
			jsonOf(items).map(({ created_at: _c, uuid: _u, ...rest }) => rest);
		expect(withoutTimes(fast.success)).toEqual(withoutTimes(slow.success));
		expect(jsonOf(fast.errors)).toEqual(jsonOf(slow.errors));
	});

	it('asks n8n for a path the fast read cannot answer: `.length` of text, a missing key', async () => {
		const result = await run(
			emulator,
			{
				operation: 'upsert',
				email: '={{ $json.email }}',
				customAttributes: {
					attributes: [
						{ name: 'name_length', value: '={{ $json.name.length }}' },
						{ name: 'tags_length', value: '={{ $json.tags.length }}' },
					],
				},
				options: FAST,
			},
			[{ email: 'a@example.com', name: 'Alice', tags: ['x', 'y', 'z'] }],
		);
		expect(result.errors).toHaveLength(0);
		expect(emulator.requests[0].body).toEqual({
			email: 'a@example.com',
			name_length: 5,
			tags_length: 3,
		});
	});
});
