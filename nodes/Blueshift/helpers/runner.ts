import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BlueshiftTransport, type TransportOptions } from '../../shared/transport';
import { pause } from '../../shared/pacing';
import { Calls, type Call } from './calls';
import { DryRun } from './dryRun';
import { MAX_RETRIES, MAX_TIMEOUT_MS, MIN_RATE_OPTION, MIN_TIMEOUT_MS } from './limits';
import type { Operation } from './operation';
import { ItemFailure, Results } from './outcome';
import { rerunMemory, type Remembered } from './rerun';
import {
	failedRead,
	jsonBytes,
	MAX_PAYLOAD_BYTES,
	withinPayload,
	type Validated,
} from './validation';

/**
 * The one runner every operation goes through (an operation file gives an `Operation`, see
 * operation.ts), the same way for every operation, in named stages (a per-item call is a call of
 * one record):
 *
 *   read options -> validate -> group into calls -> dispatch paced -> settle -> route
 *
 * - Read options: the Options collection, held to the fields' bounds.
 * - Validate: with On Error = "Stop Workflow" every item is validated before anything is sent, so a
 *   bad item stops the run with nothing sent; otherwise items are built as they are sent, and a bad
 *   one goes to the error output.
 * - Group: records go into calls of at most `batch.max` (or the Batch Size option) and the payload
 *   limit; records of different groups (e.g. lists) never share a call.
 * - Dispatch, settle (calls.ts): calls go through the transport's pacer; a call whose start slot
 *   comes after a failure is known under "Stop Workflow" is not sent (calls already in flight
 *   finish). A failed answer fails every record of its call (a 413 on a call of several records
 *   splits it in halves and resends them, when the operation allows); a 2xx answer is read by the
 *   operation, record by record.
 * - Route: every input item ends on exactly one output, paired to itself (see Results).
 *
 * With the Dry Run option every stage runs but "dispatch": each call's request settles its items
 * (helpers/dryRun.ts), so what a dry run shows is what this code path would send.
 */

/** How many items to prepare before letting the event loop run answers and paced starts. */
export const YIELD_EVERY = 25;

interface Settings {
	transport: TransportOptions;
	batchSize: number;
	/** Dry Run: build and show every call, send none. */
	dryRun: boolean;
	/** Builds item i's record with every rule checked; never throws. */
	build: (i: number) => Validated;
}

/** Runs one operation over every input item; see the comment at the top of this file. */
export async function run(ctx: IExecuteFunctions, op: Operation): Promise<INodeExecutionData[][]> {
	const results = new Results(ctx, ctx.getInputData().length);
	const settings = readSettings(ctx, op, results);
	if (!settings) return results.output();
	const prepared = validateFirst(settings.build, results);
	if (!prepared) return results.output(); // throws: Stop Workflow on a bad item
	const transport = await openTransport<BlueshiftTransport | DryRun>(ctx, results, () =>
		settings.dryRun ? DryRun.open(ctx) : BlueshiftTransport.create(ctx, settings.transport),
	);
	if (!transport) return results.output();
	// a dry run shows every item's call, also those a failed earlier try had sent
	const remembered = op.retryUnknown === false && !settings.dryRun ? rerunMemory(ctx) : undefined;
	const calls = new Calls(op, results, transport, settings.batchSize, remembered);
	await group(op, results, calls, settings.build, prepared, remembered);
	await calls.finished();
	if (transport.cancelled) throw cancelledError(ctx, results);
	return results.output();
}

/**
 * Stage "read options": the Options collection, with the documented rate as default for this
 * operation, held to the fields' own bounds (helpers/limits.ts). When a setting read once for all
 * items (an expression in Options) fails: with Continue every item says so, otherwise the node
 * stops; n8n would pass the input through as if it had been sent.
 */
