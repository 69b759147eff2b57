import type { IDataObject } from 'n8n-workflow';

/**
 * What one request from Blueshift becomes: a pure function of the parsed body, the node's filters
 * and the time it arrived. Blueshift pushes two shapes to the URLs set in Account Settings >
 * Campaign Activity Export > Webhooks (help.blueshift.com, "Campaign activity exports via
 * webhooks"; "Event webhook callback samples"; developer.blueshift.com, "Webhook for campaign
 * execution status"):
 *
 *   activity export    {"batch": [{action, campaign_uuid, message_uuid, email, customer_id,
 *                       trigger_timestamp, ...}, ...]}, about once a minute
 *   execution status   {campaign_name, campaign_uuid, user: {email, customer_id},
 *                       status: "success" | "failed", message | error_message, error_code, payload}
 *
 *   decode (shape, or why neither) -> normalise each entry -> drop repeats -> filter -> items
 *
 * Each item is the entry exactly as Blueshift sent it plus the fields of `Normalised`. Their names
 * are camelCase with a capital letter; every field Blueshift documents is lower snake_case, so
 * they cannot meet.
 */

/** The activity actions Blueshift's pages list, the values of the node's Events filter. */
export const ACTIVITY_ACTIONS = [
	'bounced',
	'clicked',
	'delivered',
	'opened',
	'unsubscribed',
] as const;
/** Filter values beyond the five actions: any other action, and the two execution statuses. */
export const OTHER_ACTIVITY = 'otherActivity';
export const EXECUTION_SUCCESS = 'executionSuccess';
export const EXECUTION_FAILED = 'executionFailed';

/**
 * Spellings of the five actions: the samples page sends "delivered", the older help page lists
 * "open/click/unsubscribed/delivered/spam"; both readings land on the filter's value.
 */
const ACTION_SPELLINGS: Record<string, string> = {
	bounce: 'bounced',
	bounced: 'bounced',
	click: 'clicked',
	clicked: 'clicked',
	delivered: 'delivered',
	open: 'opened',
	opened: 'opened',
	unsubscribe: 'unsubscribed',
	unsubscribed: 'unsubscribed',
};

/** The fields the node adds to every item (documented in docs/trigger.md). */
export interface Normalised {
	/** Which webhook sent it. */
	eventKind: 'activity' | 'executionStatus';
	/** The action (one of ACTIVITY_ACTIONS, or another one lowercased) or the status lowercased. */
	eventAction: string | null;
	campaignUuid: string | null;
	customerEmail: string | null;
	customerId: string | null;
	/** The activity's trigger_timestamp in ISO 8601 (UTC); null when absent or unreadable. */
	eventTimestamp: string | null;
	/** When n8n received the request, ISO 8601 (UTC). */
	receivedAt: string;
}

export interface Filters {
	/** Values of the Events filter: actions, OTHER_ACTIVITY, EXECUTION_SUCCESS, EXECUTION_FAILED. */
	events: string[];
	/** Campaign UUIDs, lowercased; empty: every campaign. */
	campaigns: string[];
}

export type Decoded =
	| { kind: 'invalid'; reason: string }
	| { kind: 'activity' | 'executionStatus'; entries: IDataObject[]; notObjects: number };

