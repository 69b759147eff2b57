import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { baseUrlOf, redactDeep, redactor } from '../../shared/transport';
import type { Call } from './calls';
import type { Operation, Request, Settled } from './operation';

/**
 * Dry Run (the Options collection's `dryRun`): the runner validates, builds and groups every item
 * as in a real run, and `Calls.dispatch` hands each call's Request here instead of to the
 * transport. Each item of the call comes out with that Request (method, the URL with the
 * credential's region or base URL, the query, the JSON body) and, for bulk operations, the call
 * it would travel in. Nothing is sent, no pacer slot is taken, and no key appears: the credential
 * is read only for its base URL, and what comes out passes through the same redaction as answers.
 */

/** What every dry-run item says, so that a user or an AI agent reading it cannot take it as sent. */
export const DRY_RUN_NOTE =
	'Dry run: nothing was sent to Blueshift. This is the request a real run would send for this item.';

export class DryRun {
	private constructor(
		private readonly baseUrl: string,
		/** Takes the credential's keys out of a text, as the transport does with every answer. */
		readonly redact: (text: string) => string,
		private readonly signal?: AbortSignal,
	) {}

	/** Reads the credential for its base URL; fails as a real run would on a bad one. */
	static async open(ctx: IExecuteFunctions): Promise<DryRun> {
		const credentials = await ctx.getCredentials('blueshiftApi');
		const baseUrl = baseUrlOf(credentials);
		if (baseUrl instanceof Error) throw new NodeOperationError(ctx.getNode(), baseUrl.message);
		const redact = redactor(
			String(credentials.apiKey ?? ''),
			String(credentials.eventApiKey ?? ''),
		);
		const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		return new DryRun(baseUrl, redact, signal);
	}

	/** Whether the execution was cancelled: no further call is previewed. */
	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	/** One result per record of the call: the request it would travel in. */
	preview(op: Operation, call: Call, request: Request): Settled[] {
		const shown = redactDeep(
			{
				method: request.method,
				url: `${this.baseUrl}${request.path}`,
				query: request.qs ?? {},
				body: request.body ?? {},
			},
			this.redact,
		) as IDataObject;
		const note =
			op.batch === undefined
				? DRY_RUN_NOTE
				: `${DRY_RUN_NOTE} It would travel in call ${call.number}, with ${call.items.length} item(s).`;
		const items = [...call.items];
		return call.records.map((record, position) => ({
			dryRun: true,
			note,
			...(op.dryRunShows ? (redactDeep(op.dryRunShows(record), this.redact) as IDataObject) : {}),
			...shown,
			...(op.batch === undefined
				? {}
				: { call: { number: call.number, size: items.length, items, position } }),
		}));
	}
}