function readSettings(ctx: IExecuteFunctions, op: Operation, results: Results) {
	try {
		const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
		const positive = (value: unknown, fallback: number) =>
			typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
		const retries = Math.floor(Number(options.maxRetries ?? 5)) || 0;
		const transport: TransportOptions = {
			family: op.family,
			eventKey: op.eventKey,
			callsPerSecond: Math.max(MIN_RATE_OPTION, positive(options[op.rate.option], op.rate.default)),
			maxRetries: Math.min(MAX_RETRIES, Math.max(0, retries)),
			retryDelay: Math.max(0, Number(options.retryDelay ?? 1000) || 0),
			timeout: Math.min(
				MAX_TIMEOUT_MS,
				Math.max(MIN_TIMEOUT_MS, positive(options.timeout, 30_000)),
			),
		};
		const max = op.batch?.max ?? 1;
		const size = Math.floor(positive(options.batchSize, op.batch?.defaultSize ?? max));
		const build = guarded(withinPayload(op.build(ctx), op.batch?.envelopeBytes ?? 0));
		// an expression may give the text "true": that too is a dry run, never a real one by mistake
		const dryRun = op.readOnly !== true && /^\s*true\s*$/i.test(String(options.dryRun));
		const batchSize = Math.min(max, Math.max(1, size));
		return { transport, batchSize, dryRun, build } satisfies Settings;
	} catch (error) {
		const reason = `A setting of the node could not be read: ${(error as Error).message}`;
		if (!results.continueOnFail) throw new NodeOperationError(ctx.getNode(), reason);
		for (let i = 0; i < results.count; i++) {
			const note = 'Fix the setting; nothing was sent to Blueshift.';
			results.fail(new ItemFailure(i, reason, note, { itemIndex: i }));
		}
		return undefined;
	}
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

/**
 * Stage "validate": under "Stop Workflow" every item is built before anything is sent, and the
 * first bad one stops the run (undefined); otherwise nothing is built ahead (an empty list).
 */
function validateFirst(build: (i: number) => Validated, results: Results): Validated[] | undefined {
	const prepared: Validated[] = [];
	if (results.continueOnFail) return prepared;
	for (let i = 0; i < results.count; i++) {
		const v = build(i);
		if (!v.ok) {
			results.fail(ItemFailure.invalidInput(i, v.field, v.message));
			return undefined;
		}
		prepared.push(v);
	}
	return prepared;
}

/**
 * Opens the execution's transport. When that fails (a bad base URL, no credential) and the node
 * continues on fail, every item gets the reason, so none is passed through as if it had been sent.
 */
async function openTransport<T>(
	ctx: IExecuteFunctions,
	results: Results,
	open: () => Promise<T>,
): Promise<T | undefined> {
	try {
		return await open();
	} catch (error) {
		if (!results.continueOnFail) throw new NodeOperationError(ctx.getNode(), error as Error);
		const reason = (error as Error).message;
		const note = 'Fix the Blueshift credential and run again.';
		for (let i = 0; i < results.count; i++) {
			results.fail(new ItemFailure(i, reason, note, { itemIndex: i }));
		}
		return undefined;
	}
}

/**
 * Stage "group": builds item by item (or takes what validation built), fills one open call per
 * group, and dispatches a call when it is full, or when the next record would take it past the
 * payload limit; then the calls left open. Items a failed earlier try of this run had sent (n8n's
 * Retry On Fail) are not sent again: their remembered result stands.
 */
async function group(
	op: Operation,
	results: Results,
	calls: Calls,
	build: (i: number) => Validated,
	prepared: Validated[],
	remembered: Map<number, Remembered> | undefined,
) {
	const envelope = op.batch?.envelopeBytes ?? 0;
	const open = new Map<string | undefined, Call>();
	for (let i = 0; i < results.count && !calls.halted; i++) {
		const before = remembered?.get(i);
		if (before !== undefined) {
			if (before instanceof ItemFailure) results.fail(before);
			else results.succeed(i, before);
			continue;
		}
		const v = prepared[i] ?? build(i);
		if (!v.ok) {
			results.fail(ItemFailure.invalidInput(i, v.field, v.message));
		} else {
			let call = open.get(v.group) ?? calls.open(v.group, envelope);
			const bytes = v.bytes ?? jsonBytes(v.record);
			if (call.items.length > 0 && call.bytes + bytes + 1 > MAX_PAYLOAD_BYTES) {
				calls.dispatch(call);
				call = calls.open(v.group, envelope);
			}
			call.items.push(i);
			call.records.push(v.record);
			call.bytes += bytes + (call.items.length > 1 ? 1 : 0);
			if (call.items.length >= calls.batchSize) {
				calls.dispatch(call);
				open.delete(v.group);
			} else {
				open.set(v.group, call);
			}
		}
		if (i % YIELD_EVERY === YIELD_EVERY - 1) await pause(0);
	}
	for (const call of open.values()) if (!calls.halted) calls.dispatch(call);
}

function cancelledError(ctx: IExecuteFunctions, results: Results) {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
		description: `${results.answered} of ${results.count} items had been answered by Blueshift when it stopped; the others may or may not have reached it.`,
	});
}
