import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { Pacer, pause } from './pacer';

export const REGION_URLS: Record<string, string> = {
	us: 'https://api.getblueshift.com',
	eu: 'https://api.eu.getblueshift.com',
};

/** The base URL a credential points at; a custom one must be http(s). */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string | Error {
	const region = String(credentials.region ?? 'us');
	if (region !== 'custom') return REGION_URLS[region] ?? REGION_URLS.us;
	const raw = String(credentials.baseUrl ?? '').trim();
	if (!/^https?:\/\/[^\s/]+/i.test(raw)) {
		return new Error(
			`The Blueshift credential's Base URL must start with http:// or https:// (got "${raw.slice(0, 80)}")`,
		);
	}
	return raw.replace(/\/+$/, '');
}

/** Statuses the reference pages say to retry with backoff, plus 429. */
const RETRYABLE_STATUS = new Set([404, 409, 429, 502, 503, 504]);

export interface TransportOptions {
	callsPerSecond: number;
	maxRetries: number;
	retryDelay: number;
	timeout: number;
}

export type ApiAnswer =
	| { ok: true; status: number; body: IDataObject; attempts: number }
	| ApiFailure;

export interface ApiFailure {
	ok: false;
	status?: number;
	body?: JsonObject;
	message: string;
	description: string;
	apiErrors?: IDataObject;
	attempts: number;
}

/** Removes the key and its Basic-auth form from any text that might be shown to a user. */
export function redactor(apiKey: string): (text: string) => string {
	const secrets = apiKey
		? [apiKey, Buffer.from(`${apiKey}:`).toString('base64'), Buffer.from(apiKey).toString('base64')]
		: [];
	return (text: string) =>
		secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text);
}

/** What the API said, in a line: `message`, or every `errors` field with its messages. */
export function apiMessageOf(body: unknown): { text: string; errors?: IDataObject } {
	if (typeof body === 'string') return { text: body.slice(0, 200) };
	if (!body || typeof body !== 'object') return { text: '' };
	const { message, errors, error } = body as IDataObject;
	if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
		const text = Object.entries(errors as IDataObject)
			.map(([field, msgs]) => `${field}: ${Array.isArray(msgs) ? msgs.join(', ') : String(msgs)}`)
			.join('; ');
		return { text, errors: errors as IDataObject };
	}
	if (typeof message === 'string') return { text: message };
	if (typeof error === 'string') return { text: error };
	return { text: '' };
}

function describeStatus(status: number, apiText: string, attempts: number) {
	const said = apiText ? `: ${apiText}` : '';
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	switch (true) {
		case status === 401:
			return {
				message: `Blueshift did not accept the API key (401${said})`,
				description:
					'Check the User API key in the Blueshift credential (the User API key, not the Event API key) and that the region matches your account.',
			};
		case status === 403:
			return {
				message: `The API key is not allowed to do this (403${said})`,
				description: 'Use a User API key whose role may create and update customers.',
			};
		case status === 413:
			return {
				message: `Blueshift refused the call as too large (413${said})`,
				description: 'Lower the Batch Size option; Blueshift takes at most 50 customers per call.',
			};
		case status === 429:
			return {
				message: `Blueshift's rate limit was exceeded (429${said})${tries}`,
				description:
					'Lower the calls-per-second option, raise Max Retries, or ask Blueshift for a higher limit.',
			};
		case status === 404 || status === 409 || status >= 502:
			return {
				message: `Blueshift asked to retry later (${status}${said})${tries}`,
				description: 'Blueshift was busy or the record was locked; run the item again later.',
			};
		case status >= 500:
			return {
				message: `Blueshift had an internal error (${status}${said})`,
				description: 'Blueshift could not process the call; if it persists, contact Blueshift support.',
			};
		default:
			return {
				message: `Blueshift rejected the request (${status}${said})`,
				description: 'Fix the fields named in the message and run the item again.',
			};
	}
}

/** Retry-After in ms, as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(header));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Exponential backoff with jitter: base * 2^attempt, between half and all of it, capped at 60 s. */
export const backoffMs = (base: number, attempt: number) =>
	Math.min(60_000, base * 2 ** attempt) * (0.5 + Math.random() / 2);

function parseBody(raw: unknown): IDataObject | undefined {
	if (raw && typeof raw === 'object' && !Buffer.isBuffer(raw)) return raw as IDataObject;
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '');
	if (text.trim() === '') return {};
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/**
 * One execution's connection to Blueshift: its credentials, base URL, pacing and retries. Made anew
 * by every execution (nothing is cached between executions).
 */
export class BlueshiftTransport {
	private constructor(
		private readonly ctx: IExecuteFunctions | ILoadOptionsFunctions,
		private readonly baseUrl: string,
		private readonly redact: (text: string) => string,
		private readonly pacer: Pacer,
		private readonly options: TransportOptions,
		private readonly signal?: AbortSignal,
	) {}

