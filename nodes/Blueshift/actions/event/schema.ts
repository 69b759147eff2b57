import { z } from 'zod';

import { boundedText, customerShape, identifier, oneOf, text, UUID } from '../../helpers/rules';

/**
 * Events (POST /api/v1/event and /bulkevents), by
 * https://developer.blueshift.com/reference/post_api-v1-event: `event` required, at most 64
 * characters, no period, no whitespace, not numeric; at least one identifier of email,
 * customer_id, device_id, cookie; `event_uuid` an RFC 4122 UUID; email, phone and subscription
 * groups as for a customer; anything else (custom attributes) passes through.
 */
export const EVENT_NAME_MAX = 64;

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

/** Fields an event names itself; an attribute may not take one of these names. */
export const EVENT_STANDARD_FIELDS: readonly string[] = [
	'event',
	'email',
	'event_uuid',
	'subscription_groups',
	'phone_number',
	// device_tokens is the bulk page's name for device_token: an attribute may still take it
	...EVENT_TEXT_FIELDS.filter((field) => field !== 'device_tokens'),
];

const eventName = boundedText(EVENT_NAME_MAX, [
	[(name) => name.length > 0, 'is required'],
	[(name) => !name.includes('.'), 'must not contain a period (.)'],
	[(name) => !/\s/.test(name), 'must not contain whitespace'],
	[(name) => !/^[+-]?\d+$/.test(name), 'must not be a number'],
]);

const eventTextShape = Object.fromEntries(
	EVENT_TEXT_FIELDS.map((field) => [field, identifier.optional()]),
) as Record<(typeof EVENT_TEXT_FIELDS)[number], z.ZodOptional<typeof identifier>>;

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
	.refine(
		...oneOf(
			['email', 'customer_id', 'device_id', 'cookie'],
			'An identifier is required: give at least one of email, customer_id, device_id, cookie',
		),
	);
