import { z } from 'zod';

/**
 * The rules Blueshift's reference pages state for the fields of a customer, as zod schemas
 * (https://developer.blueshift.com/reference/post_api-v1-customers and the pages of the calls
 * that name a customer). Every record passes `validateRecord` (validation.ts) before anything is
 * sent; a failure names the field and the rule.
 */

/** A UUID in the 8-4-4-4-12 form, as every page shows Blueshift's (and RFC 4122 event_uuid). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** E.164 as the reference page states it: starts with +, no leading 0, 6 to 14 characters in all. */
export const E164 = /^\+[1-9]\d{4,12}$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/**
 * Email: at most 64 characters on the create and update customer pages; the other endpoints' pages
 * give no limit of their own, and the pages that state one for Blueshift in general give 64, 128 or
 * 256. So 64 for Create or Update, Bulk Create or Update and the events (processed after the
 * answer: an email refused there would be lost without a word), and the larger reading, 256, for
 * the calls that answer for themselves (search, tracking, delete, lists, triggers): an email
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

export const text = () =>
	z.string({
		invalid_type_error: `must be text`,
		required_error: `is required`,
	});

/**
 * Text of at most `max` characters that passes `rules`, checked only once the length is known to
 * be within `max`: a crafted value of megabytes never reaches a pattern (where backtracking over
 * it could exhaust the stack) and is refused by its length alone.
 */
export const boundedText = (max: number, rules: Array<[(value: string) => boolean, string]>) =>
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
export const identifyingEmail = emailOf(EMAIL_MAX_ELSEWHERE);

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
/** device_id, cookie and the like: text or a number (sent as text), no length documented. */
export const identifier = identifierOf();
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

export const customerShape = {
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

/**
 * The rule "at least one of these identifiers", for `.refine(...)`: its message is the whole rule
 * (not prefixed with a field's label), reported on `email`.
 */
export const oneOf = (
	keys: readonly string[],
	message: string,
): [(record: Record<string, unknown>) => boolean, z.CustomErrorParams] => [
	(record) => keys.some((key) => record[key] !== undefined),
	{ message, path: ['email'], params: { whole: true } },
];

const EMAIL_OR_ID = oneOf(
	['email', 'customer_id'],
	'Email or Customer ID is required: give at least one of email, customer_id',
);

/** A customer record: the standard fields plus any custom attributes (passed through as given). */
export const customerSchema = z
	.object(customerShape)
	.passthrough()
	.refine(...EMAIL_OR_ID);

/** The identifiers alone: Start Tracking, Delete, Search (email), lists, triggers. */
export const identifiersSchema = z
	.object({ email: identifyingEmail.optional(), customer_id: customerShape.customer_id })
	.refine(...EMAIL_OR_ID);