	static async create(
		ctx: IExecuteFunctions | ILoadOptionsFunctions,
		options: TransportOptions,
	): Promise<BlueshiftTransport> {
		const credentials = await ctx.getCredentials('blueshiftApi');
		const baseUrl = baseUrlOf(credentials);
		if (baseUrl instanceof Error) throw new NodeOperationError(ctx.getNode(), baseUrl.message);
		const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		// Enough calls in flight that up to 4 s of latency does not cap throughput at the rate, at most 200.
		const maxInFlight = Math.min(200, Math.max(4, Math.ceil(options.callsPerSecond * 4)));
		const pacer = new Pacer(options.callsPerSecond, maxInFlight, signal);
		return new BlueshiftTransport(
			ctx,
			baseUrl,
			redactor(String(credentials.apiKey ?? '')),
			pacer,
			options,
			signal,
		);
	}

	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	/** Sends one call, paced, retried where Blueshift says to retry. Never throws for HTTP errors. */
	async request(method: IHttpRequestMethods, path: string, body?: IDataObject): Promise<ApiAnswer> {
		return await this.pacer.withPermit(async () => {
			let answerLost = false;
			for (let attempt = 1; ; attempt++) {
				if (!(await this.waited(() => this.pacer.startSlot()))) return this.cancelledAnswer(attempt - 1);
				const answer = await this.attempt(method, path, body, attempt);
				if (answer.ok || !answer.retryable || attempt > this.options.maxRetries || this.cancelled) {
					const { retryable, waitMs, lost, ...rest } = answer;
					if (!rest.ok && answerLost && !lost) {
						// an earlier attempt may have been saved although this one was refused
						rest.message += '; an earlier attempt got no answer and may have saved the record';
					}
					return rest as ApiAnswer;
				}
				answerLost ||= answer.lost === true;
				if (answer.status === 429) this.pacer.slowDown();
				const wait = answer.waitMs ?? backoffMs(this.options.retryDelay, attempt - 1);
				if (!(await this.waited(() => pause(wait, this.signal)))) return this.cancelledAnswer(attempt);
			}
		});
	}

	/** Runs a wait; false when the execution was cancelled during it (n8n's sleep rejects only then). */
	private async waited(wait: () => Promise<void>): Promise<boolean> {
		return await wait().then(
			() => !this.cancelled,
			() => false,
		);
	}

	private cancelledAnswer(attempts: number): ApiFailure {
		return {
			ok: false,
			message: 'The execution was cancelled before this call was answered',
			description:
				attempts > 0
					? 'An earlier attempt was not accepted; the record may or may not have reached Blueshift.'
					: 'The record was not sent.',
			attempts,
		};
	}

	private async attempt(
		method: IHttpRequestMethods,
		path: string,
		body: IDataObject | undefined,
		attempts: number,
	): Promise<ApiAnswer & { retryable?: boolean; waitMs?: number; lost?: boolean }> {
		let response: FullResponse;
		try {
			response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				'blueshiftApi',
				{
					method,
					url: `${this.baseUrl}${path}`,
					body,
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: this.options.timeout,
					abortSignal: this.signal,
				},
			)) as FullResponse;
		} catch (error) {
			if (this.cancelled) return this.cancelledAnswer(attempts);
			const failure = this.networkFailure(error, attempts);
			return { ...failure, retryable: true, lost: !/^Could not reach/.test(failure.message) };
		}
		const status = Number(response.statusCode);
		const parsed = parseBody(response.body);
		if (status >= 200 && status < 300) {
			if (parsed) return { ok: true, status, body: parsed, attempts };
			return {
				ok: false,
				status,
				message: `Blueshift answered ${status} with a body that is not JSON`,
				description:
					'The answer could not be read, so it is unknown whether the record was saved. Run the item again.',
				attempts,
				retryable: true,
				lost: true,
			};
		}
		// whatever the answer says goes to the user: take the key out of all of it first
		const safe = JSON.parse(this.redact(JSON.stringify(parsed ?? String(response.body ?? '')))) as unknown;
		const api = apiMessageOf(safe);
		const text = api.text;
		return {
			ok: false,
			status,
			body: (safe && typeof safe === 'object' ? safe : { message: text }) as JsonObject,
			...describeStatus(status, text, attempts),
			apiErrors: api.errors,
			attempts,
			retryable: RETRYABLE_STATUS.has(status),
			waitMs: retryAfterMs(response.headers?.['retry-after']),
		};
	}

	/**
	 * A failure with no HTTP answer: only the error's code and message, never its request options.
	 * The call may have reached Blueshift, so the message says so; sending it again is safe, since a
	 * repeated upsert or start-tracking call leaves the customer as one call would.
	 */
	private networkFailure(error: unknown, attempts: number): ApiFailure {
		const err = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
		const code = String(err.code ?? err.cause?.code ?? '');
		const raw = this.redact(String(err.message ?? 'unknown error')).slice(0, 200);
		const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
		const timedOut = /ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT/.test(code) || /timeout/i.test(raw);
		const refused = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(code);
		// The code goes into the description: n8n replaces a thrown message that names a network
		// code (ECONNREFUSED, ...) with a generic sentence that no longer mentions Blueshift.
		const message = timedOut
			? `Blueshift did not answer within ${this.options.timeout} ms${tries}`
			: refused
				? `Could not reach Blueshift${tries}`
				: `The connection to Blueshift failed before it answered${tries}`;
		const said = `${code ? `${code}: ` : ''}${raw}. `;
		return {
			ok: false,
			message,
			description: refused
				? `${said}Nothing was sent. Check the region or base URL and the network, then run the item again.`
				: `${said}The record may or may not have reached Blueshift. Running the item again is safe: a repeated call leaves the customer as one call would.`,
			attempts,
		};
	}
}
