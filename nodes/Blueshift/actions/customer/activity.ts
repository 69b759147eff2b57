import type { IDataObject } from 'n8n-workflow';

import type { ApiFailure } from '../../../shared/transport';
import { said } from '../../helpers/answer';
import { NextPage, type Settled } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { simplified } from '../shared/simplify';
import { isProfile, refusedIn } from './common';

/**
 * How Get Campaign Activity reads a customer's activity: by time windows and cursor pages, one call
 * after the other, the item's progress carried in the record the runner passes from page to page
 * (`NextPage`). The page, "Get a customer's campaign activity"
 * (https://developer.blueshift.com/reference/get_api-v2-customer-campaign-activity), gives activity
 * "for up to 366 days", and says start_time "cannot be more than 366 days in the past": a longer
 * range is read in windows of at most 366 days, newest first, and an old window Blueshift refuses
 * (400) fails the item with Blueshift's message.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WINDOW_MS = 366 * DAY_MS;

/** Where one item's read is: plain JSON, so the runner can carry it from call to call. */
export interface ActivityRecord extends IDataObject {
	/** The identifier sent: `{ email }`, `{ customer_id }` or `{ uuid }`. */
	by: IDataObject;
	/** The range asked for, ISO 8601: start inclusive, end exclusive (end: now when left empty). */
	start: string;
	end: string;
	/** The window being read ends here (exclusive); it starts 366 days earlier, or at `start`. */
	windowEnd: string;
	/** The cursor of the window's next page, when Blueshift truncated the last one. */
	cursor?: string;
	/** Activities already output that a next call may answer again (at the boundary). */
	seen: string[];
	/** How many more activities to output (Limit); absent with Return All. */
	remaining?: number;
	simplify: boolean;
}

/** ISO 8601 in UTC, to the second unless the instant has milliseconds. */
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const time = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : NaN);

/** The window being read: 366 days back from its end, or from the range's start. */
export function windowOf(record: ActivityRecord): { start: number; end: number } {
	const end = time(record.windowEnd);
	return { start: Math.max(time(record.start), end - WINDOW_MS), end };
}

/** The query of the record's next call. */
export function queryOf(record: ActivityRecord): IDataObject {
	const window = windowOf(record);
	return {
		...record.by,
		start_time: iso(window.start),
		end_time: iso(window.end),
		...(record.cursor !== undefined ? { cursor: record.cursor } : {}),
	};
}

/** What tells one activity from another: the same action of one trigger at one time is one activity. */
function keyOf(activity: IDataObject): string {
	const at = time(activity.trigger_timestamp);
	const when = Number.isNaN(at) ? String(activity.trigger_timestamp) : iso(at);
	return [activity.action, activity.campaign_uuid, activity.trigger_uuid, when]
		.map((part) => String(part ?? ''))
		.join('|');
}

/** Simplify: what says which campaign did what to the customer, and when. */
export const ACTIVITY_KEPT = [
	'action',
	'trigger_timestamp',
	'campaign_name',
	'campaign_uuid',
	'trigger_name',
	'trigger_type',
	'trigger_uuid',
];

/**
 * The cursor of the page after a truncated one. The page's parameter text reads "from a prior
 * response's cursor field", but its answer schema lists no such field: the answer's `cursor` is
 * taken when present, else the oldest `trigger_timestamp` of the page. Undefined when there is none.
 */
function cursorAfter(body: IDataObject, activities: IDataObject[]): string | undefined {
	if (typeof body.cursor === 'string' && body.cursor.trim() !== '') return body.cursor.trim();
	const times = activities.map((a) => time(a.trigger_timestamp)).filter((t) => !Number.isNaN(t));
	return times.length > 0 ? iso(Math.min(...times)) : undefined;
}

/**
 * Whether a cursor moves the read on: older than where this page started (the last cursor, or the
 * window's end), and after the window's start (the page: within (start_time, end_time]). A cursor
 * that is no timestamp moves on when it differs from the last one.
 */
