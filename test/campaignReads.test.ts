import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INodeListSearchResult } from 'n8n-workflow';

import { CAMPAIGNS } from './emulator/routes/campaigns';
import { credentialsFor, FAST, jsonOf, pairedOf, runV2, useEmulator } from './support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWorkflow, makeAdditionalData } = require('./support/harness');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Blueshift } = require('../dist/nodes/Blueshift/Blueshift.node.js');

type Campaign = Record<string, unknown> & { uuid: string; name: string };
const MISSING = '3f1c2b4a-0000-4000-8000-000000000000';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
const campaignOp = (operation: string, fields: Record<string, unknown> = {}) => ({
	resource: 'campaign',
	operation,
	options: FAST,
	...fields,
});
const pagesAsked = (emulator: {
	requests: Array<{ path: string; query?: Record<string, string> }>;
}) =>
	emulator.requests
		.filter((r) => r.path === '/api/v2/campaigns.json')
		.map((r) => [r.query?.page, r.query?.per_page]);

/** The Campaign field's From List, called the way n8n's editor calls a listSearch method. */
async function searchCampaigns(
	credentials: Record<string, unknown>,
	operation: string,
	filter?: string,
	token?: string,
): Promise<INodeListSearchResult> {
	const node = new Blueshift();
	const nodeTypes = {
		getByName: () => node,
		getByNameAndVersion: () => node,
		getKnownTypes: () => ({}),
	};
	const blueshift = buildWorkflow({
		parameters: { resource: 'campaign', operation },
		items: [],
		typeVersion: 2,
	}).nodes[1];
	const workflow = new Workflow({
		id: 'test',
		nodes: [blueshift] as never,
		connections: {},
		nodeTypes: nodeTypes as never,
		active: false,
	});
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode('Blueshift')!,
		makeAdditionalData(undefined, credentials) as never,
		'parameters',
	);
	return await node.methods.listSearch.searchCampaigns.call(context, filter, token);
}

