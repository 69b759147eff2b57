import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/transport';

/**
 * Why one input item did not reach Blueshift. With On Error = "Stop Workflow" it becomes the
 * NodeOperationError / NodeApiError that stops the run; otherwise an output item (see `toJson`).
 */
export class ItemFailure {
	constructor(
		readonly itemIndex: number,
		readonly error: string,
		readonly message: string,
		readonly details: IDataObject,
		private readonly api?: ApiFailure,
	) {}

	static invalidInput(itemIndex: number, field: string, rule: string): ItemFailure {
		return new ItemFailure(
			itemIndex,
			`Invalid input in item ${itemIndex}: ${rule}`,
			'Fix the field named in the error; nothing was sent to Blueshift for this item.',
			{ itemIndex, field, rule },
		);
	}

	static fromApi(itemIndex: number, failure: ApiFailure, extra: IDataObject = {}): ItemFailure {
		const details: IDataObject = { itemIndex, attempts: failure.attempts, ...extra };
		if (failure.status !== undefined) details.httpCode = failure.status;
		if (failure.apiErrors) details.apiErrors = failure.apiErrors;
		return new ItemFailure(itemIndex, failure.message, failure.description, details, failure);
	}

	/** A record that a 2xx answer shows as not done (a bulk answer's `errors`, an entry's `success: false`). */
	static rejected(itemIndex: number, rejection: Rejection, extra: IDataObject): ItemFailure {
		const status =
			typeof rejection.apiError?.status === 'number' ? rejection.apiError.status : undefined;
		return ItemFailure.fromApi(
			itemIndex,
			{
				ok: false,
				status,
				body: (rejection.apiError ?? { message: rejection.reason }) as JsonObject,
				message: rejection.reason,
				description: rejection.description,
				apiErrors: rejection.apiError,
				attempts: 1,
			},
			extra,
		);
	}

	/**
	 * The item's JSON on an output. On the error output ("Continue (using error output)") it is
	 * exactly `{ error, message }`: every n8n version moves such an item to the error output (1.x
	 * only those two keys, 2.x also `details`), and n8n merges it with the input item. On the main
	 * output ("Continue") `details` comes along.
	 */
	toJson(withDetails: boolean): IDataObject {
		const json: IDataObject = { error: this.error, message: this.message };
		if (withDetails) json.details = this.details;
		return json;
	}

	toNodeError(ctx: IExecuteFunctions, extraDescription = ''): NodeApiError | NodeOperationError {
		const node = ctx.getNode();
		const description = extraDescription ? `${this.message} ${extraDescription}` : this.message;
		// no HTTP answer (bad input, network): NodeApiError would swap the message for a generic one
		if (!this.api || this.api.status === undefined) {
			return new NodeOperationError(node, this.error, { itemIndex: this.itemIndex, description });
		}
		return new NodeApiError(node, (this.api.body ?? { message: this.error }) as JsonObject, {
			message: this.error,
			description,
			httpCode: String(this.api.status),
			itemIndex: this.itemIndex,
		});
	}
}

/** An operation's verdict that the answer shows one record as not done, and why. */
export class Rejection {
	constructor(
		readonly reason: string,
		readonly description: string,
		readonly apiError?: IDataObject,
	) {}
}

/** One item's result: its output JSON (none, one or several items), or why it failed. */
export type ItemResult = IDataObject | IDataObject[] | ItemFailure;

/** Where each item is: not yet sent, in a call that has started, or answered. */
const enum Stage {
	Waiting,
	Started,
	Done,
}

/**
 * Collects one result per input item and turns them into the node's output, in input order, each
 * paired to its item. With "Stop Workflow" the first failure stops the run: it remembers what was
 * accepted, in flight and never sent at that moment, for the error it throws.
 */
export class Results {
	private readonly results: Array<ItemResult | undefined>;

	private readonly stages: Stage[];

	private firstFailure?: ItemFailure;

	/** Counts when the first failure became known: accepted, in flight. */
	private atStop?: { accepted: number; inFlight: number[] };

