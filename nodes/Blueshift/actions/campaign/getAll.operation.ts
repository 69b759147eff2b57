import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NextPage, single, type Operation } from '../../helpers/operation';
import { ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { limitBuilder, returnAllFields } from '../shared/returnAll';
import { simplifyField } from '../shared/simplify';
import { show } from './fields';
import { CAMPAIGN_CALLS_PER_SECOND, CAMPAIGN_KEPT, notACampaign, shownCampaign } from './read';

const operation = ['getAll'];

/** Campaigns asked for per page; the page documents `per_page` but no maximum or default. */
export const PER_PAGE = 100;

/** The filters, by the query parameter each sets. */
const FILTERS = ['name', 'status', 'exec_term', 'archived'] as const;

/**
 * GET /api/v2/campaigns.json ("List campaigns"): one page of campaigns, a bare array, `page` and
 * `per_page` chosen by the caller. The page documents no last-page sign and no maximum page size
 * (a server may give fewer than asked), so the node reads on until a page is empty or brings no
 * campaign it has not output: never a campaign twice, never a page twice, at the cost of one more
 * call at the end. Limit stops the reading as soon as it is reached.
 */
export const getAll: Operation = {
	family: 'campaigns',
	readOnly: true,
	listAnswer: true,
	rate: { option: 'callsPerSecond', default: CAMPAIGN_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	build: (ctx) => {
		const limits = limitBuilder(ctx);
		const params = new ParameterReader(ctx);
		return (i) => {
			const limited = limits(i);
			if (!limited.ok) return limited;
			const qs: IDataObject = {};
			const filters = (params.get('filters', i, {}) ?? {}) as IDataObject;
			for (const key of FILTERS) {
				const value = filters[key];
				if (value !== undefined && value !== '') qs[key] = value;
			}
			const simplify = params.get('simplify', i, true) !== false;
			const limit = limited.record.limit;
			const per_page = typeof limit === 'number' ? Math.min(PER_PAGE, limit) : PER_PAGE;
			const record = { ...limited.record, qs, page: 1, per_page, seen: [], shown: 0, simplify };
			return { ok: true, record };
		};
	},
	// the page size stays the same from page to page, or `page` would skip or repeat campaigns
	request: ([record]) => ({
		method: 'GET',
		path: '/api/v2/campaigns.json',
		qs: { ...(record.qs as IDataObject), page: record.page, per_page: record.per_page },
	}),
	settle: single((body, record) => {
		const list = Array.isArray(body) ? body : (body as IDataObject).campaigns;
		if (!Array.isArray(list)) return notACampaign(body);
		const seen = seenOf(record);
		const known = new Set(seen);
		// an entry without a UUID is output all the same (it cannot be told apart, so it does not
		// count as new: after the first page, a page of nothing else ends the reading)
		const fresh: IDataObject[] = [];
		let newUuids = 0;
		for (const entry of list as IDataObject[]) {
			if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
			if (typeof entry.uuid === 'string') {
				if (known.has(entry.uuid)) continue;
				known.add(entry.uuid);
				newUuids++;
			}
			fresh.push(entry);
		}
		// a page with no new UUID is a page seen before (a server that ignores `page`): nothing of it
		if (newUuids === 0 && Number(record.page) > 1) return [];
		const shown = Number(record.shown) || 0;
		const room = typeof record.limit === 'number' ? record.limit - shown : Infinity;
		const taken = fresh.slice(0, room);
		const output = taken.map((c) => shownCampaign(c, record.simplify));
		if (newUuids === 0 || taken.length >= room) return output;
		const next = {
			...record,
			page: Number(record.page) + 1,
			shown: shown + taken.length,
			seen: [...seen, ...taken.flatMap((c) => (typeof c.uuid === 'string' ? [c.uuid] : []))],
		};
		return new NextPage(output, next);
	}),
};

const seenOf = (record: IDataObject) =>
	Array.isArray(record.seen) ? (record.seen as string[]) : [];

export const description: INodeProperties[] = [
	...returnAllFields(show(operation)),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(operation),
		options: [
			{
				displayName: 'Archived',
				name: 'archived',
				type: 'boolean',
				default: false,
				description:
					'Whether to list only archived campaigns (on) or only campaigns not archived (off)',
			},
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Only campaigns whose name contains this text',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'launched',
				options: [
					{ name: 'Completed', value: 'completed' },
					{ name: 'Draft', value: 'draft' },
					{ name: 'Launched', value: 'launched' },
					{ name: 'Paused', value: 'paused' },
				],
				description: 'Only campaigns in this status',
			},
			{
				displayName: 'Type',
				name: 'exec_term',
				type: 'options',
				default: 'transactional',
				options: [
					{ name: 'Event or API Triggered', value: 'transactional' },
					{ name: 'Live Content', value: 'onsite' },
					{ name: 'One Time', value: 'one_time' },
					{ name: 'Recurring', value: 'recurring' },
					{ name: 'Segment Triggered', value: 'on_going' },
				],
				description:
					'Only campaigns of this type. Without a type or start date, Blueshift lists one-time campaigns of the last 30 days only.',
			},
		],
	},
	simplifyField(show(operation), CAMPAIGN_KEPT),
	optionsField(show(operation), getAll, {
		rate: 'Pace of campaign calls. Blueshift documents no rate for them; every execution on the same account shares it.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getAll);
}
