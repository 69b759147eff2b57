import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/transport';
import type { Rejection } from './outcome';
import type { Validated } from './validation';

/**
 * What an operation file gives the runner (helpers/runner.ts): how to build and validate one
 * item's record, how to turn the records of one call into a request, and how to read the answer
 * back into one result per record. Everything else (pacing, retries, grouping into calls, routing
 * the items) is the runner's, the same for every operation.
 */

/** Sizes and limits of a call that carries several records. */
export interface Batch {
	/** Most records Blueshift takes in one call. */
	max: number;
	/** Records per call when the user sets no Batch Size option (default: max). */
	defaultSize?: number;
	/** The body's size with no record in it, e.g. `{"customers":[]}`. */
	envelopeBytes: number;
	/** When Blueshift answers 413 to a call of several records, split it in halves and resend. */
	splitOn413?: boolean;
}

export interface Request {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/**
 * One page of a paged read (Get Many, activity): the results it gave, and the record of the item's
 * next call. The runner sends that call (paced and retried like any other) and puts the item's
 * pages together; a page that fails fails the item, saying how far it got.
 */
export class NextPage {
	constructor(
		readonly results: IDataObject[],
		readonly record: IDataObject,
	) {}
}

/**
 * What the operation makes of one record of a 2xx answer: output JSON (none, one, several), a
 * refusal, or a page with another to read.
 */
export type Settled = IDataObject | IDataObject[] | Rejection | NextPage;

export interface Operation {
	/** Pacing: the endpoint family (shared by every execution on the account) and its rate option. */
	family: string;
	/** The calls go to the event endpoints, which the credential signs with the Event API key when set. */
	eventKey?: boolean;
	rate: { option: string; default: number };
	/** Absent for one record per call. */
	batch?: Batch;
	/** Statuses retried for this operation's calls (default: the transport's). */
	retryOn?: ReadonlySet<number>;
	/** Statuses of `retryOn` retried once only (see the transport's `retryOnce`). */
	retryOnce?: ReadonlySet<number>;
	/** A 2xx status is the whole answer: an unreadable body is not retried (irreversible calls). */
	statusIsAnswer?: boolean;
	/** The answer is a list, which may be empty (`[]`): see the transport's `listAnswer`. */
	listAnswer?: boolean;
	/**
	 * false: a call that may have arrived without a readable answer is not retried (no deduplication),
	 * and with n8n's Retry On Fail the items a failed run had sent are not sent again (helpers/rerun.ts).
	 */
	retryUnknown?: boolean;
	/** Reads only (get, search, list): the Options collection offers no Dry Run (helpers/dryRun.ts). */
	readOnly?: boolean;
	/** What a dry run shows of each record beside its request (a campaign trigger's transaction_uuid). */
	dryRunShows?: (record: IDataObject) => IDataObject;
	/** Builds and validates item i's record; `group` keeps records apart (different paths). */
	build: (ctx: IExecuteFunctions) => (i: number) => Validated;
	/** The request for the records of one call (all of one group). */
	request: (records: IDataObject[], group: string | undefined) => Request;
	/** Reads a 2xx answer: one result per record, in the call's order. */
	settle: (body: IDataObject, records: IDataObject[], group: string | undefined) => Settled[];
	/** Reads a failed answer for a call, when some statuses mean something for the item (404 on Get). */
	failure?: (
		answer: ApiFailure,
		records: IDataObject[],
		group: string | undefined,
	) => Settled[] | undefined;
}

/** A settle function for operations whose answer is one result for the one record of the call. */
export const single =
	(read: (body: IDataObject, record: IDataObject) => Settled) =>
	(body: IDataObject, records: IDataObject[]): Settled[] => [read(body, records[0])];