	private accepted = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly count: number,
		readonly continueOnFail = ctx.continueOnFail(),
	) {
		this.results = new Array<ItemResult | undefined>(count);
		this.stages = new Array<Stage>(count).fill(Stage.Waiting);
	}

	/** True once a failure is known and the node must stop: no new call may start. */
	get stopped(): boolean {
		return this.firstFailure !== undefined;
	}

	started(items: number[]): void {
		for (const i of items) this.stages[i] = Stage.Started;
	}

	/** A call refused whole before anything of it was taken (413): its items wait to be sent again. */
	unstart(items: number[]): void {
		for (const i of items) if (this.stages[i] === Stage.Started) this.stages[i] = Stage.Waiting;
	}

	/** Whether the item has its result (accepted, or failed). */
	done(itemIndex: number): boolean {
		return this.stages[itemIndex] === Stage.Done;
	}

	/** Whether a call with the item started and has no result yet (it may have reached Blueshift). */
	inFlight(itemIndex: number): boolean {
		return this.stages[itemIndex] === Stage.Started;
	}

	succeed(itemIndex: number, json: IDataObject | IDataObject[]): void {
		this.results[itemIndex] = json;
		this.stages[itemIndex] = Stage.Done;
		this.accepted++;
	}

	fail(failure: ItemFailure): void {
		const i = failure.itemIndex;
		this.results[i] = failure;
		this.stages[i] = Stage.Done;
		if (!this.continueOnFail && this.firstFailure === undefined) {
			this.firstFailure = failure;
			const inFlight: number[] = [];
			this.stages.forEach((stage, item) => stage === Stage.Started && inFlight.push(item));
			this.atStop = { accepted: this.accepted, inFlight };
		}
	}

	/**
	 * How many items Blueshift answered: accepted, or refused with an HTTP status. Not bad input, and
	 * not a call cut off by a cancel or a lost connection (no answer: it may or may not have arrived).
	 */
	get answered(): number {
		return this.results.filter(
			(result) =>
				result !== undefined &&
				(!(result instanceof ItemFailure) || result.details.httpCode !== undefined),
		).length;
	}

	/** What the user needs to re-run after a stop, as a sentence for the error's description. */
	private stopReport(item: number): string {
		const { accepted, inFlight } = this.atStop ?? { accepted: 0, inFlight: [] };
		const answered = inFlight.filter((i) => this.results[i] !== undefined);
		const ok = answered.filter((i) => !(this.results[i] instanceof ItemFailure)).length;
		// never sent: no answer at all (not started, or started in a call refused whole and not resent)
		const never: number[] = [];
		for (let i = 0; i < this.count; i++) if (this.results[i] === undefined) never.push(i);
		const parts = [
			`The node stopped at this failure of item ${item} (On Error: Stop Workflow).`,
			`Blueshift had accepted ${accepted} item(s) before the stop;`,
			`${answered.length} item(s) were in flight (or in the same call as the failure) and were let finish (${ok} of them accepted, ${answered.length - ok} failed);`,
			`${never.length} item(s) were never sent${never.length ? ` (${ranges(never)})` : ''}.`,
		];
		return parts.join(' ');
	}

	/** Throws the first failure when the node must stop; otherwise the items of the main output. */
	output(): INodeExecutionData[][] {
		const stop = this.firstFailure;
		if (stop) throw stop.toNodeError(this.ctx, this.stopReport(stop.itemIndex));
		const details = this.ctx.getNode().onError !== 'continueErrorOutput';
		const items: INodeExecutionData[] = [];
		// a plain loop: `results` is sparse until every item has its result, and forEach skips holes
		for (let item = 0; item < this.count; item++) {
			const result = this.results[item];
			const jsons =
				result === undefined
					? [
							new ItemFailure(item, `Item ${item} got no result`, 'Run the item again.', {}).toJson(
								details,
							),
						]
					: result instanceof ItemFailure
						? [result.toJson(details)]
						: Array.isArray(result)
							? result
							: [result];
			for (const json of jsons) items.push({ json, pairedItem: { item } });
		}
		return [items];
	}
}

/** Item numbers as ranges: 3, 5-9, 12. */
export function ranges(items: number[]): string {
	const out: string[] = [];
	for (let k = 0; k < items.length;) {
		let end = k;
		while (end + 1 < items.length && items[end + 1] === items[end] + 1) end++;
		out.push(end === k ? `item ${items[k]}` : `items ${items[k]}-${items[end]}`);
		k = end + 1;
	}
	return out.length > 20 ? `${out.slice(0, 20).join(', ')}, ...` : out.join(', ');
}
