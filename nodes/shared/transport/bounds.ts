import type { IDataObject } from 'n8n-workflow';

import { pause } from '../pacing';

/**
 * The most the node reads of one answer, after gzip inflation: Blueshift's answers are a few KB
 * (a search: up to 100 profiles), so a larger one comes from something else and is cut off
 * rather than held in memory and copied to every item of its call.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** What n8n's request helper hands back with `returnFullResponse: true`. */
export interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** What n8n's helper hands back with `encoding: 'stream'`: the (inflated) body as a readable stream. */
interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

const isStream = (body: unknown): body is BodyStream =>
	!!body &&
	typeof body === 'object' &&
	Symbol.asyncIterator in body &&
	typeof (body as BodyStream).destroy === 'function';

/** Drops an answer's body unread (a redirect's). */
export function discard(body: unknown): void {
	if (isStream(body)) body.destroy();
}

/**
 * The body as text, read up to MAX_ANSWER_BYTES after inflation (n8n's helper sets no limit of
 * its own: axios' maxContentLength is Infinity in every n8n line), or `undefined` past it; the
 * stream is destroyed when `signal` aborts (the attempt's deadline), which rejects the read.
 */
export async function readText(
	response: FullResponse,
	signal: AbortSignal,
): Promise<string | undefined> {
	const { body } = response;
	if (!isStream(body)) {
		// a host that ignored `encoding: 'stream'`: what it read is already in memory
		const text = Buffer.isBuffer(body)
			? body.toString('utf8')
			: typeof body === 'string'
				? body
				: JSON.stringify(body ?? '');
		return Buffer.byteLength(text) > MAX_ANSWER_BYTES ? undefined : text;
	}
	if (Number(response.headers?.['content-length']) > MAX_ANSWER_BYTES) {
		body.destroy();
		return undefined;
	}
	const stop = () => body.destroy(new Error('The answer was cut off at the deadline'));
	if (signal.aborted) stop();
	else signal.addEventListener('abort', stop, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			size += bytes.length;
			if (size > MAX_ANSWER_BYTES) {
				body.destroy();
				return undefined;
			}
			chunks.push(bytes);
		}
	} finally {
		signal.removeEventListener('abort', stop);
	}
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/^\uFEFF/, '');
}

/**
 * One attempt's hard deadline: its signal aborts `ms` after the start, or when the execution is
 * cancelled. n8n's timeout option is an idle timer (a byte now and then keeps it waiting for
 * good), so the deadline is the node's own, on n8n-workflow's sleep (nodes may not set timers).
 */
export class Deadline {
	readonly signal: AbortSignal;

	expired = false;

	private readonly controller = new AbortController();

	private readonly timer = new AbortController();

	private readonly onCancel = () => this.controller.abort();

	constructor(
		ms: number,
		private readonly cancel?: AbortSignal,
	) {
		this.signal = this.controller.signal;
		if (cancel?.aborted) this.controller.abort();
		else cancel?.addEventListener('abort', this.onCancel, { once: true });
		void pause(ms, this.timer.signal).then(
			() => {
				this.expired = true;
				this.controller.abort();
			},
			() => undefined,
		);
	}

	/**
	 * Ends the attempt. `release`: its answer was not read to the end (a redirect, too large, cut
	 * off): the signal aborts, so axios destroys the request and its socket rather than leave it to
	 * the server (axios listens to the signal until the body stream ends, and then no more).
	 */
	clear(release: boolean): void {
		this.timer.abort();
		this.cancel?.removeEventListener('abort', this.onCancel);
		if (release) this.controller.abort();
	}
}
