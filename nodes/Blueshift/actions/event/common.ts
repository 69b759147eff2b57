import type { IDataObject } from 'n8n-workflow';

import { reportsFailure } from '../../helpers/answer';
import { Rejection } from '../../helpers/outcome';
import { type ApiFailure } from '../../../shared/transport';

/**
 * Events are not deduplicated by Blueshift (https://developer.blueshift.com/reference/post_api-v1-event
 * has no idempotency key: a retried event may be counted twice and could fire an event-triggered
 * campaign again). So an event call is retried only when the
 * answer says it was not taken: 429 (refused for rate) and 503 (service unavailable). A 502 or 504
 * (a gateway that may have passed it on), a timeout or a dropped connection leaves its fate unknown:
 * not retried, the item says so (see `retryUnknown: false` on the operations).
 */
export const EVENT_RETRY_ON: ReadonlySet<number> = new Set([429, 503]);

/**
 * Whether a 2xx answer accepts the call. Blueshift documents `{"status": "OK"}` for /event and
 * `{"status": "ok", "count": n}` for /bulkevents, and the schema's other value "Bad request": any
 * case of "ok" (or no status at all: the 2xx says accepted) is accepted; any other status, or a
 * body that reports a failure otherwise (`success: false`, an `error` or `errors`), is a refusal.
 * `count` is not relied on (its documented example says 0).
 */
export function refusal(body: IDataObject): Rejection | undefined {
	if (!reportsFailure(body, { status: 'ok' })) return undefined;
	return new Rejection(
		`Blueshift did not accept the event (it said: ${JSON.stringify(body).slice(0, 200)})`,
		'Fix the event and send it again; check its event_uuid on the Click-stream page first if it may have arrived.',
	);
}

/**
 * What a refused call means for events, where the transport's words are about customers: a 401
 * points at the key question the pages leave open, a 413 on one event (a call of several is split
 * by the runner first) at the event's size. Other failures keep the transport's reading.
 */
const FAILURE_HINTS: Record<number, string> = {
	401: "Check the keys in the Blueshift credential and its region. Blueshift's pages disagree on which key the event endpoints take: with Event API Key set, events are sent with it and, when Blueshift refuses it, with the User API key; with it empty, with the User API key only. Set the Event API Key from Blueshift's API keys page and run again.",
	413: 'Blueshift refused this one event as too large: shorten its attributes (the whole call must stay under 1 MB).',
};

export function eventFailure(answer: ApiFailure, records: IDataObject[]): Rejection[] | undefined {
	const hint = answer.status === undefined ? undefined : FAILURE_HINTS[answer.status];
	if (!hint) return undefined;
	const apiError = { ...((answer.body ?? {}) as IDataObject), status: answer.status };
	const rejection = new Rejection(answer.message, hint, apiError);
	return records.map(() => rejection);
}
