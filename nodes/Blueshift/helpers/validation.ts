import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { InvalidInput, reservedKeyIn, reservedKeyRule } from './inputKeys';

/**
 * The rules Blueshift's reference pages state for a customer record, as zod schemas. Every payload
 * passes through `validateRecord` before anything is sent; a failure names the field and the rule.
 */

/** E.164 as the reference page states it: starts with +, no leading 0, 6 to 14 characters in all. */
export const E164 = /^\+[1-9]\d{4,12}$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/**
 * Email: at most 64 characters on the create and update customer pages; the other endpoints' pages
 * give no limit of their own, and the pages that state one for Blueshift in general give 64, 128 or
 * 256 (INDEX conflict 4). So 64 for Create or Update, Bulk Create or Update and the events (processed
 * after the answer: an email refused there would be lost without a word), and the larger reading,
 * 256, for the calls that answer for themselves (search, tracking, delete, lists, triggers): an email
 * Blueshift refuses between the two comes back as Blueshift's own error on the item, while a
 * stricter node would refuse emails that work.
 */
export const EMAIL_MAX = 64;
export const EMAIL_MAX_ELSEWHERE = 256;

/** Fields Blueshift names itself; a custom attribute may not take one of these names. */
export const STANDARD_FIELDS = [
	'email',
	'customer_id',
	'uuid',
	'firstname',
	'lastname',
	'phone_number',
	'gender',
	'joined_at',
	'subscription_groups',
] as const;

/** How each API field is labelled in the node's UI, for error messages. */
const LABELS: Record<string, string> = {
	email: 'Email',
	customer_id: 'Customer ID',
	uuid: 'UUID',
	firstname: 'First Name',
	lastname: 'Last Name',
	phone_number: 'Phone Number',
	gender: 'Gender',
	joined_at: 'Joined At',
	subscription_groups: 'Subscription Groups',
	event: 'Event Name',
	device_id: 'Device ID',
	cookie: 'Cookie',
	event_uuid: 'Event UUID',
};

const text = () =>
	z.string({
		invalid_type_error: `must be text`,
		required_error: `is required`,
	});

/**
 * Text of at most `max` characters that passes `rules`, checked only once the length is known to
 * be within `max`: a crafted value of megabytes never reaches a pattern (where backtracking over
 * it could exhaust the stack) and is refused by its length alone.
 */
const boundedText = (max: number, rules: Array<[(value: string) => boolean, string]>) =>
	text().superRefine((value, ctx) => {
		if (value.length > max) {
			ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
			return;
		}
		const broken = rules.find(([passes]) => !passes(value));
		if (broken) ctx.addIssue({ code: 'custom', message: broken[1] });
	});

const emailOf = (max: number) =>
	boundedText(max, [
		[(value) => EMAIL_SHAPE.test(value), 'must be an email address like name@example.com'],
	]);
const email = emailOf(EMAIL_MAX);
/** An email that identifies a customer in a call answered for itself (search, tracking, delete, lists, triggers). */
const identifyingEmail = emailOf(EMAIL_MAX_ELSEWHERE);

/**
 * customer_id: the pages give 128 characters (Customer data, troubleshooting) and, in one version,
 * 64. The node takes up to 128, the larger reading: an id Blueshift refuses between the two comes
 * back as Blueshift's own error on the item, while a stricter node would refuse ids that work.
 */
export const CUSTOMER_ID_MAX = 128;

const identifierOf = (max?: number) =>
	z.union(
		[
			max
				? text().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
				: text().min(1, 'must not be empty'),
			z.number().finite(),
		],
		{
			errorMap: (issue, ctx) =>
				issue.code === 'invalid_union'
					? { message: 'must be text or a number' }
					: { message: ctx.defaultError },
		},
	);
/** device_id, cookie and the like: no length documented. */
const identifier = identifierOf();
const customerId = identifierOf(CUSTOMER_ID_MAX);

/** ISO 8601 as the pages ask for dates in payloads: a date, optionally a time and zone. */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A date that exists in the calendar: 31 February or 24:61 is refused (Date.parse would roll it
 * over into March or the next day), a zone offset is at most 14 hours.
 */
export function isDate(value: string): boolean {
	const parts = ISO_DATE.exec(value.trim());
	if (!parts) return false;
	const [year, month, day, hour = 0, minute = 0, second = 0, zoneHour = 0, zoneMinute = 0] = parts
		.slice(1)
		.map((part) => (part === undefined ? undefined : Number(part)));
	if (month === undefined || day === undefined || year === undefined || month < 1 || month > 12) {
		return false;
	}
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
	return (
		day >= 1 &&
		day <= days &&
		hour <= 23 &&
		minute <= 59 &&
		second <= 59 &&
		zoneHour <= 14 &&
		zoneMinute <= 59
	);
}

