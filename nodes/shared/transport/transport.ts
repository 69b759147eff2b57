import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	accountPacer,
	clock,
	Permits,
	type AccountPacer,
	type Lease,
	type Outcome,
	type RetryOf,
} from '../pacing';
import { apiMessageOf, answerOf, boundedBody, describeStatus } from './answers';
import { Deadline, discard, readText, type FullResponse } from './bounds';
import { accountFingerprint, baseUrlOf, cleartextWarning } from './connection';
import {
	cancelledAnswer,
	networkFailure,
	notStarted,
	redirected,
	success,
	tooLarge,
} from './failures';
import { redactDeep, redactor, userinfoOf } from './redact';
import { decide, retries, retryAfterMs, type History } from './retry';
import { send } from './send';
import type { ApiAnswer, AttemptAnswer, CallOptions, TransportOptions } from './types';

/** How an attempt ended, for the pacer: a 429, another answer, or none. */
const outcomeOf = (answer: AttemptAnswer): Outcome =>
	answer.status === 429 ? 'throttled' : answer.status !== undefined ? 'ok' : 'none';

/**
 * One execution's connection to Blueshift for one operation: its credentials, base URL, retries,
 * and its place in the pacer this process shares among every execution using the same account
 * and endpoint family (see ../pacing). Made anew by every execution; the shared pacer holds no key.
 */
export class BlueshiftTransport {
	/**
	 * Blueshift's pages disagree on which key the event endpoints take: the credential signs them
	 * with the Event API key when it has one. When Blueshift refuses that key (401), the call is
	 * sent again at once with the User API key (a 401 is a refusal: nothing was taken twice), not
	 * counted as a retry; once Blueshift answers the User API key with anything but a 401, this
	 * execution's later event calls go with it from the start.
	 */
	private eventKeyRefused = false;

	/** Takes the credential's keys, in any of their forms, out of a text (also for errors the runner makes). */
	readonly redact: (text: string) => string;

	private constructor(
		private readonly ctx: IExecuteFunctions | ILoadOptionsFunctions,
		private readonly baseUrl: string,
		private readonly credential: ICredentialsDecrypted,
		private readonly pacer: AccountPacer,
		private readonly lease: Lease,
		private readonly permits: Permits,
		private readonly options: TransportOptions,
		private readonly signal?: AbortSignal,
	) {
		const data = credential.data ?? {};
		this.redact = redactor(
			String(data.apiKey ?? ''),
			String(data.eventApiKey ?? ''),
			...userinfoOf(baseUrl),
		);
	}

	static async create(
		ctx: IExecuteFunctions | ILoadOptionsFunctions,
		options: TransportOptions,
	): Promise<BlueshiftTransport> {
		const credentials = await ctx.getCredentials('blueshiftApi');
		const baseUrl = baseUrlOf(credentials);
		if (baseUrl instanceof Error) throw new NodeOperationError(ctx.getNode(), baseUrl.message);
		const warning = cleartextWarning(baseUrl);
		const withHints = ctx as Partial<Pick<IExecuteFunctions, 'addExecutionHints'>>;
		if (warning && typeof withHints.addExecutionHints === 'function') {
			withHints.addExecutionHints({ message: warning, type: 'warning', location: 'outputPane' });
		}
		const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		const rate = options.callsPerSecond > 0 ? options.callsPerSecond : 1;
		// trimmed as the credential sends them (a key pasted with a newline)
		const apiKey = String(credentials.apiKey ?? '').trim();
		const eventApiKey = String(credentials.eventApiKey ?? '').trim();
		const sentKey = options.eventKey && eventApiKey !== '' ? eventApiKey : apiKey;
		const pacer = accountPacer(options.family ?? 'default', accountFingerprint(baseUrl, sentKey));
		// Enough calls in flight that up to 4 s of latency does not cap throughput at the rate, at most 200.
		const permits = new Permits(Math.min(200, Math.max(4, Math.ceil(rate * 4))));
		// Loaded once per execution and handed to n8n's request helper with every call, which would
		// otherwise load and decrypt it again from the database for each call.
		const chosen = ctx.getNode().credentials?.blueshiftApi;
		const credential: ICredentialsDecrypted = {
			id: chosen?.id ?? '',
			name: chosen?.name ?? 'blueshiftApi',
			type: 'blueshiftApi',
			data: credentials,
		};
		const lease = pacer.join(rate);
		return new BlueshiftTransport(ctx, baseUrl, credential, pacer, lease, permits, options, signal);
	}

	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	/**
	 * Sends one call, paced by the account's shared pacer, retried where Blueshift says to retry
	 * (see retry.ts `decide`). A 429 is retried at the pacer's next free slot (the pacer has slowed
	 * down for the account); a 5xx or a network failure after an exponential backoff. Never throws
	 * for HTTP errors.
	 */
	async request(
		method: IHttpRequestMethods,
		path: string,
		body?: IDataObject,
		call: CallOptions = {},
	): Promise<ApiAnswer> {
		return await this.permits.run(async () => {
			const history: History = { attempts: 0, fellBack: 0, lost: false, seenOnce: new Set() };
			let retryOf: RetryOf | undefined;
			let waitMs = 0;
			for (;;) {
				if (waitMs > 0 && !(await this.waited(waitMs))) {
					return cancelledAnswer(history.attempts, history.lost);
				}
				const attempts = history.attempts + 1;
				// decided once the slot came: a call that waited sees what earlier calls learnt of the key
				let withEventKey = false;
				const slot = await this.pacer.slot(
					this.lease,
					{
						signal: this.signal,
						retryOf,
						mayStart: history.attempts === 0 ? call.mayStart : undefined,
					},
					async () => {
						withEventKey = history.fellBack === 0 && this.signsWithEventKey();
						return await this.attempt(method, path, body, call, attempts, !withEventKey);
					},
					outcomeOf,
				);
				if (slot.kind === 'cancelled') return cancelledAnswer(history.attempts, history.lost);
				if (slot.kind === 'notStarted') return notStarted();
				history.attempts = attempts;
				const answer = slot.result;
				if (!answer.ok && answer.status === 401 && withEventKey && !this.cancelled) {
					history.fellBack = 1;
					retryOf = 'failed';
					waitMs = 0;
					continue;
				}
				// the User API key passed: an answer about the call itself, not a gateway's or the rate's
				const status = answer.status ?? 0;
				if (history.fellBack && status >= 200 && status < 500 && ![401, 429].includes(status)) {
					this.eventKeyRefused = true;
				}
				const limits = { ...this.options, cancelled: this.cancelled };
				const step = decide(answer, history, call, limits);
				if (step.kind === 'answer') return step.answer;
				({ retryOf, waitMs } = step);
			}
		});
	}

