import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { reportsFailure, said } from '../../helpers/answer';
import type { Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { UUID } from '../../helpers/rules';
import { DEFAULT_RETRY_ON, type ApiFailure } from '../../../shared/transport';

/**
 * Statuses retried for Get and Search. The pages list 404 and 409 as "retry with backoff" for these
 * GETs too (a rare transient conflict), but for a read 404 is mostly "no such customer": retrying it
 * every time would delay that answer by every backoff. So reads retry 409, 429 and 502-504, and a
 * 404 once (READ_RETRY_ONCE): a second 404 is the answer.
 */
export const READ_RETRY_ON: ReadonlySet<number> = new Set([...DEFAULT_RETRY_ON, 404, 409]);
export const READ_RETRY_ONCE: ReadonlySet<number> = new Set([404]);

/** A profile object in an answer (not null, not a list). */
export const isProfile = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * How Stop Tracking and Delete report an accepted call: Blueshift documents no body, so a 2xx is
 * acceptance unless its body reports a failure (see helpers/answer.ts).
 */
export const acceptedStatus = (body: IDataObject) =>
	typeof body.status === 'string' && body.status.trim() !== '' ? body.status : 'accepted';

/**
 * A 2xx whose body reports a failure (`status` "ok" documented: any other; none documented: one
 * that names a failure), for the calls answered for one customer; undefined when it does not.
 */
export function refusedIn(
	body: IDataObject,
	status: 'ok' | 'named',
	what: string,
): Rejection | undefined {
	if (!reportsFailure(body, { status })) return undefined;
	return new Rejection(
		`Blueshift answered without ${what} (it said: ${said(body)})`,
		'The answer does not show it as done. Check the customer in Blueshift before running the item again.',
		{ answer: body },
	);
}

/**
 * The flags of an irreversible customer call that Blueshift does not deduplicate (Delete, Merge):
 * retried only when the answer says nothing was done (404/409 "resource conflict", 429, 503), never
 * after a timeout, a dropped connection, a 502 or a 504, and not sent again by n8n's Retry On Fail
 * (helpers/rerun.ts); the documented "200 OK" is the answer, so an unreadable body is not resent.
 */
export const NOT_TWICE = {
	retryOn: new Set([404, 409, 429, 503]),
	retryUnknown: false,
	statusIsAnswer: true,
} satisfies Partial<Operation>;

/** Blueshift's customer uuid, as every page and example shows it. */
export const uuidRule = z
	.string({
		required_error: "is required: Blueshift's customer uuid",
		invalid_type_error: 'must be text',
	})
	.regex(
		UUID,
		"must be Blueshift's customer uuid, like a7e3c9d0-52b1-4f8e-9d6a-0c4b2e7f1a93 (your own customer_id is not accepted here: find the uuid with Search by email)",
	);

/** A second 404 for a call by customer uuid (Get, Get Events): no such customer, said so. */
export function uuidNotFound(answer: ApiFailure, [record]: IDataObject[]): Rejection[] | undefined {
	if (answer.status !== 404) return undefined;
	return [
		new Rejection(
			`Customer not found: Blueshift has no customer with uuid ${String(record.uuid)} (404)`,
			"Check the uuid: it is Blueshift's own ID (the uuid of a Search or Create or Update result), not your customer_id. Blueshift also documents 404 as a rare transient conflict: the node asked twice, so if you know the customer exists, run the item again later.",
			{ ...((answer.body ?? {}) as IDataObject), status: 404 },
		),
	];
}