function moves(cursor: string, record: ActivityRecord): boolean {
	const at = time(cursor);
	if (Number.isNaN(at)) return cursor !== record.cursor;
	const from = record.cursor !== undefined ? time(record.cursor) : windowOf(record).end;
	return at < from && at > windowOf(record).start;
}

/**
 * Reads one page: its new activities (not output before; simplified; within Limit), and the next
 * call when there is more to read: the window's next page (truncated), else the next older window.
 */
export function settleActivity(body: IDataObject, record: ActivityRecord): Settled {
	const refused = refusedIn(body, 'named', 'the activity');
	if (refused) return refused;
	const answered: unknown = body.activities;
	if (!Array.isArray(answered) || !answered.every(isProfile)) {
		return new Rejection(
			`Blueshift answered without a list of activities (it said: ${said(body)})`,
			'The page documents { activities: [...], total, truncated }. Run the item again; if it persists, contact Blueshift support.',
		);
	}
	const listed = answered as IDataObject[];
	const seen = new Set(record.seen);
	const fresh = listed.filter((activity) => !seen.has(keyOf(activity)));
	const results = (record.simplify ? fresh.map((a) => simplified(a, ACTIVITY_KEPT)) : fresh).slice(
		0,
		record.remaining,
	);
	const remaining = record.remaining === undefined ? undefined : record.remaining - results.length;
	if (remaining === 0) return results;

	const window = windowOf(record);
	const cursor = body.truncated === true ? cursorAfter(body, listed) : undefined;
	// truncated, but no cursor moves the read on: going to the older window would skip the rest of
	// this one without a word, so the item fails instead
	if (body.truncated === true && (cursor === undefined || !moves(cursor, record))) {
		return new Rejection(
			'Blueshift said the activity was truncated but gave no cursor that reads on (every activity of the page at the same time?)',
			'Nothing was skipped silently: narrow Start Time and End Time so that fewer activities fall in one call, then run the item again.',
		);
	}
	const next: { cursor: string } | { windowEnd: string } | undefined =
		cursor !== undefined && moves(cursor, record)
			? { cursor }
			: window.start > time(record.start)
				? { windowEnd: iso(window.start) }
				: undefined;
	if (!next) return results;
	// what the next call may answer again: the activities output at or before its upper bound (the
	// cursor, or the older window's end, either read inclusively); all of them when it is no time
	const bound = time('cursor' in next ? next.cursor : next.windowEnd);
	const again = (at: number) => Number.isNaN(bound) || Number.isNaN(at) || at <= bound;
	const boundary = listed.filter((a) => again(time(a.trigger_timestamp))).map(keyOf);
	const carried = record.seen.filter((key) =>
		again(Date.parse(key.slice(key.lastIndexOf('|') + 1))),
	);
	const following: IDataObject = {
		...record,
		...next,
		seen: [...new Set([...carried, ...boundary])],
	};
	if (!('cursor' in next)) delete following.cursor;
	if (remaining !== undefined) following.remaining = remaining;
	return new NextPage(results, following);
}

/** What a 400 or 404 body says: the page's `{ errors: [{ detail }] }`. */
const detailsOf = (body: unknown): string => {
	const errors = (body as IDataObject | undefined)?.errors;
	if (!Array.isArray(errors)) return '';
	return errors
		.map((e) => (isProfile(e) && typeof e.detail === 'string' ? e.detail : ''))
		.filter(Boolean)
		.join('; ');
};

/** A second 404 ("User not found" on the page): no such customer, said so. */
export function activityNotFound(
	answer: ApiFailure,
	[record]: IDataObject[],
): Rejection[] | undefined {
	if (answer.status !== 404) return undefined;
	const [[key, value] = ['customer', '']] = Object.entries((record as ActivityRecord).by ?? {});
	const detail = detailsOf(answer.body) || 'not found';
	return [
		new Rejection(
			`Customer not found: Blueshift has no customer with ${key} ${String(value)} (404: ${detail})`,
			'Check the identifier and Identify By. Blueshift also documents 404 as a rare transient conflict: the node asked twice, so if you know the customer exists, run the item again later.',
			{ ...((answer.body ?? {}) as IDataObject), status: 404 },
		),
	];
}