const subscriptionGroup = z
	.object(
		{
			id: text().trim().min(1, 'must not be empty'),
			subscribed: z.boolean({
				invalid_type_error: 'must be true or false',
				required_error: 'is required (true or false)',
			}),
		},
		{ invalid_type_error: 'must be an object { id, subscribed }' },
	)
	.strict('may only hold id and subscribed');

const customerShape = {
	email: email.optional(),
	customer_id: customerId.optional(),
	uuid: text().optional(),
	firstname: text().optional(),
	lastname: text().optional(),
	gender: text().optional(),
	phone_number: text()
		.regex(E164, 'must be in E.164 format: + and country code, no leading 0, 6 to 14 characters')
		.optional(),
	joined_at: text()
		.refine(isDate, 'must be an ISO 8601 date, e.g. 2024-01-31T10:00:00Z')
		.optional(),
	subscription_groups: z
		.array(subscriptionGroup, { invalid_type_error: 'must be a list of { id, subscribed }' })
		.optional(),
};

const hasIdentifier = (record: { email?: unknown; customer_id?: unknown }) =>
	record.email !== undefined || record.customer_id !== undefined;
const IDENTIFIER_RULE = {
	message: 'Email or Customer ID is required: give at least one of email, customer_id',
	path: ['email'],
	params: { whole: true },
};

/** A customer record: the standard fields plus any custom attributes (passed through as given). */
export const customerSchema = z
	.object(customerShape)
	.passthrough()
	.refine(hasIdentifier, IDENTIFIER_RULE);

/** The identifiers alone: Start Tracking, Delete, Search (email), lists, triggers. */
export const identifiersSchema = z
	.object({ email: identifyingEmail.optional(), customer_id: customerShape.customer_id })
	.refine(hasIdentifier, IDENTIFIER_RULE);

export type Validated =
	/** `group`: records of different groups never share a call (e.g. items for different lists). */
	| { ok: true; record: IDataObject; bytes?: number; group?: string }
	| { ok: false; field: string; rule: string; message: string };

/** A bad item: the field and the rule it breaks. */
export const invalid = (field: string, rule: string): Validated => ({
	ok: false,
	field,
	rule,
	message: rule,
});

/** Formats a zod path the way a user reads it: `subscription_groups[1].subscribed`. */
const pathOf = (path: Array<string | number>) =>
	path.reduce<string>(
		(acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
		'',
	);

/**
 * Identifiers the node takes as text or a number (an id column read as a number) go out as text:
 * every page types them as strings, and a server that checks types would refuse `12345`.
 */
const TEXT_IDENTIFIERS = ['customer_id', 'device_id', 'cookie'];

/**
 * Validates a record with a schema; on failure says which field broke which rule, all of them.
 * `textFields`: fields the schema takes as text or a number, sent as text.
 */
export function validateRecord(
	schema: z.ZodTypeAny,
	record: IDataObject,
	textFields: readonly string[] = TEXT_IDENTIFIERS,
): Validated {
	const parsed = schema.safeParse(record);
	if (parsed.success) {
		for (const key of textFields)
			if (typeof record[key] === 'number') record[key] = String(record[key]);
		return { ok: true, record };
	}
	const issues = parsed.error.issues.map((issue) => {
		const field = pathOf(issue.path) || 'record';
		const top = String(issue.path[0] ?? '');
		const label = LABELS[top] ? `${LABELS[top]} (${field})` : field;
		const whole =
			issue.code === 'custom' && (issue.params as { whole?: boolean } | undefined)?.whole;
		const rule = whole ? issue.message : `${label} ${issue.message}`;
		return { field, rule };
	});
	return {
		ok: false,
		field: issues[0].field,
		rule: issues[0].rule,
		message: issues.map((issue) => issue.rule).join('; '),
	};
}

/** Empty values are left out, never sent as "": undefined, null and blank strings. */
export function withoutEmpty(record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string' && value.trim() === '') continue;
		out[key] = value;
	}
	return out;
}

/**
 * The largest body the node sends in one call. Blueshift documents 1 MB as the most one payload may
 * hold; a bulk chunk that would pass it is split, and a record larger on its own is refused.
 */
export const MAX_PAYLOAD_BYTES = 1_000_000;

/** The size of a record as JSON in the body, in bytes. */
export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