	/** Whether this call goes out with the Event API key (see `eventKeyRefused`). */
	private signsWithEventKey(): boolean {
		const eventApiKey = this.credential.data?.eventApiKey;
		return (
			this.options.eventKey === true &&
			!this.eventKeyRefused &&
			typeof eventApiKey === 'string' &&
			eventApiKey.trim() !== ''
		);
	}

	/** Waits; false when the execution was cancelled during it (n8n's sleep rejects only then). */
	private async waited(ms: number): Promise<boolean> {
		return await clock()
			.sleep(ms, this.signal)
			.then(
				() => !this.cancelled,
				() => false,
			);
	}

	/** One attempt within its deadline: sent, its answer read (bounded) and classified. */
	private async attempt(
		method: IHttpRequestMethods,
		path: string,
		body: IDataObject | undefined,
		call: CallOptions,
		attempts: number,
		withoutEventKey: boolean,
	): Promise<AttemptAnswer> {
		const deadline = new Deadline(this.options.timeout, this.signal);
		// without the Event API key once Blueshift refused it: the credential signs with the User API key
		const credential = withoutEventKey
			? { ...this.credential, data: { ...this.credential.data, eventApiKey: '' } }
			: this.credential;
		let response: FullResponse;
		let text: string | undefined;
		try {
			const url = `${this.baseUrl}${path}`;
			const out = { method, url, body, qs: call.qs, timeout: this.options.timeout };
			response = await send(this.ctx, credential, out, deadline.signal);
			const status = Number(response.statusCode);
			if (status >= 300 && status < 400) {
				discard(response.body);
				return redirected(status, response.headers?.location, attempts, this.baseUrl, this.redact);
			}
			text = await readText(response, deadline.signal);
		} catch (error) {
			// cancelled while the call was out: it may have reached Blueshift
			if (this.cancelled) return { ...cancelledAnswer(attempts, true), lost: true };
			return networkFailure(error, attempts, deadline.expired, this.options.timeout, this.redact);
		} finally {
			deadline.clear(text === undefined);
		}
		const status = Number(response.statusCode);
		if (text === undefined) return tooLarge(status, attempts);
		const deep = (value: unknown) => redactDeep(value, this.redact);
		if (status >= 200 && status < 300) {
			return success(status, text, attempts, call, this.redact, deep);
		}
		// whatever the answer says goes to the user: take the key out of all of it first
		const safe = deep(answerOf(text) ?? text);
		const api = apiMessageOf(safe);
		const retryable = retries(call, status);
		return {
			ok: false,
			status,
			body: boundedBody(safe, api.text),
			...describeStatus(status, api.text, attempts, retryable),
			apiErrors: api.errors ? (boundedBody(api.errors, api.text) as IDataObject) : undefined,
			attempts,
			retryable,
			// an HTTP date is wall-clock time (the pacer's clock is monotonic)
			waitMs: retryAfterMs(response.headers?.['retry-after']),
		};
	}
}
