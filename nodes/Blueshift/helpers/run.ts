import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BlueshiftTransport, type ApiAnswer, type TransportOptions } from '../transport';
import { pause } from '../transport/pacer';
import { ItemFailure, Results } from './outcome';
import { withinPayload, type Validated } from './validation';

/** How many items to prepare before letting the event loop run answers and paced starts. */
export const YIELD_EVERY = 25;

/** The Options collection, with the documented rate as default for this operation. */
export function readOptions(ctx: IExecuteFunctions, callsPerSecondField: string, defaultRate: number) {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const positive = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
	const transport: TransportOptions = {
		callsPerSecond: positive(options[callsPerSecondField], defaultRate),
		maxRetries: Math.max(0, Math.floor(Number(options.maxRetries ?? 5)) || 0),
		retryDelay: Math.max(0, Number(options.retryDelay ?? 1000) || 0),
		timeout: positive(options.timeout, 30_000),
	};
	return { options, transport };
}

/** Builds every item first; with "Stop Workflow" a bad item stops the run before anything is sent. */
export function validateAll(
	results: Results,
	count: number,
	build: (i: number) => Validated,
): Validated[] {
	const built: Validated[] = [];
	for (let i = 0; i < count; i++) {
		const v = build(i);
		if (!v.ok) {
			results.fail(ItemFailure.invalidInput(i, v.field, v.message));
			results.output(); // throws
		}
		built.push(v);
	}
	return built;
}

/**
 * Opens the execution's transport. When that fails (a bad base URL, no credential) and the node
 * continues on fail, every item gets the reason, so none is passed through as if it had been sent.
 */
export async function openTransport(
	ctx: IExecuteFunctions,
	results: Results,
	count: number,
	options: TransportOptions,
): Promise<BlueshiftTransport | undefined> {
	try {
		return await BlueshiftTransport.create(ctx, options);
	} catch (error) {
		if (!results.continueOnFail) throw new NodeOperationError(ctx.getNode(), error as Error);
		const reason = (error as Error).message;
		for (let i = 0; i < count; i++) {
			results.fail(new ItemFailure(i, reason, 'Fix the Blueshift credential and run again.', { itemIndex: i }));
		}
		return undefined;
	}
}

export function cancelledError(ctx: IExecuteFunctions, sent: number, count: number) {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
		description: `${sent} of ${count} items had been answered by Blueshift when it stopped.`,
	});
}

/**
 * Runs an operation that makes one call per item (Upsert Customer, Start Tracking): builds and
 * validates item by item, sends each valid one paced and concurrently, and routes every item to
 * exactly one result.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	call: {
		method: IHttpRequestMethods;
		path: string;
		callsPerSecondField: string;
		defaultRate: number;
		build: (i: number) => Validated;
		success: (body: IDataObject, record: IDataObject) => IDataObject;
	},
) {
	const count = ctx.getInputData().length;
	const results = new Results(ctx, count);
	const { transport: options } = readOptions(ctx, call.callsPerSecondField, call.defaultRate);
	const build = withinPayload(call.build);
	const prepared = results.continueOnFail ? [] : validateAll(results, count, build);
	const transport = await openTransport(ctx, results, count, options);
	if (!transport) return results.output();

	let answered = 0;
	const settle = (i: number, record: IDataObject) => (answer: ApiAnswer) => {
		if (answer.ok || answer.status !== undefined) answered++;
		if (answer.ok) results.succeed(i, call.success(answer.body, record));
		else results.fail(ItemFailure.fromApi(i, answer));
	};
	const pending: Array<Promise<void>> = [];
	for (let i = 0; i < count && !results.stopped && !transport.cancelled; i++) {
		const v = prepared[i] ?? build(i);
		if (!v.ok) results.fail(ItemFailure.invalidInput(i, v.field, v.message));
		else pending.push(transport.request(call.method, call.path, v.record).then(settle(i, v.record)));
		if (i % YIELD_EVERY === YIELD_EVERY - 1) await pause(0);
	}
	await Promise.all(pending);
	if (transport.cancelled) throw cancelledError(ctx, answered, count);
	return results.output();
}