export { RESERVED_NAMES, reservedNameRule } from './inputKeys';

/**
 * A field that could not be read (an expression that throws) is bad input for that item only; a
 * field holding a key the node refuses says which (see inputKeys.ts).
 */
export function failedRead(error: unknown): Validated {
	if (error instanceof InvalidInput) return invalid(error.field, error.rule);
	return invalid('parameter', `A field could not be read: ${(error as Error).message}`);
}

/**
 * Adds the rules every record obeys to a builder (every operation's records pass here, see the
 * runner): no key named __proto__, constructor or prototype at any depth, and a JSON that, inside
 * a body of `envelopeBytes`, stays within the payload limit. A record that breaks one is bad input
 * like any other, so "Stop Workflow" catches it before anything is sent. A valid record comes back
 * with its size in bytes.
 */
export function withinPayload(
	build: (i: number) => Validated,
	envelopeBytes = 0,
): (i: number) => Validated {
	return (i) => {
		const v = build(i);
		if (!v.ok) return v;
		const reserved = reservedKeyIn(v.record);
		if (reserved !== undefined) return invalid(reserved, reservedKeyRule('The record', reserved));
		const bytes = jsonBytes(v.record);
		if (envelopeBytes + bytes <= MAX_PAYLOAD_BYTES) return { ...v, bytes };
		const rule = `The record is ${bytes} bytes as JSON; Blueshift takes at most ${MAX_PAYLOAD_BYTES} bytes in one call (shorten its custom attributes)`;
		return { ok: false, field: 'record', rule, message: rule };
	};
}

/**
 * Events (POST /api/v1/event and /bulkevents), by send-event.md: `event` required, at most 64
 * characters, no period, no whitespace, not numeric; at least one identifier of email,
 * customer_id, device_id, cookie; `event_uuid` an RFC 4122 UUID; email, phone and subscription
 * groups as for a customer; anything else (custom attributes) passes through.
 */
export const EVENT_NAME_MAX = 64;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields an event names itself; an attribute may not take one of these names. */
export const EVENT_STANDARD_FIELDS = [
	'event',
	'email',
	'customer_id',
	'device_id',
	'cookie',
	'event_uuid',
	'subscription_groups',
	'ip',
	'device_type',
	'device_token',
	'device_idfa',
	'device_idfv',
	'device_manufacturer',
	'os_name',
	'network_carrier',
	'latitude',
	'longitude',
	'phone_number',
] as const;

const eventName = boundedText(EVENT_NAME_MAX, [
	[(name) => name.length > 0, 'is required'],
	[(name) => !name.includes('.'), 'must not contain a period (.)'],
	[(name) => !/\s/.test(name), 'must not contain whitespace'],
	[(name) => !/^[+-]?\d+$/.test(name), 'must not be a number'],
]);

/**
 * The event fields Blueshift's OpenAPI for /event and /bulkevents types as strings (bulk events
 * call the push token `device_tokens`) that an item may hold as numbers (a latitude, an ip read
 * as a number): taken as text or a number and sent as text.
 */
export const EVENT_TEXT_FIELDS = [
	'customer_id',
	'device_id',
	'cookie',
	'ip',
	'device_type',
	'device_token',
	'device_tokens',
	'device_idfa',
	'device_idfv',
	'device_manufacturer',
	'os_name',
	'network_carrier',
	'latitude',
	'longitude',
] as const;

const eventTextShape = Object.fromEntries(
	EVENT_TEXT_FIELDS.map((field) => [field, identifier.optional()]),
) as Record<(typeof EVENT_TEXT_FIELDS)[number], z.ZodOptional<typeof identifier>>;

const hasEventIdentifier = (record: Record<string, unknown>) =>
	['email', 'customer_id', 'device_id', 'cookie'].some((key) => record[key] !== undefined);

export const eventSchema = z
	.object({
		...eventTextShape,
		event: eventName,
		// 64: events are processed after the answer, so an email Blueshift refuses there is lost silently
		email: customerShape.email,
		customer_id: customerShape.customer_id,
		event_uuid: text()
			.regex(UUID, 'must be a UUID like 2c4e6a80-1b3d-4f5a-9c7e-0d2f4b6a8c1e')
			.optional(),
		phone_number: customerShape.phone_number,
		subscription_groups: customerShape.subscription_groups,
	})
	.passthrough()
	.refine(hasEventIdentifier, {
		message:
			'An identifier is required: give at least one of email, customer_id, device_id, cookie',
		path: ['email'],
		params: { whole: true },
	});
