import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	BlueshiftTransport,
	type ApiAnswer,
	type ApiFailure,
	type TransportOptions,
} from '../transport';
import { pause } from '../transport/pacer';
import {
	MAX_RETRIES,
	MAX_TIMEOUT_MS,
	MIN_RATE_OPTION,
	MIN_TIMEOUT_MS,
} from '../actions/shared/fields';
import { ItemFailure, Rejection, Results, type ItemResult } from './outcome';
import { rerunMemory } from './rerun';
import {
	failedRead,
	jsonBytes,
	MAX_PAYLOAD_BYTES,
	withinPayload,
	type Validated,
} from './validation';

/**
 * The one runner every operation goes through. An operation file gives an `Operation`: how to
 * build and validate one item's record, how to turn the records of one call into a request, and
 * how to read the answer back into one result per record. The runner does the rest, the same way
 * for every operation (a per-item call is a call of one record):
 *
 *   read options -> validate -> group into calls -> dispatch paced -> settle -> route -> output
 *
 * - Validate: with On Error = "Stop Workflow" every item is validated before anything is sent, so a
 *   bad item stops the run with nothing sent; otherwise items are built as they are sent, and a bad
 *   one goes to the error output.
 * - Group: records go into calls of at most `batch.max` (or the Batch Size option) and the payload
 *   limit; records of different groups (e.g. lists) never share a call.
 * - Dispatch: calls go through the transport's pacer; a call whose start slot comes after a failure
 *   is known under "Stop Workflow" is not sent (calls already in flight finish).
 * - Settle: a failed answer fails every record of its call (a 413 on a call of several records
 *   splits it in halves and resends them, when the operation allows); a 2xx answer is read by the
 *   operation, record by record.
 * - Route: every input item ends on exactly one output, paired to itself (see Results).
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

/** What the operation makes of one record of a 2xx answer: output JSON (none, one, several), or a refusal. */
export type Settled = IDataObject | IDataObject[] | Rejection;

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
	/**
	 * false: a call that may have arrived without a readable answer is not retried (no deduplication),
	 * and with n8n's Retry On Fail the items a failed run had sent are not sent again (helpers/rerun.ts).
	 */
	retryUnknown?: boolean;
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

/** How many items to prepare before letting the event loop run answers and paced starts. */
export const YIELD_EVERY = 25;

interface Call {
	/** Set when the call was not sent because a 413 lowered the size after it was formed. */
	resize?: boolean;
	number: number;
	group: string | undefined;
	items: number[];
	records: IDataObject[];
	bytes: number;
}

/** The Options collection, with the documented rate as default for this operation. */
function readOptions(ctx: IExecuteFunctions, op: Operation) {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const positive = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
	// within the fields' own bounds, which an expression can pass: a rate near 0 would hold every
	// execution on the account (the lowest rate applies to all), retries are at most 10, and a
	// timeout past what a timer holds would fire at once
	const transport: TransportOptions = {
		family: op.family,
		eventKey: op.eventKey,
		callsPerSecond: Math.max(MIN_RATE_OPTION, positive(options[op.rate.option], op.rate.default)),
		maxRetries: Math.min(
			MAX_RETRIES,
			Math.max(0, Math.floor(Number(options.maxRetries ?? 5)) || 0),
		),
		retryDelay: Math.max(0, Number(options.retryDelay ?? 1000) || 0),
		timeout: Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, positive(options.timeout, 30_000))),
	};
	const max = op.batch?.max ?? 1;
	const size = Math.floor(positive(options.batchSize, op.batch?.defaultSize ?? max));
	return { transport, batchSize: Math.min(max, Math.max(1, size)) };
}

/**
 * Opens the execution's transport. When that fails (a bad base URL, no credential) and the node
 * continues on fail, every item gets the reason, so none is passed through as if it had been sent.
 */
async function openTransport(ctx: IExecuteFunctions, results: Results, options: TransportOptions) {
	try {
		return await BlueshiftTransport.create(ctx, options);
	} catch (error) {
		if (!results.continueOnFail) throw new NodeOperationError(ctx.getNode(), error as Error);
		const reason = (error as Error).message;
		for (let i = 0; i < results.count; i++) {
			results.fail(
				new ItemFailure(i, reason, 'Fix the Blueshift credential and run again.', { itemIndex: i }),
			);
		}
		return undefined;
	}
}

function cancelledError(ctx: IExecuteFunctions, results: Results) {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
		description: `${results.answered} of ${results.count} items had been answered by Blueshift when it stopped; the others may or may not have reached it.`,
	});
}

