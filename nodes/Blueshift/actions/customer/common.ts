import type { IDataObject } from 'n8n-workflow';

import { reportsFailure, said } from '../../helpers/answer';
import { Rejection } from '../../helpers/outcome';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';

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
