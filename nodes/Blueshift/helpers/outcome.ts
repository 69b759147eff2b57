import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from '../transport';

/**
 * Why one input item did not reach Blueshift. On the error output it becomes
 * `{ error, message, details }`, which n8n merges with the item's input JSON; with On Error =
 * "Stop Workflow" it becomes the NodeOperationError / NodeApiError that stops the run.
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

	/** A record that a 200 bulk answer lists in its `errors`. */
	static rejectedInBulk(
		itemIndex: number,
		reason: string,
		apiError: IDataObject,
		extra: IDataObject,
	): ItemFailure {
		const status = typeof apiError.status === 'number' ? apiError.status : undefined;
		return ItemFailure.fromApi(
			itemIndex,
			{
				ok: false,
				status,
				body: apiError as JsonObject,
				message: reason,
				description:
					'Fix the record and run the item again; the other records of the bulk call were saved.',
				apiErrors: apiError,
				attempts: 1,
			},
			extra,
		);
	}

	toJson(withDetails = true): IDataObject {
		const json: IDataObject = { error: this.error, message: this.message };
		if (withDetails) json.details = this.details;
		return json;
	}

	toNodeError(ctx: IExecuteFunctions): NodeApiError | NodeOperationError {
		const node = ctx.getNode();
		// no HTTP answer (bad input, network): NodeApiError would swap the message for a generic one
		if (!this.api || this.api.status === undefined) {
			return new NodeOperationError(node, this.error, {
				itemIndex: this.itemIndex,
				description: this.message,
			});
		}
		return new NodeApiError(node, (this.api.body ?? { message: this.error }) as JsonObject, {
			message: this.error,
			description: this.message,
			httpCode: this.api.status !== undefined ? String(this.api.status) : undefined,
			itemIndex: this.itemIndex,
		});
	}
}

export type ItemResult = IDataObject | ItemFailure;

/**
 * n8n 1.x moves an item to the error output only when its JSON holds `error`, or `error` and
 * `message`, and nothing else; n8n 2.x also accepts `details`. There the items carry `details`; on
 * 1.x (recognised by its n8n-workflow, which still exports `sleepWithAbort`, dropped in 2.0) the
 * error output gets `error` and `message`, so no failed item stays on the success output.
 */
const errorOutputTakesDetails = !('sleepWithAbort' in workflow);

/**
 * Collects one result per input item and turns them into the node's output, in input order, each
 * paired to its item. With "Stop Workflow" the first failure is kept to be thrown.
 */
export class Results {
	private readonly results: Array<ItemResult | undefined>;

	private firstFailure?: ItemFailure;

	constructor(
		private readonly ctx: IExecuteFunctions,
		count: number,
		readonly continueOnFail = ctx.continueOnFail(),
	) {
		this.results = new Array<ItemResult | undefined>(count);
	}

	get stopped(): boolean {
		return this.firstFailure !== undefined;
	}

	succeed(itemIndex: number, json: IDataObject): void {
		this.results[itemIndex] = json;
	}

	fail(failure: ItemFailure): void {
		this.results[failure.itemIndex] = failure;
		if (!this.continueOnFail && this.firstFailure === undefined) this.firstFailure = failure;
	}

	/** Throws the first failure when the node must stop; otherwise one output item per input item. */
	output(): INodeExecutionData[][] {
		if (this.firstFailure) throw this.firstFailure.toNodeError(this.ctx);
		const details = errorOutputTakesDetails || this.ctx.getNode().onError !== 'continueErrorOutput';
		const items = Array.from(this.results, (result, item): INodeExecutionData => {
			const json =
				result === undefined
					? new ItemFailure(item, `Item ${item} got no result`, 'Run the item again.', {}).toJson(details)
					: result instanceof ItemFailure
						? result.toJson(details)
						: result;
			return { json, pairedItem: { item } };
		});
		return [items];
	}
}
