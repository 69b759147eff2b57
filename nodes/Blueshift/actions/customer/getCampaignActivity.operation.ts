import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { Operation } from '../../helpers/operation';
import { asText, ParameterReader } from '../../helpers/parameters';
import { customerShape, identifyingEmail, isDate } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { invalid, validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { customerIdField, emailField } from '../shared/fields';
import { optionsField } from '../shared/options';
import { limitBuilder, returnAllFields } from '../shared/returnAll';
import { simplifyField } from '../shared/simplify';
import {
	ACTIVITY_KEPT,
	activityNotFound,
	iso,
	queryOf,
	settleActivity,
	type ActivityRecord,
} from './activity';
import { READ_RETRY_ON, READ_RETRY_ONCE, uuidRule } from './common';
import {
	CUSTOMER,
	show,
	UNDOCUMENTED_CALLS_PER_SECOND,
	UNDOCUMENTED_RATE,
	uuidField,
} from './fields';
import { asDate, asBoolean } from './record';

const operation = ['getCampaignActivity'];

/** Identify By: the node's value -> the field it reads, the query key, the rule, the field's label. */
const IDENTIFY: Record<string, [string, string, z.ZodTypeAny, string]> = {
	email: ['email', 'email', identifyingEmail, 'Email'],
	customerId: ['customerId', 'customer_id', customerShape.customer_id.unwrap(), 'Customer ID'],
	uuid: ['uuid', 'uuid', uuidRule, 'Customer UUID'],
};

/** The offset of a time zone from UTC at an instant, in ms (Intl, no library). */
function offsetMs(timeZone: string, at: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(at));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const local = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return local - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * A Start or End Time as an instant: ISO 8601 with a zone as given; without one (what n8n's date
 * picker gives) in the workflow's time zone, as n8n shows it.
 */
function instantOf(value: unknown, timeZone: string): number | undefined {
	const text = asDate(value);
	if (typeof text !== 'string' || !isDate(text)) return undefined;
	const trimmed = text.trim();
	if (/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10) return Date.parse(trimmed);
	const [date, clock = '00:00:00'] = trimmed.split(/[T ]/);
	const asUtc = Date.parse(`${date}T${clock.length === 5 ? `${clock}:00` : clock}Z`);
	let at = asUtc - offsetMs(timeZone, asUtc);
	at = asUtc - offsetMs(timeZone, at);
	return at;
}

const DATE_RULE = 'must be an ISO 8601 date and time, e.g. 2026-07-30T12:00:00Z';

/** Builds the first call's record: identifier, the range (End empty: now; in the future: now), Limit, Simplify. */
function activityBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	const limit = limitBuilder(ctx);
	const timeZone = ctx.getTimezone();
	return (i) => {
		const by = String(params.get('identifyBy', i, 'email'));
		const identify = IDENTIFY[by];
		if (!identify)
			return invalid(
				'identifyBy',
				`Identify By must be Email, Customer ID or Customer UUID (got "${by}")`,
			);
		const [field, key, rule, label] = identify;
		const given = withoutEmpty({ [key]: asText(params.get(field, i)) } as IDataObject);
		if (given[key] === undefined) {
			return invalid(key, `${label} (${key}) is required when Identify By is ${label}`);
		}
		const v = validateRecord(z.object({ [key]: rule }), given);
		if (!v.ok) return v;
		const now = Date.now();
		const startValue = params.get('startTime', i);
		const start = instantOf(startValue, timeZone);
		if (start === undefined) {
			const empty = asText(startValue) === '' || startValue === undefined || startValue === null;
			return invalid('startTime', `Start Time ${empty ? 'is required' : DATE_RULE}`);
		}
		const endValue = params.get('endTime', i);
		const endGiven = !(asText(endValue) === '' || endValue === undefined || endValue === null);
		const end = endGiven ? instantOf(endValue, timeZone) : now;
		if (end === undefined) return invalid('endTime', `End Time ${DATE_RULE}, or empty for now`);
		if (end < start) {
			return invalid('endTime', `End Time (${iso(end)}) is before Start Time (${iso(start)})`);
		}
		if (start > now) {
			return invalid(
				'startTime',
				`Start Time (${iso(start)}) is in the future: there is no activity yet`,
			);
		}
		const cut = limit(i);
		if (!cut.ok) return cut;
		// Blueshift refuses an end_time in the future: a later end reads up to now
		const until = iso(Math.min(end, now));
		const record: ActivityRecord = {
			by: v.record,
			start: iso(start),
			end: until,
			windowEnd: until,
			seen: [],
			simplify: asBoolean(params.get('simplify', i, true)),
			...(typeof cut.record.limit === 'number' ? { remaining: cut.record.limit } : {}),
		};
		return { ok: true, record };
	};
}

/**
 * GET /api/v2/customer_campaign_activity, one item's calls one after the other: windows of at most
 * 366 days newest first, each read page by page with the cursor (see activity.ts); one output
 * item per activity, paired to its item.
 */
export const getCampaignActivity: Operation = {
	family: 'customerReads',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: UNDOCUMENTED_CALLS_PER_SECOND },
	retryOn: READ_RETRY_ON,
	retryOnce: READ_RETRY_ONCE,
	build: activityBuilder,
	request: ([record]) => ({
		method: 'GET',
		path: '/api/v2/customer_campaign_activity',
		qs: queryOf(record as ActivityRecord),
	}),
	settle: (body, [record]) => [settleActivity(body, record as ActivityRecord)],
	failure: activityNotFound,
};

const identifyBy = show(operation);
export const description: INodeProperties[] = [
	{
		displayName: 'Identify By',
		name: 'identifyBy',
		type: 'options',
		options: [
			{
				name: 'Customer ID',
				value: 'customerId',
				description: 'Your ID for the customer (customer_id)',
			},
			{
				name: 'Customer UUID',
				value: 'uuid',
				description: "Blueshift's own ID of the customer (uuid)",
			},
			{ name: 'Email', value: 'email', description: "The customer's email address" },
		],
		default: 'email',
		description: 'Which identifier of the customer to read the activity of',
		displayOptions: identifyBy,
	},
	emailField(
		show(operation, { identifyBy: ['email'] }),
		{ ...CUSTOMER, rule: 'Used when Identify By is Email' },
		true,
	),
	customerIdField(show(operation, { identifyBy: ['customerId'] }), {
		...CUSTOMER,
		rule: 'Used when Identify By is Customer ID',
	}),
	uuidField(show(operation, { identifyBy: ['uuid'] })),
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"Start of the activity to read (inclusive), ISO 8601 (a time without a zone is in the workflow's time zone). Ranges over 366 days are read in 366-day windows; Blueshift may refuse a start more than 366 days ago (the item then fails with its message).",
		displayOptions: show(operation),
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		description:
			'End of the activity to read (exclusive), ISO 8601. Empty: now. A time in the future is read as now (Blueshift refuses a future end). Must not be before Start Time.',
		displayOptions: show(operation),
	},
	...returnAllFields(show(operation)),
	simplifyField(show(operation), ACTIVITY_KEPT),
	optionsField(show(operation), getCampaignActivity, {
		...UNDOCUMENTED_RATE,
		onceNote: 'a second 404 means no such customer',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getCampaignActivity);
}