/** Runs one operation over every input item; see the comment at the top of this file. */
export async function run(ctx: IExecuteFunctions, op: Operation): Promise<INodeExecutionData[][]> {
	const count = ctx.getInputData().length;
	const results = new Results(ctx, count);
	let setup: {
		transportOptions: TransportOptions;
		configuredBatchSize: number;
		build: (i: number) => Validated;
	};
	try {
		const { transport, batchSize } = readOptions(ctx, op);
		setup = {
			transportOptions: transport,
			configuredBatchSize: batchSize,
			build: guarded(withinPayload(op.build(ctx), op.batch?.envelopeBytes ?? 0)),
		};
	} catch (error) {
		// a setting read once for all items (Options, an expression in them) failed: with Continue,
		// every item says so; thrown, n8n would pass the input through as if it had been sent
		const reason = `A setting of the node could not be read: ${(error as Error).message}`;
		if (!results.continueOnFail) throw new NodeOperationError(ctx.getNode(), reason);
		for (let i = 0; i < count; i++) {
			results.fail(
				new ItemFailure(i, reason, 'Fix the setting; nothing was sent to Blueshift.', {
					itemIndex: i,
				}),
			);
		}
		return results.output();
	}
	const { transportOptions, configuredBatchSize, build } = setup;
	// lowered when Blueshift answers 413: later calls start at the size it took (see settle)
	let batchSize = configuredBatchSize;
	const envelope = op.batch?.envelopeBytes ?? 0;

	// "Stop Workflow": a bad item stops the run before anything is sent
	const prepared: Validated[] = [];
	if (!results.continueOnFail) {
		for (let i = 0; i < count; i++) {
			const v = build(i);
			if (!v.ok) {
				results.fail(ItemFailure.invalidInput(i, v.field, v.message));
				return results.output(); // throws
			}
			prepared.push(v);
		}
	}
	const transport = await openTransport(ctx, results, transportOptions);
	if (!transport) return results.output();
	const remembered = op.retryUnknown === false ? rerunMemory(ctx) : undefined;

	const mayStart = (call: Call) => () => {
		if (results.stopped || transport.cancelled) return false;
		// formed before a 413 taught a smaller size: resent in pieces of that size instead
		if (call.items.length > batchSize) {
			call.resize = true;
			return false;
		}
		results.started(call.items);
		return true;
	};

	const pending = new Set<Promise<void>>();
	let calls = 0;
	const dispatch = (call: Call) => {
		let request: Request;
		try {
			request = op.request(call.records, call.group);
		} catch (error) {
			unexpected(call, error);
			return;
		}
		const { method, path, body, qs } = request;
		const sent = transport
			.request(method, path, body, {
				qs,
				retryOn: op.retryOn,
				retryOnce: op.retryOnce,
				statusIsAnswer: op.statusIsAnswer,
				retryUnknown: op.retryUnknown,
				mayStart: mayStart(call),
			})
			.then((answer) => settle(call, answer))
			.catch((error: unknown) => unexpected(call, error));
		pending.add(sent);
		void sent.finally(() => pending.delete(sent));
	};

	// a call that threw instead of answering (a fault of the node, not of the item): its items that
	// have no result yet fail with the reason, and the run's other calls go on. An item whose call had
	// started may have reached Blueshift: like a lost answer, n8n's Retry On Fail does not resend it.
	const unexpected = (call: Call, error: unknown) => {
		const said = (error as { message?: unknown } | undefined)?.message;
		const message =
			typeof said === 'string' ? said : typeof error === 'string' ? error : 'unknown error';
		const reason = `The node failed on this item's call to Blueshift: ${transport.redact(message).slice(0, 200)}`;
		for (const i of call.items) {
			if (results.done(i)) continue;
			const sent = results.inFlight(i);
			// after a stop (Stop Workflow), an item that was not sent stays "never sent" in the report
			if (!sent && results.stopped) continue;
			const failure = new ItemFailure(
				i,
				reason,
				sent
					? 'The call may or may not have reached Blueshift; check there before running the item again.'
					: 'The call was not sent to Blueshift; run the item again.',
				{ itemIndex: i },
			);
			results.fail(failure);
			if (sent) remembered?.set(i, failure);
		}
	};

	const settle = (call: Call, answer: ApiAnswer) => {
		const context: IDataObject =
			op.batch !== undefined
				? { call: { number: call.number, size: call.items.length, items: call.items } }
				: {};
		if (!answer.ok && answer.notSent) {
			if (call.resize && !results.stopped && !transport.cancelled) {
				for (let from = 0; from < call.items.length; from += batchSize) {
					const to = from + batchSize;
					dispatch({
						number: ++calls,
						group: call.group,
						items: call.items.slice(from, to),
						records: call.records.slice(from, to),
						bytes: 0,
					});
				}
			}
			return; // otherwise it never left: the items stay "never sent"
		}
		if (!answer.ok && answer.status === 413 && op.batch?.splitOn413 && call.items.length > 1) {
			const half = Math.ceil(call.items.length / 2);
			batchSize = Math.min(batchSize, half);
			results.unstart(call.items); // refused whole: not in flight until a half starts
			for (const [from, to] of [
				[0, half],
				[half, call.items.length],
			]) {
				dispatch({
					number: ++calls,
					group: call.group,
					items: call.items.slice(from, to),
					records: call.records.slice(from, to),
					bytes: 0,
				});
			}
			return;
		}
		let settled: Settled[] | undefined;
		if (answer.ok) {
			settled = op.settle(answer.body, call.records, call.group);
		} else {
			settled = op.failure?.(answer, call.records, call.group);
			if (!settled) {
				for (const i of call.items) {
					const failure = ItemFailure.fromApi(i, answer, context);
					results.fail(failure);
					// it may have arrived: a re-run by n8n's Retry On Fail must not send it again
					if (answer.maybeSent) remembered?.set(i, failure);
				}
				return;
			}
		}
		// the call's successes first: with Stop Workflow they count as accepted before the stop
		const failed: Array<[number, Rejection]> = [];
		call.items.forEach((i, position) => {
			const result = settled[position];
			if (result instanceof Rejection) failed.push([i, result]);
			else if (result === undefined) {
				failed.push([
					i,
					new Rejection(
						'Blueshift answered without a result for this record',
						'The answer does not show it as done; check it in Blueshift before running it again.',
					),
				]);
			} else {
				results.succeed(i, result);
				remembered?.set(i, result);
			}
		});
		for (const [i, rejection] of failed) results.fail(ItemFailure.rejected(i, rejection, context));
	};

	// Build item by item, fill calls per group, send each when full
	const open = new Map<string | undefined, Call>();
	const newCall = (group: string | undefined): Call => ({
		number: ++calls,
		group,
		items: [],
		records: [],
		bytes: envelope,
	});
	for (let i = 0; i < count && !results.stopped && !transport.cancelled; i++) {
		const before = remembered?.get(i);
		if (before !== undefined) {
			// sent by an earlier try of this run (n8n's Retry On Fail): not sent again
			if (before instanceof ItemFailure) results.fail(before);
			else results.succeed(i, before);
			continue;
		}
		const v = prepared[i] ?? build(i);
		if (!v.ok) {
			results.fail(ItemFailure.invalidInput(i, v.field, v.message));
		} else {
			let call = open.get(v.group) ?? newCall(v.group);
			const bytes = v.bytes ?? jsonBytes(v.record);
			// a call is sent when it is full, or when this record would take it past the payload limit
			if (call.items.length > 0 && call.bytes + bytes + 1 > MAX_PAYLOAD_BYTES) {
				dispatch(call);
				call = newCall(v.group);
			}
			call.items.push(i);
			call.records.push(v.record);
			call.bytes += bytes + (call.items.length > 1 ? 1 : 0);
			if (call.items.length >= batchSize) {
				dispatch(call);
				open.delete(v.group);
			} else {
				open.set(v.group, call);
			}
		}
		if (i % YIELD_EVERY === YIELD_EVERY - 1) await pause(0);
	}
	for (const call of open.values()) if (!results.stopped && !transport.cancelled) dispatch(call);
	while (pending.size > 0) await Promise.all([...pending]);

	if (transport.cancelled) throw cancelledError(ctx, results);
	return results.output();
}

/** An item whose parameters throw (a failing expression) is bad input for that item only. */
function guarded(build: (i: number) => Validated): (i: number) => Validated {
	return (i) => {
		try {
			return build(i);
		} catch (error) {
			return failedRead(error);
		}
	};
}

/** A settle function for operations whose answer is one result for the one record of the call. */
export const single =
	(read: (body: IDataObject, record: IDataObject) => IDataObject | IDataObject[] | Rejection) =>
	(body: IDataObject, records: IDataObject[]): Settled[] => [read(body, records[0])];

export type { ItemResult };
