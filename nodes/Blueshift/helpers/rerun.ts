import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ItemFailure } from './outcome';

/**
 * n8n's node setting "Retry On Fail" runs the whole node again, in the same execution and with the
 * same run index, after it failed: every item again, also those Blueshift had already accepted. For
 * calls Blueshift does not deduplicate (events) that would send them twice. So, when the setting is
 * on, the runner remembers which items of this run were accepted and what they output, and which may
 * have arrived without an answer (and why); a re-run of the same run outputs them again without
 * sending them. The memory lives in this process only (n8n
 * retries in the process that ran the node), holds outputs, never keys, and is dropped after an hour.
 */
const KEEP_MS = 60 * 60 * 1000;

interface Run {
	at: number;
	accepted: Map<number, Remembered>;
}

const runs = new Map<string, Run>();

function forgetOld(now: number) {
	for (const [key, run] of runs) if (now - run.at > KEEP_MS) runs.delete(key);
}

/** An accepted item's output, or the failure of an item whose call may have arrived. */
export type Remembered = IDataObject | IDataObject[] | ItemFailure;

/** The run's memory when the node retries on fail, else undefined. */
export function rerunMemory(ctx: IExecuteFunctions): Map<number, Remembered> | undefined {
	if (ctx.getNode().retryOnFail !== true) return undefined;
	const runIndex = Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0);
	const key = [
		ctx.getInstanceId(),
		ctx.getWorkflow().id,
		ctx.getExecutionId(),
		ctx.getNode().name,
		runIndex,
	].join('/');
	const now = Date.now();
	forgetOld(now);
	let run = runs.get(key);
	if (!run) {
		run = { at: now, accepted: new Map() };
		runs.set(key, run);
	}
	return run.accepted;
}
