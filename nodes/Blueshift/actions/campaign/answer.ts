import type { IDataObject } from 'n8n-workflow';

import type { Settled } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import type { ApiFailure } from '../../../shared/transport';

/**
 * How Blueshift's answers to a trigger read, for Trigger and Trigger Many alike: what an answer
 * or a bulk entry says, when it shows the trigger as sent (or already sent: a repeated
 * transaction_uuid), and what a failed answer means for it.
 */

/** What an answer or entry says, in a line. */
export function saidBy(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, 300);
	if (!body || typeof body !== 'object' || Array.isArray(body)) return '';
	const b = body as IDataObject;
	const text = ['error', 'message', 'detail', 'reason']
		.map((k) => b[k])
		.find((v) => typeof v === 'string') as string | undefined;
	const code = b.error_code !== undefined ? ` (error_code ${String(b.error_code)})` : '';
	return text ? `${text}${code}` : code.trim();
}

/** Blueshift's error codes of a trigger, with what to do (the trigger page lists them). */
export const HINTS: Record<string, string> = {
	'101':
		'The campaign is not triggered through the API: in Blueshift, set its journey start trigger to "API Endpoint is called".',
	'102':
		'The campaign cannot be triggered through this endpoint, or the recipient has no identifier Blueshift knows: check the campaign and send the email.',
};

/** Where a trigger answer or bulk entry may put its words (the pages show none for a repeated key). */
const SAID_KEYS = ['message', 'error', 'status', 'detail', 'reason'];

/** What the output of a trigger the answer shows as sent holds. */
export function sent(record: IDataObject, answer: IDataObject): IDataObject {
	const out: IDataObject = { campaign_uuid: record.campaign_uuid };
	if (record.email !== undefined) out.email = record.email;
	if (record.customer_id !== undefined) out.customer_id = record.customer_id;
	out.transaction_uuid = record.transaction_uuid;
	out.success = true;
	// a trigger whose transaction_uuid Blueshift had already processed is answered 200 with a message
	const said = SAID_KEYS.find((key) => typeof answer[key] === 'string');
	if (said) out.message = answer[said];
	if (alreadyHandled(answer)) out.already_processed = true;
	return out;
}

/**
 * A repeated transaction_uuid is answered 200 "with a message saying the request was already
 * handled", and no second message goes out (https://developer.blueshift.com/reference/post_api-v1-campaigns-execute
 * and its bulk sibling); the
 * pages do not show that body, so whatever it says of `success`, a 2xx answer or entry that says the
 * request was already processed or handled, or is a duplicate request or transaction, counts as
 * sent: the first request sent it. Only those words: a refusal that merely says "already" ("campaign
 * already archived", "user already unsubscribed") or carries a documented `error_code` stays a refusal.
 */
const ALREADY_HANDLED =
	/\balready\s+(?:been\s+)?(?:processed|handled|received|executed|triggered)\b|\bduplicate\s+(?:transaction|request)/i;

export function alreadyHandled(entry: IDataObject): boolean {
	if (entry.error_code !== undefined && entry.error_code !== null) return false;
	return SAID_KEYS.some((key) => {
		const value = entry[key];
		return typeof value === 'string' && ALREADY_HANDLED.test(value);
	});
}

export const notSentNote = (record: IDataObject) =>
	`Blueshift did not send it. Running the item again is safe${record.transaction_uuid ? ` (transaction_uuid ${String(record.transaction_uuid)})` : ''}.`;

export function refusedEntry(entry: IDataObject, record: IDataObject): Rejection {
	const said = saidBy(entry);
	const code = entry.error_code !== undefined ? String(entry.error_code) : '';
	return new Rejection(
		`Blueshift refused the trigger for campaign ${String(record.campaign_uuid)}${said ? `: ${said}` : ' (success: false)'}`,
		`${HINTS[code] ?? 'Check the campaign and the recipient in Blueshift.'} ${notSentNote(record)}`,
		entry,
	);
}

/**
 * A failed answer, read for what it means for a trigger: Blueshift's hint for 404 and 422, and for
 * a call that may have arrived (no answer after every retry), what makes running it again safe.
 */
export function triggerFailure(answer: ApiFailure, records: IDataObject[]): Settled[] | undefined {
	const detail = (record: IDataObject) =>
		({
			status: answer.status,
			...(answer.body ?? {}),
			transaction_uuid: record.transaction_uuid,
		}) as IDataObject;
	// no answer to an attempt that may have arrived (whatever the last attempt got): it may have been sent
	if (answer.maybeSent) {
		return records.map(
			(record) =>
				new Rejection(
					answer.message,
					`The trigger may or may not have reached Blueshift. Running it again is safe with the same transaction_uuid ${String(record.transaction_uuid)}: Blueshift sends one message per key (map a business key into Transaction UUID to keep it across runs).`,
					detail(record),
				),
		);
	}
	if (answer.status === undefined) return undefined;
	const said = saidBy(answer.body) || answer.message;
	if (answer.status === 404) {
		return records.map(
			(record) =>
				new Rejection(
					records.length > 1
						? `Blueshift did not find a campaign of this call (404: ${said})`
						: `Blueshift did not find campaign ${String(record.campaign_uuid)} (404: ${said})`,
					`Check the Campaign UUID (from the campaign's URL in Blueshift). ${notSentNote(record)}`,
					detail(record),
				),
		);
	}
	if (answer.status === 422) {
		const code =
			answer.body && typeof answer.body === 'object'
				? String((answer.body as IDataObject).error_code ?? '')
				: '';
		return records.map(
			(record) =>
				new Rejection(
					`Blueshift refused the trigger for campaign ${String(record.campaign_uuid)} (422: ${said})`,
					`${HINTS[code] ?? 'Check the campaign and the recipient in Blueshift.'} ${notSentNote(record)}`,
					detail(record),
				),
		);
	}
	if (answer.status === 413) {
		return records.map(
			(record) =>
				new Rejection(
					`Blueshift refused the call as too large (413: ${said})`,
					`Lower the Batch Size option, or shorten the trigger's attributes. ${notSentNote(record)}`,
					detail(record),
				),
		);
	}
	return undefined;
}
