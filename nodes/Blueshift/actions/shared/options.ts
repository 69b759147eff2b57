import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { MAX_RETRIES, MIN_RATE_OPTION, MIN_TIMEOUT_MS } from '../../helpers/limits';
import type { Operation } from '../../helpers/operation';
import { DEFAULT_RETRY_ON, retries } from '../../../shared/transport';
import { dryRunOption } from './dryRun';

/**
 * The Options collection every operation has: Batch Size (bulk operations), Dry Run (operations
 * that write), the calls-per-second option, Max Retries, Retry Delay and Timeout. Names, defaults and bounds come from the
 * operation itself (its rate option, its batch, the statuses it retries), so what the field says
 * is what the runner does.
 */

export interface OptionTexts {
	/** The calls-per-second option's description: the pace, what Blueshift documents, who shares it. */
	rate: string;
	/** Batch Size's description, for operations that send several records per call. */
	batch?: string;
	/** Batch Size's bounds where they are not the operation's own (list calls: 500 with Async). */
	batchBounds?: { max: number; default: number };
	/** Why these statuses are retried, said after them. */
	retryNote?: string;
	/** What the one retry of `retryOnce` statuses means, said after them. */
	onceNote?: string;
	/** Options of the operation's own, sorted in with the others by n8n's editor. */
	extra?: INodeProperties[];
}

const byNumber = (statuses: Iterable<number>) => [...statuses].sort((a, b) => a - b).join(', ');

/**
 * What Max Retries says an operation retries, from the statuses it retries: `429, 502, 503, 504`,
 * a status retried once, and which network failures (all, or only a refused connection for calls
 * Blueshift does not deduplicate).
 */
export function retriesText(
	op: Operation,
	{ retryNote, onceNote }: Pick<OptionTexts, 'retryNote' | 'onceNote'> = {},
) {
	const once = op.retryOnce ?? new Set<number>();
	const always = [...(op.retryOn ?? DEFAULT_RETRY_ON)].filter(
		(status) => retries(op, status) && !once.has(status),
	);
	let statuses = byNumber(always);
	if (once.size > 0) statuses += `, and a ${byNumber(once)} once${onceNote ? `: ${onceNote}` : ''}`;
	if (retryNote) statuses += `: ${retryNote}`;
	const network =
		op.retryUnknown === false
			? 'the connection is refused; never when the call may have reached Blueshift, so it is not carried out twice'
			: 'the network fails';
	return `How often a call is retried when Blueshift asks for a retry (${statuses}) or ${network}`;
}

/** The Options collection of `op`, shown where `displayOptions` says. */
export const optionsField = (
	displayOptions: IDisplayOptions,
	op: Operation,
	texts: OptionTexts,
): INodeProperties => {
	const bulk = op.rate.option === 'bulkCallsPerSecond';
	const bounds = texts.batchBounds ?? {
		max: op.batch?.max ?? 1,
		default: op.batch?.defaultSize ?? op.batch?.max ?? 1,
	};
	const batchDefault = bounds.default;
	const rateDefault = op.rate.default;
	const batchSize: INodeProperties[] = op.batch
		? [
				{
					displayName: 'Batch Size',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: bounds.max },
					default: batchDefault,
					description: texts.batch ?? '',
				},
			]
		: [];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			...batchSize,
			...(op.readOnly ? [] : [dryRunOption]),
			{
				displayName: bulk ? 'Max Bulk Calls per Second' : 'Max Calls per Second',
				name: op.rate.option,
				type: 'number',
				typeOptions: { minValue: MIN_RATE_OPTION },
				default: rateDefault,
				description: texts.rate,
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
				default: 5,
				description: retriesText(op, texts),
			},
			{
				displayName: 'Retry Delay (Ms)',
				name: 'retryDelay',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description:
					'Wait before the first retry; it doubles with each further retry (with random jitter)',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: MIN_TIMEOUT_MS },
				default: 30000,
				description:
					op.retryUnknown === false
						? 'The longest one attempt may take, its answer read to the end; past it the call counts as failed and, since it may have reached Blueshift, is not retried'
						: 'The longest one attempt may take, its answer read to the end; past it the call counts as failed and is retried',
			},
			...(texts.extra ?? []),
		],
	};
};
