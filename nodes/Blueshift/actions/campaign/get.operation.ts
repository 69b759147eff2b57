import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { single, type Operation } from '../../helpers/operation';
import { ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { simplifyField } from '../shared/simplify';
import { show } from './fields';
import { campaignLocatorFields, campaignReader } from './locator';
import {
	CAMPAIGN_CALLS_PER_SECOND,
	CAMPAIGN_KEPT,
	campaignNotFound,
	LISTED_FIELDS,
	campaignOf,
	notACampaign,
	shownCampaign,
} from './read';

const operation = ['get'];

const DAY_MS = 86_400_000;

/** A date field's value as ISO 8601, `fallback` when empty, or undefined when it is no date. */
function isoOf(value: unknown, fallback: number): string | undefined {
	if (value === undefined || value === null || value === '')
		return new Date(fallback).toISOString();
	const time = new Date(value as string).getTime();
	return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/**
 * GET /api/v1/campaigns/{uuid}.json ("Detailed report without stats"), or with Include Stats
 * GET /api/v1/campaigns/{uuid}/detail.json?start_time&end_time ("Detailed report with stats"),
 * whose two times the page requires. Neither page documents the answer's body: the campaign is
 * output as it comes (or from `{ campaign }`), Simplify keeping the list's fields, and with stats
 * everything else too. 404 is the item's answer: no such campaign.
 */
export const get: Operation = {
	family: 'campaigns',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: CAMPAIGN_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	build: (ctx) => {
		const campaignOfItem = campaignReader(ctx);
		const params = new ParameterReader(ctx);
		return (i): Validated => {
			const picked = campaignOfItem(i);
			if ('rule' in picked) return invalid(picked.field, picked.rule);
			const simplify = params.get('simplify', i, true) !== false;
			const record: IDataObject = { campaign_uuid: picked.uuid, simplify };
			if (params.get('includeStats', i, false) !== true) return { ok: true, record };
			const now = Date.now();
			const start_time = isoOf(params.get('statsFrom', i, ''), now - 30 * DAY_MS);
			const end_time = isoOf(params.get('statsTo', i, ''), now);
			if (!start_time) return invalid('statsFrom', 'Stats From must be a date and time');
			if (!end_time) return invalid('statsTo', 'Stats To must be a date and time');
			if (end_time < start_time)
				return invalid('statsTo', 'Stats To must not be before Stats From');
			return { ok: true, record: { ...record, start_time, end_time } };
		};
	},
	request: ([record]) => {
		const uuid = encodeURIComponent(String(record.campaign_uuid));
		if (record.start_time === undefined)
			return { method: 'GET', path: `/api/v1/campaigns/${uuid}.json` };
		const { start_time, end_time } = record;
		return {
			method: 'GET',
			path: `/api/v1/campaigns/${uuid}/detail.json`,
			qs: { start_time, end_time },
		};
	},
	settle: single((body, record) => {
		const campaign = campaignOf(body);
		if (!campaign) return notACampaign(body);
		if (record.start_time === undefined || record.simplify === false)
			return shownCampaign(campaign, record.simplify);
		// with stats, Simplify also keeps what is not a field of the list's schema: the stats, whatever
		// their names (the page documents none)
		const stats = Object.entries(body).filter(
			([key]) => key !== 'campaign' && !LISTED_FIELDS.includes(key),
		);
		return { ...shownCampaign(campaign, true), ...Object.fromEntries(stats) };
	}),
	failure: campaignNotFound,
};

export const description: INodeProperties[] = [
	...campaignLocatorFields(show(operation), false),
	{
		displayName: 'Include Stats',
		name: 'includeStats',
		type: 'boolean',
		default: false,
		description: "Whether to include the campaign's statistics over a time range",
		displayOptions: show(operation),
	},
	{
		displayName: 'Stats From',
		name: 'statsFrom',
		type: 'dateTime',
		default: '',
		description: 'Start of the statistics range; empty: 30 days ago',
		displayOptions: { show: { ...show(operation).show, includeStats: [true] } },
	},
	{
		displayName: 'Stats To',
		name: 'statsTo',
		type: 'dateTime',
		default: '',
		description: 'End of the statistics range; empty: now',
		displayOptions: { show: { ...show(operation).show, includeStats: [true] } },
	},
	simplifyField(show(operation), CAMPAIGN_KEPT),
	optionsField(show(operation), get, {
		rate: 'Pace of campaign calls. Blueshift documents no rate for them; every execution on the same account shares it.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
