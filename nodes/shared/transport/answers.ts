import type { IDataObject, JsonObject } from 'n8n-workflow';

import { cut } from './redact';

/** The longest text an answer puts into a message. */
export const MAX_SAID = 300;

/** A failure's body (kept in `details` of every item of its call): each text cut, and the whole bounded. */
const MAX_BODY_TEXT = 1000;
const MAX_FAILURE_BODY = 64 * 1024;

const isObject = (value: unknown): value is IDataObject =>
	!!value && typeof value === 'object' && !Array.isArray(value);

/**
 * The body as Blueshift answers: a JSON object, or a non-empty list of them (bulk_execute answers
 * one per payload, and a call always sends at least one); undefined for anything else (not JSON,
 * `[]`, `null`, a string, a number).
 */
export function answerOf(text: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		if (isObject(parsed)) return parsed;
		const list = Array.isArray(parsed) && parsed.length > 0 && parsed.every(isObject);
		return list ? (parsed as unknown as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A failure's body as it may be kept on every item of its call: each text cut to MAX_BODY_TEXT,
 * and, if still larger than MAX_FAILURE_BODY, only its message.
 */
export function boundedBody(body: unknown, text: string): JsonObject {
	const cutTexts = (value: unknown): unknown => {
		if (typeof value === 'string') return cut(value, MAX_BODY_TEXT);
		if (Array.isArray(value)) return value.map(cutTexts);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.entries(value).map(([k, v]) => [cut(k, MAX_BODY_TEXT), cutTexts(v)]),
			);
		}
		return value;
	};
	const bounded =
		body && typeof body === 'object' ? (cutTexts(body) as JsonObject) : { message: text };
	if (JSON.stringify(bounded).length <= MAX_FAILURE_BODY) return bounded;
	return {
		message: text,
		truncated: `The answer was larger than ${MAX_FAILURE_BODY / 1024} KB; only its message is kept`,
	};
}

const fieldText = (msgs: unknown) =>
	Array.isArray(msgs)
		? msgs.join(', ')
		: typeof msgs === 'object' && msgs !== null
			? JSON.stringify(msgs)
			: String(msgs);

/** `errors` in a line: `{field: messages}`, or a list of such objects or of texts (the event pages' 400). */
function errorsText(errors: unknown): string {
	if (typeof errors === 'string') return errors;
	if (Array.isArray(errors)) return errors.map(errorsText).filter(Boolean).join('; ');
	if (!errors || typeof errors !== 'object') return '';
	return Object.entries(errors as IDataObject)
		.map(([field, msgs]) => `${field}: ${fieldText(msgs)}`)
		.join('; ');
}

/** What the API said, in a line: `message`, or every `errors` field with its messages. */
export function apiMessageOf(body: unknown): { text: string; errors?: IDataObject } {
	if (typeof body === 'string') return { text: body.slice(0, 200) };
	if (!body || typeof body !== 'object') return { text: '' };
	const { message, errors, error } = body as IDataObject;
	const listed = errors && typeof errors === 'object' ? errorsText(errors).slice(0, MAX_SAID) : '';
	if (listed) {
		return Array.isArray(errors)
			? { text: listed }
			: { text: listed, errors: errors as IDataObject };
	}
	if (typeof message === 'string') return { text: cut(message, MAX_SAID) };
	if (typeof error === 'string') return { text: cut(error, MAX_SAID) };
	return { text: '' };
}

/**
 * The error for a status. `retried`: whether this call retries that status, so the message never
 * says "retry later" of a status the node did not retry, and never hides that it did. The wording
 * follows https://developer.blueshift.com/reference/api-errors.
 */
export function describeStatus(
	status: number,
	apiText: string,
	attempts: number,
	retried: boolean,
) {
	const said = apiText ? `: ${apiText}` : '';
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	switch (true) {
		case status === 401:
			return {
				message: `Blueshift did not accept the API key (401${said})`,
				description:
					'Check the User API key in the Blueshift credential (the User API key, not the Event API key) and that the region matches your account.',
			};
		case status === 403:
			return {
				message: `The API key is not allowed to do this (403${said})`,
				description:
					'Use an API key whose role may do this in Blueshift (an admin generates the User API key).',
			};
		case status === 413:
			return {
				message: `Blueshift refused the call as too large (413${said})`,
				description:
					'Lower the Batch Size option where the operation has one (bulk calls are split and resent by themselves); a single record this large must be made smaller.',
			};
		case status === 429:
			return {
				message: `Blueshift's rate limit was exceeded (429${said})${tries}`,
				description:
					'Lower the calls-per-second option (several n8n instances on one account: divide the rate among them), raise Max Retries, or ask Blueshift for a higher limit.',
			};
		case retried:
			return {
				message: `Blueshift asked to retry later (${status}${said})${tries}`,
				description:
					'Blueshift was busy or the record was locked, and stayed so through every retry; run the item again later.',
			};
		case status >= 500:
			return {
				message: `Blueshift had a server error (${status}${said})`,
				description:
					'Blueshift could not process the call; this status is not retried. Run the item again later; if it persists, contact Blueshift support.',
			};
		default:
			return {
				message: `Blueshift rejected the request (${status}${said})`,
				description: 'Fix the fields named in the message and run the item again.',
			};
	}
}
