import type { IDataObject } from 'n8n-workflow';

/**
 * Reading a 2xx answer's JSON object. A 2xx status alone does not show a call as done when the
 * body says otherwise: every operation reads its endpoint's documented body, and these are the
 * signs, common to Blueshift's pages, that a body reports a failure.
 */

/** What came back, short, for an item's message. */
export const said = (body: unknown) => (JSON.stringify(body ?? null) ?? '').slice(0, 200);

/** Blueshift's documented success status: "ok" (/bulkevents, unforget, bulk lists) or "OK" (/event). */
export const isOkStatus = (status: unknown) =>
	typeof status === 'string' && status.trim().toLowerCase() === 'ok';

/** Words of a status that report a failure, for endpoints whose pages document no status. */
const FAILED_STATUS =
	/error|fail|invalid|bad request|denied|refused|rejected|unauthori[sz]ed|forbidden|not found/i;

const holds = (value: unknown) =>
	value !== undefined &&
	value !== null &&
	value !== false &&
	value !== '' &&
	!(Array.isArray(value) && value.length === 0) &&
	!(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * Whether a 2xx body reports a failure: `success: false` (the shape of Blueshift's 422 bodies),
 * an `error` or a non-empty `errors` (its 400 bodies), or a `status` that is not a success. Where
 * the page documents `status: "ok"`, any other status fails (`status: 'ok'`); where it documents
 * none, only a status that names a failure does (`status: 'named'`). `errors: false` leaves
 * `errors` to the operation (bulk answers list refused records there).
 */
export function reportsFailure(
	body: IDataObject,
	{ status, errors = true }: { status: 'ok' | 'named'; errors?: boolean },
): boolean {
	if (body.success === false || holds(body.error) || (errors && holds(body.errors))) return true;
	const given = body.status;
	if (given === undefined || given === null) return false;
	if (status === 'ok') return !isOkStatus(given);
	if (typeof given === 'number') return given >= 400;
	return typeof given !== 'string' || FAILED_STATUS.test(given);
}