export interface Selection {
	items: IDataObject[];
	/** Entries in the request, repeats left out, filtered out. */
	received: number;
	duplicates: number;
	filteredOut: number;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null => {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
};

const EXPECTED =
	'expected {"batch": [...]} (campaign activity export) or an object with "status" and "campaign_uuid" (campaign execution status)';

/** Tells the two shapes apart by their keys; anything else is invalid, with the reason. */
export function decode(body: unknown): Decoded {
	if (!isObject(body)) {
		const got = Array.isArray(body) ? 'an array' : body === null ? 'null' : `a ${typeof body}`;
		return { kind: 'invalid', reason: `The body is JSON but ${got}: ${EXPECTED}.` };
	}
	if ('batch' in body) {
		if (!Array.isArray(body.batch)) {
			return { kind: 'invalid', reason: `"batch" is not an array: ${EXPECTED}.` };
		}
		const entries = body.batch.filter(isObject);
		const notObjects = body.batch.length - entries.length;
		// a batch of nothing but non-objects is not Blueshift's; one stray entry does not lose the rest
		if (entries.length === 0 && notObjects > 0) {
			return { kind: 'invalid', reason: 'No entry of "batch" is a JSON object.' };
		}
		return { kind: 'activity', entries, notObjects };
	}
	const statusShape =
		typeof body.status === 'string' &&
		(typeof body.campaign_uuid === 'string' || isObject(body.user));
	if (statusShape) return { kind: 'executionStatus', entries: [body], notObjects: 0 };
	const keys = Object.keys(body).slice(0, 5).join(', ');
	return {
		kind: 'invalid',
		reason: `The JSON has neither shape (keys: ${keys || 'none'}): ${EXPECTED}.`,
	};
}

/** Any timestamp Blueshift may send as ISO 8601 UTC: ISO text (no zone: UTC), epoch s or ms. */
export function isoTimestamp(value: unknown): string | null {
	const epoch = (n: number) => {
		const date = new Date(n < 1e11 ? n * 1000 : n);
		return Number.isNaN(date.getTime()) ? null : date.toISOString();
	};
	if (typeof value === 'number') return Number.isFinite(value) ? epoch(value) : null;
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return epoch(Number(trimmed));
	const match =
		/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
			trimmed,
		);
	if (!match) return null;
	const [, day, time = '00:00:00', fraction = '', zone = 'Z'] = match;
	const offset = /^[+-]\d{2}$/.test(zone)
		? `${zone}:00`
		: zone.toUpperCase() === 'Z'
			? 'Z'
			: zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
	const millis = fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
	const date = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}${millis}${offset}`);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The normalised fields of one entry. */
export function normalise(
	kind: 'activity' | 'executionStatus',
	entry: IDataObject,
	receivedAt: string,
): Normalised {
	const user = isObject(entry.user) ? entry.user : {};
	const raw = text(kind === 'activity' ? (entry.action ?? entry.event) : entry.status);
	const lowered = raw === null ? null : raw.toLowerCase();
	return {
		eventKind: kind,
		eventAction:
			lowered !== null && kind === 'activity' ? (ACTION_SPELLINGS[lowered] ?? lowered) : lowered,
		campaignUuid: text(entry.campaign_uuid),
		customerEmail: text(entry.email) ?? text(user.email),
		customerId: text(entry.customer_id) ?? text(user.customer_id),
		eventTimestamp: kind === 'activity' ? isoTimestamp(entry.trigger_timestamp) : null,
		receivedAt,
	};
}

/** The Events filter value an entry answers to, or undefined when no value covers it. */
export function filterValue(fields: Normalised): string | undefined {
	if (fields.eventKind === 'executionStatus') {
		if (fields.eventAction === 'success') return EXECUTION_SUCCESS;
		if (fields.eventAction === 'failed') return EXECUTION_FAILED;
		return undefined;
	}
	const action = fields.eventAction ?? '';
	return (ACTIVITY_ACTIONS as readonly string[]).includes(action) ? action : OTHER_ACTIVITY;
}

/** Reads the Campaign UUIDs parameter: separated by commas, semicolons, spaces or new lines. */
export function campaignList(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(/[\s,;]+/)
		.map((uuid) => uuid.trim().toLowerCase())
		.filter((uuid) => uuid !== '');
}

/**
 * The items one decoded request starts: repeats of (message_uuid, action) within the request
 * dropped (the first one stays), then the filters applied; order kept.
 */
export function select(
	decoded: Exclude<Decoded, { kind: 'invalid' }>,
	filters: Filters,
	receivedAt: string,
): Selection {
	const seen = new Set<string>();
	const events = new Set(filters.events);
	const campaigns = new Set(filters.campaigns);
	const items: IDataObject[] = [];
	let duplicates = 0;
	let filteredOut = 0;
	for (const entry of decoded.entries) {
		const fields = normalise(decoded.kind, entry, receivedAt);
		const messageUuid = text(entry.message_uuid);
		if (messageUuid !== null) {
			const key = JSON.stringify([messageUuid, fields.eventAction]);
			if (seen.has(key)) {
				duplicates++;
				continue;
			}
			seen.add(key);
		}
		const value = filterValue(fields);
		const campaignOk =
			campaigns.size === 0 || campaigns.has((fields.campaignUuid ?? '').toLowerCase());
		if (value === undefined || !events.has(value) || !campaignOk) {
			filteredOut++;
			continue;
		}
		items.push({ ...entry, ...fields });
	}
	return { items, received: decoded.entries.length, duplicates, filteredOut };
}
