import type { ChildProcess } from 'node:child_process';

import type { Emulator } from '../emulator/server';
import type { N8n } from '../e2e/n8n';

export function webhookWorkflow(spec: {
	id: string;
	path: string;
	credential: string;
	operation?: 'bulkUpsert' | 'upsert' | 'startTracking';
	options?: Record<string, unknown>;
	respond?: 'lastNode' | 'onReceived';
	http?: { url: string; credential: string };
	/** Record i with i % badEvery === 5 gets an email the node refuses. */
	badEvery?: number;
	/** The error output posts each failed item to the worker's BLUESHIFT_SINK. */
	errorSink?: boolean;
}): Record<string, unknown>;

export function triggerAtOnce(
	url: string,
	runs: Array<{ path: string; run: string; count: number }>,
): Promise<{ answers: Array<{ status: number; body: unknown }>; seconds: number }>;

export interface AccountFigures {
	calls: number;
	accepted: number;
	r429: number;
	span: number;
	sentPerSecond: number;
	acceptedPerSecond: number;
	itemsPerSecond: number;
	busiestSecond: number;
}

export function accountFigures(
	emulator: Emulator,
	spec: { path: string; user?: string; limit: number; items?: number },
): AccountFigures;

export function startQueueMode(
	n8n: N8n,
	spec: { port: number; workers?: number; concurrency?: number; env?: Record<string, string> },
): Promise<{
	url: string;
	workers: Array<ChildProcess & { log: string }>;
	finished(): number;
	stop(): Promise<void>;
}>;

export function waitFinished(
	finished: () => number,
	before: number,
	count: number,
	timeoutMs?: number,
): Promise<number>;