describe('Campaign reads and state changes (node version 2)', () => {
	const emulator = useEmulator() as ReturnType<typeof useEmulator> & {
		addCampaign: (fields: Record<string, unknown>) => Campaign;
		campaignDetails: Map<string, Campaign>;
		campaignChanges: Array<Record<string, unknown>>;
		campaignList: { maxPerPage: number; ignoresPage: boolean; wraps: boolean };
		messages: Array<Record<string, unknown>>;
	};
	const addMany = (n: number, fields: Record<string, unknown> = {}) =>
		Array.from({ length: n }, (_, k) =>
			emulator.addCampaign({ name: `Bulk ${k}`, exec_term: 'recurring', ...fields }),
		);

	describe('Get Many', () => {
		it('no campaign matches: no output item, one call', async () => {
			const result = await runV2(
				emulator,
				campaignOp('getAll', { returnAll: true, filters: { name: 'nothing like it' } }),
				[{}],
			);
			expect(result.success).toEqual([]);
			expect(result.errors).toEqual([]);
			expect(pagesAsked(emulator)).toEqual([['1', '100']]);
		});

		it('one short page: every campaign once, paired to its item, then one empty page ends it', async () => {
			const result = await runV2(emulator, campaignOp('getAll', { returnAll: true }), [{ a: 1 }]);
			expect(jsonOf(result.success).map((c) => c.name)).toEqual([
				'Order shipped',
				'Password reset',
				'Weekly newsletter',
			]);
			expect(pairedOf(result.success)).toEqual([0, 0, 0]);
			expect(pagesAsked(emulator)).toEqual([
				['1', '100'],
				['2', '100'],
			]);
		});

		it('exactly one full page, then many pages: never a page twice, never a campaign twice', async () => {
			addMany(97);
			const one = await runV2(emulator, campaignOp('getAll', { returnAll: true }), [{}]);
			expect(one.success).toHaveLength(100);
			expect(pagesAsked(emulator)).toEqual([
				['1', '100'],
				['2', '100'],
			]);
			emulator.requests.length = 0;
			addMany(150);
			const many = await runV2(emulator, campaignOp('getAll', { returnAll: true }), [{}]);
			const uuids = jsonOf(many.success).map((c) => c.uuid);
			expect(uuids).toHaveLength(250);
			expect(new Set(uuids).size).toBe(250);
			expect(pagesAsked(emulator).map(([page]) => page)).toEqual(['1', '2', '3', '4']);
		});

		it('Limit: the same page size from page to page, and it stops as soon as it has enough', async () => {
			addMany(200);
			const result = await runV2(emulator, campaignOp('getAll', { returnAll: false, limit: 150 }), [
				{},
			]);
			expect(result.success).toHaveLength(150);
			expect(pagesAsked(emulator)).toEqual([
				['1', '100'],
				['2', '100'],
			]);
		});

		it('a server that ignores the page: the repeated page brings nothing new and ends the list', async () => {
			emulator.script('/api/v2/campaigns.json', [
				{ status: 200, body: [{ uuid: CAMPAIGNS.orderShipped, name: 'A' }] },
				{ status: 200, body: [{ uuid: CAMPAIGNS.orderShipped, name: 'A' }] },
			]);
			const result = await runV2(emulator, campaignOp('getAll', { returnAll: true }), [{}]);
			expect(jsonOf(result.success).map((c) => c.name)).toEqual(['A']);
			expect(pagesAsked(emulator)).toHaveLength(2);
		});

		it('an entry without a UUID is output all the same, once: a page of nothing new ends the list and outputs nothing', async () => {
			const page = [{ name: 'No UUID' }, { uuid: CAMPAIGNS.orderShipped, name: 'A' }];
			emulator.script('/api/v2/campaigns.json', [
				{ status: 200, body: page },
				{ status: 200, body: page },
			]);
			const result = await runV2(emulator, campaignOp('getAll', { returnAll: true }), [{}]);
			expect(jsonOf(result.success).map((c) => c.name)).toEqual(['No UUID', 'A']);
			expect(pagesAsked(emulator)).toHaveLength(2);
		});

		it('a page that fails mid-way: the item goes to the error output saying how far it got', async () => {
			addMany(150);
			emulator.script('/api/v2/campaigns.json', [{ passThrough: true }, { status: 500 }]);
			const result = await runV2(
				emulator,
				campaignOp('getAll', { returnAll: true, options: { ...FAST, maxRetries: 0 } }),
				[{}],
			);
			expect(result.success).toEqual([]);
			expect(pairedOf(result.errors)).toEqual([0]);
			expect(result.errors[0].json.message).toMatch(
				/failed after 1 page\(s\) \(100 result\(s\)\) had been read/,
			);
			expect(pagesAsked(emulator).map(([page]) => page)).toEqual(['1', '2']);
		});

		it('filters go to Blueshift as its query parameters; Simplify off gives every field', async () => {
			emulator.addCampaign({ name: 'Archived promo', archived: true, status: 'completed' });
			const result = await runV2(
				emulator,
				campaignOp('getAll', {
					returnAll: true,
					simplify: false,
					filters: { name: 'promo', status: 'completed', archived: true, exec_term: 'one_time' },
				}),
				[{}],
			);
			expect(emulator.requests[0].query).toMatchObject({
				name: 'promo',
				status: 'completed',
				archived: 'true',
				exec_term: 'one_time',
			});
			expect(jsonOf(result.success).map((c) => c.name)).toEqual(['Archived promo']);
			expect(result.success[0].json).toHaveProperty('holdout_percentage');
		});

		it('Simplify (the default) keeps at most ten fields', async () => {
			const result = await runV2(emulator, campaignOp('getAll', { returnAll: true }), [{}]);
			expect(Object.keys(result.success[0].json).length).toBeLessThanOrEqual(10);
			expect(result.success[0].json).not.toHaveProperty('holdout_percentage');
		});
	});

	describe('Get', () => {
		it('by UUID and by URL; with stats, the detail endpoint with both times', async () => {
			const result = await runV2(
				emulator,
				campaignOp('get', { campaign: '={{ $json.pick }}', includeStats: '={{ $json.stats }}' }),
				[
					{ pick: byId(CAMPAIGNS.orderShipped), stats: false },
					{
						pick: byUrl(
							`https://app.getblueshift.com/dashboard#/app/campaigns/${CAMPAIGNS.passwordReset}/details`,
						),
						stats: true,
					},
				],
			);
			expect(jsonOf(result.success).map((c) => c.name)).toEqual([
				'Order shipped',
				'Password reset',
			]);
			expect(result.success[1].json.stats).toMatchObject({ sent: 0 });
			const detail = emulator.requests.find((r) => r.path.endsWith('/detail.json'));
			expect(detail?.query).toEqual({
				start_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				end_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			});
		});

		it('an unknown campaign is the item 404; a malformed UUID names the item and field, nothing sent', async () => {
			const result = await runV2(emulator, campaignOp('get', { campaign: '={{ $json.pick }}' }), [
				{ pick: byId(MISSING) },
				{ pick: byId('not-a-uuid') },
			]);
			expect(pairedOf(result.errors)).toEqual([0, 1]);
			expect(result.errors[0].json.error).toMatch(/^Campaign not found/);
			expect(result.errors[1].json.error).toMatch(
				/^Invalid input in item 1: Campaign \(By UUID\) must be a campaign UUID/,
			);
			expect(emulator.requests).toHaveLength(1);
		});
	});

	describe('Pause and Launch', () => {
		it('pause then launch: the answer is output and Blueshift holds the new status', async () => {
			const pick = { campaign: byId(CAMPAIGNS.newsletter) };
			const paused = await runV2(emulator, campaignOp('pause', pick), [{}]);
			expect(paused.success[0].json).toMatchObject({
				uuid: CAMPAIGNS.newsletter,
				status: 'paused',
			});
			const launched = await runV2(emulator, campaignOp('launch', pick), [{}]);
			expect(launched.success[0].json).toMatchObject({ status: 'launched' });
			expect(emulator.campaignChanges.map((c) => c.action)).toEqual(['pause', 'launch']);
		});

		it('Blueshift refuses to launch an archived campaign: its reason is on the item', async () => {
			const archived = emulator.addCampaign({ archived: true });
			const result = await runV2(
				emulator,
				campaignOp('launch', { campaign: byId(archived.uuid) }),
				[{}],
			);
			expect(result.errors[0].json.error).toMatch(/Archived campaigns cannot be launched/);
		});

		it('a 502 on Launch is not sent again (it may have started sending); on Pause it is retried', async () => {
			emulator.script('/launch', [{ status: 502 }]);
			const launch = await runV2(
				emulator,
				campaignOp('launch', { campaign: byId(CAMPAIGNS.newsletter) }),
				[{}],
			);
			expect(launch.errors).toHaveLength(1);
			expect(emulator.requests.filter((r) => r.path.endsWith('/launch'))).toHaveLength(1);
			emulator.script('/pause', [{ status: 502 }]);
			const pause = await runV2(
				emulator,
				campaignOp('pause', { campaign: byId(CAMPAIGNS.newsletter) }),
				[{}],
			);
			expect(pause.success).toHaveLength(1);
			expect(emulator.requests.filter((r) => r.path.endsWith('/pause'))).toHaveLength(2);
		});

		it('Dry Run sends nothing', async () => {
			const result = await runV2(
				emulator,
				campaignOp('launch', { campaign: byId(CAMPAIGNS.newsletter), options: { dryRun: true } }),
				[{}],
			);
			expect(emulator.requests).toHaveLength(0);
			expect(result.success).toHaveLength(1);
		});
	});

	describe('Trigger with the campaign picked (version 2)', () => {
		it('By URL: the UUID is read from the pasted URL and the message is sent', async () => {
			const result = await runV2(
				emulator,
				campaignOp('trigger', {
					campaign: byUrl(
						`https://app.getblueshift.com/dashboard#/app/campaigns/${CAMPAIGNS.orderShipped}/details`,
					),
					email: 'ada@example.com',
				}),
				[{}],
			);
			expect(result.errors).toEqual([]);
			expect(emulator.messages.map((m) => m.campaign_uuid)).toEqual([CAMPAIGNS.orderShipped]);
		});
	});

	describe('From List', () => {
		it('for Trigger: event- and API-triggered campaigns first, then the others, each with its link', async () => {
			const credentials = credentialsFor(emulator);
			const first = await searchCampaigns(credentials, 'trigger');
			expect(first.results.map((r) => r.name)).toEqual([
				'Order shipped',
				'Password reset',
				'Weekly newsletter',
			]);
			expect(first.results[0].url).toBe(
				`https://app.getblueshift.com/dashboard#/app/campaigns/${CAMPAIGNS.orderShipped}/details`,
			);
			expect(first.paginationToken).toBeUndefined();
			// only an empty page ends a list: a server may give fewer than asked
			expect(emulator.requests.map((r) => [r.query?.exec_term, r.query?.page])).toEqual([
				['transactional', '1'],
				['transactional', '2'],
				[undefined, '1'],
				[undefined, '2'],
			]);
		});

		it('pages on scroll: a full page gives a token, the next call reads on, never a campaign twice', async () => {
			for (let k = 0; k < 60; k++)
				emulator.addCampaign({ name: `Api ${k}`, exec_term: 'transactional' });
			const credentials = credentialsFor(emulator);
			const first = await searchCampaigns(credentials, 'triggerBulk');
			expect(first.results).toHaveLength(50);
			expect(first.paginationToken).toMatch(/^api:2:/);
			const second = await searchCampaigns(
				credentials,
				'triggerBulk',
				undefined,
				first.paginationToken,
			);
			const names = [...first.results, ...second.results].map((r) => r.name);
			expect(names).toHaveLength(63);
			expect(new Set(names).size).toBe(63);
			expect(names.at(-1)).toBe('Weekly newsletter');
			// four calls at most per scroll: the others' second page (API-triggered ones only) is read,
			// the third, empty, is left to the next scroll, which ends the list
			expect(second.paginationToken).toMatch(/^all:3:/);
			const third = await searchCampaigns(
				credentials,
				'triggerBulk',
				undefined,
				second.paginationToken,
			);
			expect(third).toEqual({ results: [] });
		});

		it('a server that gives fewer than asked (20 a page): scrolling still reaches every campaign once', async () => {
			emulator.campaignList.maxPerPage = 20;
			for (let k = 0; k < 60; k++)
				emulator.addCampaign({ name: `Api ${k}`, exec_term: 'transactional' });
			const credentials = credentialsFor(emulator);
			const names: string[] = [];
			let token: string | undefined;
			for (let scroll = 0; scroll < 10; scroll++) {
				const page = await searchCampaigns(credentials, 'trigger', undefined, token);
				names.push(...page.results.map((r) => r.name));
				token = page.paginationToken;
				if (!token) break;
			}
			expect(token).toBeUndefined();
			expect(names).toHaveLength(63);
			expect(new Set(names).size).toBe(63);
			expect(names.at(-1)).toBe('Weekly newsletter');
		});

		it('a server that starts over from the first page past the last: each campaign once, and the list ends', async () => {
			emulator.campaignList.maxPerPage = 20;
			emulator.campaignList.wraps = true;
			addMany(45);
			const credentials = credentialsFor(emulator);
			const names: string[] = [];
			let token: string | undefined;
			for (let scroll = 0; scroll < 10; scroll++) {
				const page = await searchCampaigns(credentials, 'get', undefined, token);
				names.push(...page.results.map((r) => r.name));
				token = page.paginationToken;
				if (!token) break;
			}
			expect(token).toBeUndefined();
			expect(names).toHaveLength(48);
			expect(new Set(names).size).toBe(48);
		});

		it('a server that ignores the page: each campaign once, and the list ends', async () => {
			emulator.campaignList.ignoresPage = true;
			const found = await searchCampaigns(credentialsFor(emulator), 'trigger');
			expect(found.results.map((r) => r.name)).toEqual([
				'Order shipped',
				'Password reset',
				'Weekly newsletter',
			]);
			expect(found.paginationToken).toBeUndefined();
		});

		it('for the other operations: every campaign, searched by name', async () => {
			const found = await searchCampaigns(credentialsFor(emulator), 'get', 'news');
			expect(found.results.map((r) => r.name)).toEqual(['Weekly newsletter']);
			expect(emulator.requests[0].query).toMatchObject({ name: 'news' });
		});
	});
});
