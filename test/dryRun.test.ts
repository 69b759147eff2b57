import type { INodeExecutionData } from 'n8n-workflow';

import { CASES, DRY, FASTER } from './support/dryRunCases';
import { expectNoSecret, jsonOf, pairedOf, run, useEmulator } from './support/fixtures';

/** One entry per call: what a dry run says it would send, as the emulator records a request. */
function callsOf(items: INodeExecutionData[]) {
	const seen = new Set<number>();
	const calls: unknown[] = [];
	items.forEach((item, k) => {
		const json = item.json as Record<string, any>;
		const number = json.call?.number ?? -1 - k;
		if (seen.has(number)) return;
		seen.add(number);
		const query = Object.fromEntries(
			Object.entries(json.query as Record<string, unknown>).map(([name, v]) => [name, String(v)]),
		);
		calls.push([json.method, new URL(json.url as string).pathname, query, json.body]);
	});
	return calls;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The calls as sorted texts; a generated event_uuid (a new one each run) only has to be a UUID. */
const byText = (list: unknown[], generated = false) =>
	list
		.map((c) =>
			JSON.stringify(c, (key, value: unknown) => {
				if (!generated || key !== 'event_uuid') return value;
				return typeof value === 'string' && UUID.test(value) ? 'a generated UUID' : value;
			}),
		)
		.sort();

describe('Dry Run, on every operation that writes', () => {
	const emulator = useEmulator();

	describe.each(CASES)('$name', ({ params, items, bad, generatedEventUuid }) => {
		it('sends nothing, outputs each valid item paired with its request, and routes bad input as a real run does; a real run then sends exactly those bodies', async () => {
			const dry = await run(emulator, params(DRY), items);
			expect(emulator.requests).toHaveLength(0);
			expect(emulator.counts.total).toBe(0);
			const good = items.map((_, k) => k).filter((k) => !bad.includes(k));
			expect(pairedOf(dry.success)).toEqual(good);
			expect(pairedOf(dry.errors)).toEqual(bad);
			for (const json of jsonOf(dry.success)) {
				expect(json).toMatchObject({
					dryRun: true,
					note: expect.stringMatching(/^Dry run: nothing was sent to Blueshift/),
				});
				expect(json.url).toEqual(expect.stringMatching(new RegExp(`^${emulator.url}/api/v1/`)));
			}
			expectNoSecret(dry.run);

			const real = await run(emulator, params(FASTER), items);
			const sent = emulator.requests.map((r) => [r.method, r.path, r.query, r.body]);
			expect(byText(callsOf(dry.success), generatedEventUuid)).toEqual(
				byText(sent, generatedEventUuid),
			);
			expect(jsonOf(dry.errors)).toEqual(
				jsonOf(real.errors.filter((e) => bad.includes(pairedOf([e])[0]))),
			);
		});
	});
});
