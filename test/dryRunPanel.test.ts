import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { blank, campaign, customer, DRY, FASTER, people, SHIPPED } from './support/dryRunCases';
import { FAST, jsonOf, run, useEmulator } from './support/fixtures';
import { runWorkflow } from './support/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Blueshift } = require('../dist/nodes/Blueshift/Blueshift.node.js');

const description = new Blueshift().description as INodeTypeDescription;
const READ_ONLY = [
	'customer:get',
	'customer:search',
	'customer:getCampaignActivity',
	'customer:getEvents',
	'catalog:get',
	'catalog:getAll',
	'campaign:get',
	'campaign:getAll',
	'customList:get',
	'subscriptionGroup:getAll',
];

/** Every resource:operation pair of the node, from its Operation fields. */
const operations = description.properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) =>
		(p.options as Array<{ value: string }>).map((o) => ({
			resource: (p.displayOptions?.show?.resource as string[])[0],
			operation: o.value,
		})),
	);

/** The properties n8n's editor shows for these values (NodeHelpers.displayParameter). */
const shown = (values: Record<string, unknown>): INodeProperties[] =>
	description.properties.filter((p) =>
		NodeHelpers.displayParameter(values as never, p, null, description),
	);

describe('Dry Run in the panel', () => {
	it.each(operations)(
		'$resource: $operation offers Dry Run in Options only when it writes, and shows the notice while it is on',
		({ resource, operation }) => {
			const readOnly = READ_ONLY.includes(`${resource}:${operation}`);
			const options = shown({ resource, operation }).find((p) => p.name === 'options');
			const dryRun = (options?.options as INodeProperties[] | undefined)?.find(
				(o) => o.name === 'dryRun',
			);
			expect(dryRun !== undefined).toBe(!readOnly);
			const notice = (values: Record<string, unknown>) =>
				shown({ resource, operation, ...values }).some((p) => p.name === 'dryRunNotice');
			expect(notice({ options: { dryRun: true } })).toBe(!readOnly);
			expect(notice({ options: { dryRun: false } })).toBe(false);
			expect(notice({ options: {} })).toBe(false);
		},
	);

	it('names only top-level parameters, or paths from the root, in displayOptions (n8n 1.82 cannot order others and fails every run)', () => {
		const names = new Set(description.properties.map((p) => p.name));
		const keys = description.properties.flatMap((p) =>
			Object.values(p.displayOptions ?? {}).flatMap((rule) => Object.keys(rule ?? {})),
		);
		expect(keys.filter((key) => !/^[@/]/.test(key) && !names.has(key))).toEqual([]);
	});

	it('names the option and the notice so that a dry run cannot be mistaken for a real one', () => {
		const notice = description.properties.find((p) => p.name === 'dryRunNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/^Dry Run is on: this node sends nothing to Blueshift/);
		const options = description.properties.find((p) => p.name === 'options');
		const dryRun = (options?.options as INodeProperties[]).find((o) => o.name === 'dryRun');
		expect(dryRun).toMatchObject({
			displayName: 'Dry Run (Send Nothing)',
			type: 'boolean',
			default: false,
		});
	});
});

describe('Dry Run, what each item says', () => {
	const emulator = useEmulator();

	it('Bulk Create or Update: says which call each item travels in, its size and its items', async () => {
		const dry = await run(emulator, customer('bulkUpsert')({ ...DRY, batchSize: 20 }), people(45));
		const calls = jsonOf(dry.success).map((json) => json.call as Record<string, any>);
		expect(calls.map((c) => c.number)).toEqual([
			...Array(20).fill(1),
			...Array(20).fill(2),
			...Array(5).fill(3),
		]);
		expect(calls[44]).toEqual({ number: 3, size: 5, items: [40, 41, 42, 43, 44], position: 4 });
		expect(jsonOf(dry.success)[44].note).toMatch(/It would travel in call 3, with 5 item\(s\)\.$/);
		expect((jsonOf(dry.success)[44].body as any).customers[4]).toEqual({
			email: 'p44@example.com',
			customer_id: 'C-44',
		});
	});

	it('Campaign: Trigger shows the transaction_uuid a real run sends for each item, beside the body', async () => {
		const items = people(2, () => ({ campaign: SHIPPED }));
		const dry = await run(emulator, campaign('trigger')(DRY), items);
		await run(emulator, campaign('trigger')(FASTER), items);
		const keys = emulator.requests.map((r) => r.body.transaction_uuid);
		expect(jsonOf(dry.success).map((json) => json.transaction_uuid)).toEqual(keys);
		expect(jsonOf(dry.success).map((json) => (json.body as any).transaction_uuid)).toEqual(keys);
	});

	it('with On Error "Stop Workflow", a bad item stops the dry run with the error a real run stops with', async () => {
		const items = blank(people(3), 1);
		const dry = await run(emulator, customer('upsert')(DRY), items, 'stopWorkflow');
		expect(emulator.requests).toHaveLength(0);
		const real = await run(emulator, customer('upsert')(FASTER), items, 'stopWorkflow');
		expect(emulator.requests).toHaveLength(0); // validated first: nothing sent either
		expect(dry.error?.message).toBe(real.error?.message);
		expect(dry.error?.description).toBe(real.error?.description);
	});

	it('with a bad base URL in the credential, fails as a real run does, sending nothing', async () => {
		const credentials = { region: 'custom', baseUrl: 'ftp://example.com', apiKey: 'k-123456' };
		const parameters = customer('upsert')(DRY);
		const dry = await runWorkflow({
			credentials,
			parameters,
			items: people(1),
			onError: 'continueErrorOutput',
		});
		const real = await runWorkflow({
			credentials,
			parameters: customer('upsert')(FAST),
			items: people(1),
			onError: 'continueErrorOutput',
		});
		expect(jsonOf(dry.errors)).toEqual(jsonOf(real.errors));
		expect(dry.errors).toHaveLength(1);
	});

	it("shows the URL of the credential's region, and no key", async () => {
		const credentials = { region: 'eu', apiKey: 'eu-key-5d2c7a90' };
		const result = await runWorkflow({
			credentials,
			parameters: customer('upsert')(DRY),
			items: people(1),
			onError: 'continueErrorOutput',
		});
		expect(result.success[0].json.url).toBe('https://api.eu.getblueshift.com/api/v1/customers');
		expect(JSON.stringify(result.run)).not.toContain('eu-key-5d2c7a90');
	});

	it('an expression that gives the text "true" is a dry run too, never a real one by mistake', async () => {
		const result = await run(
			emulator,
			customer('upsert')({ ...FASTER, dryRun: '={{ "true" }}' }),
			people(1),
		);
		expect(emulator.requests).toHaveLength(0);
		expect(result.success[0].json.dryRun).toBe(true);
	});

	it('Dry Run off (the default) sends as before', async () => {
		const result = await run(emulator, customer('upsert')({ ...FASTER, dryRun: false }), people(1));
		expect(emulator.requests).toHaveLength(1);
		expect(result.success[0].json.dryRun).toBeUndefined();
	});
});
