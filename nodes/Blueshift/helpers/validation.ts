import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { InvalidInput, reservedKeyIn, reservedKeyRule } from './inputKeys';

/**
 * What every operation's records go through before anything is sent: the result of building one
 * item's record (`Validated`), a record checked against its zod schema (rules.ts) with every broken
 * rule named, and the rules every record obeys whatever the operation (withinPayload).
 */

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

export type Validated =
	/** `group`: records of different groups never share a call (e.g. items for different lists). */
	| { ok: true; record: IDataObject; bytes?: number; group?: string }
	| { ok: false; field: string; rule: string; message: string };

/** A bad item's result. */
export type Invalid = Extract<Validated, { ok: false }>;

/** A bad item: the field and the rule it breaks. */
export const invalid = (field: string, rule: string): Invalid => ({
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
