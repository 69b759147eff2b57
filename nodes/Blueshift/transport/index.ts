import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { createHmac, randomBytes } from 'crypto';

import {
	accountPacer,
	clock,
	pause,
	Permits,
	type AccountPacer,
	type Lease,
	type RetryOf,
	type Ticket,
} from './pacer';

export const REGION_URLS: Record<string, string> = {
	us: 'https://api.getblueshift.com',
	eu: 'https://api.eu.getblueshift.com',
};

/**
 * The base URL a credential points at; a custom one must be http(s). The error never repeats what
 * was typed (it may hold user:password@ or a key): it names only the scheme it found.
 */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string | Error {
	const region = String(credentials.region ?? 'us');
	if (region !== 'custom') return REGION_URLS[region] ?? REGION_URLS.us;
	return customBaseUrl(String(credentials.baseUrl ?? ''));
}

const BASE_URL_FORM = "The Blueshift credential's Base URL must be scheme://host[:port][/path]";

/**
 * A custom base URL, checked: `http(s)://host[:port][/path]` and nothing else. A query or a
 * fragment would swallow every path the node appends (`/x?y=` + `/api/v1/customers` calls `/x`),
 * and a user name or password is no credential Blueshift takes. The errors name the part found,
 * never what was typed.
 */
export function customBaseUrl(typed: string): string | Error {
	const raw = typed.trim();
	if (!/^https?:\/\/[^\s/]+/i.test(raw)) {
		const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
		const found =
			raw === ''
				? 'it is empty'
				: scheme
					? `it starts with "${scheme.slice(0, 20)}:"`
					: 'it has no scheme';
		return new Error(
			`The Blueshift credential's Base URL must start with http:// or https:// (${found})`,
		);
	}
	const rest = raw.replace(/^https?:\/\//i, '');
	const authority = rest.split(/[/?#]/)[0];
	if (authority.includes('@')) {
		return new Error(
			"The Blueshift credential's Base URL must not hold a user name or password (user:password@): the API key is the credential Blueshift takes",
		);
	}
	if (raw.includes('?'))
		return new Error(
			`${BASE_URL_FORM}: it has a query (a question mark and what follows); remove it`,
		);
	if (raw.includes('#'))
		return new Error(
			`${BASE_URL_FORM}: it has a fragment (a hash sign and what follows); remove it`,
		);
	if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(authority)) {
		return new Error(`${BASE_URL_FORM}: its host or port is not valid`);
	}
	if (!/^[A-Za-z0-9._~%!$&'()*+,;=:@/-]*$/.test(rest.slice(authority.length))) {
		return new Error(
			`${BASE_URL_FORM}: its path holds characters a URL path cannot (spaces, backslashes, quotes)`,
		);
	}
	try {
		new URL(raw);
	} catch {
		return new Error(`${BASE_URL_FORM}: it is not a valid URL`);
	}
	return raw.replace(/\/+$/, '');
}

/** `scheme://host[:port]` of a URL: no user name, password, path or query (where a key may sit). */
export function originOf(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}`;
	} catch {
		return 'the Base URL';
	}
}

/** Hosts whose traffic does not leave the machine: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(hostname: string): boolean {
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		/^127(\.\d{1,3}){3}$/.test(host) ||
		host === '::1' ||
		host === '0:0:0:0:0:0:0:1' ||
		/^::ffff:127(\.\d{1,3}){3}$/.test(host)
	);
}

/** A warning when the key would travel in clear text: http:// to a host off this machine. */
export function cleartextWarning(baseUrl: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(baseUrl);
	} catch {
		return undefined;
	}
	if (parsed.protocol !== 'http:' || isLoopback(parsed.hostname)) return undefined;
	return `The Blueshift credential's Base URL (${originOf(baseUrl)}) uses plain http:// to a host other than this machine: the API key travels unencrypted and anyone on the network path can read it. Use https:// unless this is a test server on a network you trust.`;
}

/** Statuses retried for any call: 429 and the gateway errors the reference pages say to retry. */
export const DEFAULT_RETRY_ON: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Customer and list writes: the reference pages also say to retry 404 and 409 ("resource conflicts"). */
export const CUSTOMER_WRITE_RETRY_ON: ReadonlySet<number> = new Set([404, 409, 429, 502, 503, 504]);

/** The longest wait before a retry, from the backoff or from a Retry-After header. */
export const MAX_RETRY_WAIT_MS = 60_000;

/**
 * The most the node reads of one answer, after gzip inflation: Blueshift's answers are a few KB
 * (a search: up to 100 profiles), so a larger one comes from something else and is cut off
 * rather than held in memory and copied to every item of its call.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The longest text an answer puts into a message. */
export const MAX_SAID = 300;

/** A failure's body (kept in `details` of every item of its call): each text cut, and the whole bounded. */
const MAX_BODY_TEXT = 1000;
const MAX_FAILURE_BODY = 64 * 1024;

export interface TransportOptions {
	/**
	 * The endpoint family for pacing, e.g. 'customers' (50/s documented for POST /customers),
	 * 'customersBulk' (5/s), 'eventsBulk' (5/s). Every execution in this process that uses the same
	 * account and family shares one pacer.
	 */
	family: string;
	/**
	 * The family's calls are signed with the Event API key when the credential has one (see the
	 * credential's `authenticate`): the pacer knows the account by that key then.
	 */
	eventKey?: boolean;
	callsPerSecond: number;
	maxRetries: number;
	retryDelay: number;
	timeout: number;
}

export interface CallOptions {
	/** Query string. */
	qs?: IDataObject;
	/** Statuses retried for this call; DEFAULT_RETRY_ON when absent. Network failures are always retried. */
	retryOn?: ReadonlySet<number>;
	/** Statuses of `retryOn` retried once only: the second such answer is the answer (a read's 404). */
	retryOnce?: ReadonlySet<number>;
	/**
	 * Asked right before the first attempt is sent, after the pacer granted the slot; false: the
	 * call is not sent (its slot goes to the next call) and the answer says `notSent`. Retries of a
	 * call whose first attempt started do not ask.
	 */
	mayStart?: () => boolean;
	/**
	 * The 2xx status is the whole answer (forget, delete, unforget: "200 OK" is documented, no body
	 * is needed): a 2xx whose body is not JSON is then accepted, with the text kept as `{ text }`,
	 * instead of being retried as a lost answer, which would resend an irreversible call.
	 */
	statusIsAnswer?: boolean;
	/**
	 * false: an attempt that may have reached Blueshift without a readable answer (a timeout, a
	 * connection dropped after sending) is not retried: the call fails saying it may have arrived.
	 * For calls Blueshift does not deduplicate (events), where a retry could send a message twice.
	 */
	retryUnknown?: boolean;
}

export type ApiAnswer =
	{ ok: true; status: number; body: IDataObject; attempts: number } | ApiFailure;

export interface ApiFailure {
	ok: false;
	status?: number;
	body?: JsonObject;
	message: string;
	description: string;
	apiErrors?: IDataObject;
	attempts: number;
	/** Nothing reached Blueshift: `mayStart` said no, or the execution was cancelled before the first attempt. */
	notSent?: boolean;
	/** An attempt may have reached Blueshift without a readable answer (timeout, reset, unreadable body, cancel). */
	maybeSent?: boolean;
}

/**
 * Every text form a secret can take in an error: as is and trimmed (the credential sends the Event
 * API key trimmed), each also as the Basic-auth user (base64).
 */
function secretForms(secret: string): string[] {
	return [...new Set([secret, secret.trim()])].flatMap((s) => [
		s,
		Buffer.from(`${s}:`).toString('base64'),
		Buffer.from(s).toString('base64'),
	]);
}

/**
 * Removes the keys, their Basic-auth forms, and the user name and password of a base URL from any
 * text that might be shown to a user. Longest first, so a secret inside another goes with it.
 */
export function redactor(...secrets: Array<string | undefined>): (text: string) => string {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (!secret || secret.length < 3) continue;
		for (const form of secretForms(secret)) forms.add(form);
		try {
			const decoded = decodeURIComponent(secret);
			if (decoded !== secret) for (const form of secretForms(decoded)) forms.add(form);
		} catch {
			// not URI-encoded
		}
	}
	const sorted = [...forms].sort((a, b) => b.length - a.length);
	return (text: string) =>
		sorted.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text);
}

/**
 * `value` with every text in it (strings and names, at any depth) passed through `redact`. Walks
 * the values rather than redacting the JSON text, where a short secret could match inside an
 * escape sequence (`\u0001`) and leave text that no longer parses.
 */
export function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
	if (typeof value === 'string') return redact(value);
	// a crafted answer nested thousands deep would exhaust the stack; Blueshift nests a few levels
	if (depth > 64 && value && typeof value === 'object') return '[nested too deep]';
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact, depth + 1)]),
		);
	}
	return value;
}

/** `text` cut to `max` characters, saying so. */
export const cut = (text: string, max: number) =>
	text.length > max ? `${text.slice(0, max)}…` : text;

/**
 * A failure's body as it may be kept on every item of its call: each text cut to MAX_BODY_TEXT,
 * and, if still larger than MAX_FAILURE_BODY, only its message.
 */
function boundedBody(body: unknown, text: string): JsonObject {
	const cutTexts = (value: unknown): unknown => {
		if (typeof value === 'string') return cut(value, MAX_BODY_TEXT);
		if (Array.isArray(value)) return value.map(cutTexts);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.entries(value).map(([k, v]) => [cut(k, MAX_BODY_TEXT), cutTexts(v)]),
			);
		}
		return value;
	};
	const bounded =
		body && typeof body === 'object' ? (cutTexts(body) as JsonObject) : { message: text };
	if (JSON.stringify(bounded).length <= MAX_FAILURE_BODY) return bounded;
	return {
		message: text,
		truncated: `The answer was larger than ${MAX_FAILURE_BODY / 1024} KB; only its message is kept`,
	};
}

/** The user name and password a base URL carries (`https://user:password@host`), if any. */
function userinfoOf(baseUrl: string): string[] {
	const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(baseUrl);
	if (!match) return [];
	const [user, ...rest] = match[1].split(':');
	const password = rest.join(':');
	return [match[1], user, password];
}

/** `errors` in a line: `{field: messages}`, or a list of such objects or of texts (the event pages' 400). */
function errorsText(errors: unknown): string {
	if (typeof errors === 'string') return errors;
	if (Array.isArray(errors)) return errors.map(errorsText).filter(Boolean).join('; ');
	if (!errors || typeof errors !== 'object') return '';
	return Object.entries(errors as IDataObject)
		.map(
			([field, msgs]) =>
				`${field}: ${Array.isArray(msgs) ? msgs.join(', ') : typeof msgs === 'object' && msgs !== null ? JSON.stringify(msgs) : String(msgs)}`,
		)
		.join('; ');
}

/** What the API said, in a line: `message`, or every `errors` field with its messages. */
export function apiMessageOf(body: unknown): { text: string; errors?: IDataObject } {
	if (typeof body === 'string') return { text: body.slice(0, 200) };
	if (!body || typeof body !== 'object') return { text: '' };
	const { message, errors, error } = body as IDataObject;
	const listed = errors && typeof errors === 'object' ? errorsText(errors).slice(0, MAX_SAID) : '';
	if (listed)
		return Array.isArray(errors)
			? { text: listed }
			: { text: listed, errors: errors as IDataObject };
	if (typeof message === 'string') return { text: cut(message, MAX_SAID) };
	if (typeof error === 'string') return { text: cut(error, MAX_SAID) };
	return { text: '' };
}

/**
 * The error for a status. `retried`: whether this call retries that status, so the message never
 * says "retry later" of a status the node did not retry, and never hides that it did.
 */
function describeStatus(status: number, apiText: string, attempts: number, retried: boolean) {
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
				description:
					'Use an API key whose role may do this in Blueshift (an admin generates the User API key).',
			};
		case status === 413:
			return {
				message: `Blueshift refused the call as too large (413${said})`,
				description:
					'Lower the Batch Size option where the operation has one (bulk calls are split and resent by themselves); a single record this large must be made smaller.',
			};
		case status === 429:
			return {
				message: `Blueshift's rate limit was exceeded (429${said})${tries}`,
				description:
					'Lower the calls-per-second option (several n8n instances on one account: divide the rate among them), raise Max Retries, or ask Blueshift for a higher limit.',
			};
		case retried:
			return {
				message: `Blueshift asked to retry later (${status}${said})${tries}`,
				description:
					'Blueshift was busy or the record was locked, and stayed so through every retry; run the item again later.',
			};
		case status >= 500:
			return {
				message: `Blueshift had a server error (${status}${said})`,
				description:
					'Blueshift could not process the call; this status is not retried. Run the item again later; if it persists, contact Blueshift support.',
			};
		default:
			return {
				message: `Blueshift rejected the request (${status}${said})`,
				description: 'Fix the fields named in the message and run the item again.',
			};
	}
}

/**
 * Retry-After in ms, as seconds or an HTTP date, at most MAX_RETRY_WAIT_MS (a proxy may ask for
 * hours); undefined when absent or unreadable.
 */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	if (String(header).trim() === '') return undefined;
	const seconds = Number(header);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(header)) - now;
	return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_WAIT_MS, Math.max(0, ms));
}

/** Exponential backoff with jitter: base * 2^attempt, between half and all of it, capped at 60 s. */
export const backoffMs = (base: number, attempt: number) =>
	Math.min(MAX_RETRY_WAIT_MS, base * 2 ** attempt) * (0.5 + Math.random() / 2);

const isObject = (value: unknown): value is IDataObject =>
	!!value && typeof value === 'object' && !Array.isArray(value);

/**
 * The body as Blueshift answers: a JSON object, or a non-empty list of them (bulk_execute answers
 * one per payload, and a call always sends at least one); undefined for anything else (not JSON,
 * `[]`, `null`, a string, a number).
 */
function answerOf(text: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		if (isObject(parsed)) return parsed;
		return Array.isArray(parsed) && parsed.length > 0 && parsed.every(isObject)
			? (parsed as unknown as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

interface FullResponse {
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
function discard(body: unknown): void {
	if (isStream(body)) body.destroy();
}

/**
 * The body as text, read up to MAX_ANSWER_BYTES after inflation (n8n's helper sets no limit of
 * its own: axios' maxContentLength is Infinity in every n8n line), or `undefined` past it; the
 * stream is destroyed when `signal` aborts (the attempt's deadline), which rejects the read.
 */
async function readText(response: FullResponse, signal: AbortSignal): Promise<string | undefined> {
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
class Deadline {
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

/** A failure code from the TLS handshake: the connection was refused before any data went out. */
const TLS_FAILURE =
	/^(CERT_|ERR_TLS_|ERR_SSL_|ERR_OSSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|EPROTO)/;

/** A secret of this process only: a fingerprint says nothing of the key outside it, not even to a dictionary. */
const FINGERPRINT_SALT = randomBytes(32);

/** Fingerprint of an account: a keyed hash of its base URL and key, so pacers are shared without holding the key. */
export function accountFingerprint(baseUrl: string, apiKey: string): string {
	return createHmac('sha256', FINGERPRINT_SALT)
		.update(`${baseUrl}\u0000${apiKey}`)
		.digest('hex')
		.slice(0, 32);
}

type AttemptAnswer = ApiAnswer & { retryable?: boolean; waitMs?: number; lost?: boolean };

/**
 * One execution's connection to Blueshift for one operation: its credentials, base URL, retries,
 * and its place in the pacer this process shares among every execution using the same account
 * and endpoint family (see pacer.ts). Made anew by every execution; the shared pacer holds no key.
 */
export class BlueshiftTransport {
	/**
	 * The pages disagree on which key the event endpoints take (INDEX conflict 2): the credential
	 * signs them with the Event API key when it has one. When Blueshift refuses that key (401), the
	 * call is sent again at once with the User API key (a 401 is a refusal: nothing was taken twice),
	 * not counted as a retry; once Blueshift answers the User API key with anything but a 401, this
	 * execution's later event calls go with it from the start.
	 */
	private eventKeyRefused = false;

	private constructor(
		private readonly ctx: IExecuteFunctions | ILoadOptionsFunctions,
		private readonly baseUrl: string,
		private readonly credential: ICredentialsDecrypted,
		/** Takes the credential's keys, in any of their forms, out of a text (also for errors the runner makes). */
		readonly redact: (text: string) => string,
		private readonly pacer: AccountPacer,
		private readonly lease: Lease,
		private readonly permits: Permits,
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
		// trimmed as the credential sends it (a key pasted with a newline)
		const apiKey = String(credentials.apiKey ?? '').trim();
		const warning = cleartextWarning(baseUrl);
		const withHints = ctx as Partial<Pick<IExecuteFunctions, 'addExecutionHints'>>;
		if (warning && typeof withHints.addExecutionHints === 'function') {
			withHints.addExecutionHints({ message: warning, type: 'warning', location: 'outputPane' });
		}
		const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		const rate = options.callsPerSecond > 0 ? options.callsPerSecond : 1;
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
		return new BlueshiftTransport(
			ctx,
			baseUrl,
			credential,
			redactor(
				String(credentials.apiKey ?? ''),
				String(credentials.eventApiKey ?? ''),
				...userinfoOf(baseUrl),
			),
			pacer,
			pacer.join(rate),
			permits,
			options,
			signal,
		);
	}

	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	/**
	 * Sends one call, paced by the account's shared pacer, retried where Blueshift says to retry.
	 * A 429 is retried at the pacer's next free slot (the pacer has slowed down for the account); a
	 * 5xx or a network failure after an exponential backoff. Never throws for HTTP errors.
	 */
	async request(
		method: IHttpRequestMethods,
		path: string,
		body?: IDataObject,
		call: CallOptions = {},
	): Promise<ApiAnswer> {
		const retryOn = call.retryOn ?? DEFAULT_RETRY_ON;
		return await this.permits.run(async () => {
			let lost = false;
			const seenOnce = new Set<number>();
			let retryOf: RetryOf | undefined;
			let waitMs = 0;
			// the call went again with the User API key after its Event API key was refused (not a retry)
			let fellBack = 0;
			for (let attempt = 1; ; attempt++) {
				if (waitMs > 0 && !(await this.waited(waitMs)))
					return this.cancelledAnswer(attempt - 1, lost);
				const ticket = this.cancelled
					? undefined
					: await this.pacer.acquire(this.lease, this.signal, retryOf);
				if (!ticket || this.cancelled) {
					if (ticket) this.pacer.refund(ticket);
					return this.cancelledAnswer(attempt - 1, lost);
				}
				if (attempt === 1 && call.mayStart && !this.mayStart(call.mayStart, ticket)) {
					return {
						ok: false,
						message: 'This call was not sent: the run stopped before it started',
						description: 'Nothing was sent to Blueshift for it.',
						attempts: 0,
						notSent: true,
					};
				}
				let answer: AttemptAnswer | undefined;
				const withEventKey = fellBack === 0 && this.signsWithEventKey();
				try {
					answer = await this.attempt(
						method,
						path,
						body,
						call.qs,
						attempt,
						retryOn,
						call.statusIsAnswer,
						!withEventKey,
					);
				} finally {
					// a throw: the slot is given back with no outcome, so the execution's lease does not stay open
					if (!answer) this.pacer.settle(ticket, 'none');
				}
				this.settle(ticket, answer);
				if (!answer.ok && answer.status === 401 && withEventKey && !this.cancelled) {
					fellBack = 1;
					retryOf = 'failed';
					waitMs = 0;
					continue;
				}
				if (fellBack && answer.status !== undefined && answer.status !== 401)
					this.eventKeyRefused = true;
				lost ||= answer.lost === true;
				const unknownOutcome = answer.lost === true && call.retryUnknown === false;
				const once =
					!answer.ok && answer.status !== undefined && call.retryOnce?.has(answer.status) === true;
				const againOnce = once && seenOnce.has(answer.status as number);
				if (once) seenOnce.add(answer.status as number);
				if (
					answer.ok ||
					!answer.retryable ||
					againOnce ||
					unknownOutcome ||
					attempt - fellBack > this.options.maxRetries ||
					this.cancelled
				) {
					const { retryable, waitMs: _wait, lost: _lost, ...rest } = answer;
					if (rest.ok) return rest;
					if (lost) rest.maybeSent = true;
					if (unknownOutcome) {
						rest.description = `${rest.description} Not retried: Blueshift does not deduplicate this call, so a second attempt could send it twice. Check Blueshift before running the item again.`;
					}
					if (lost && !answer.lost && !rest.notSent) {
						// an earlier attempt may have been saved although this one was refused
						rest.message += '; an earlier attempt got no answer and may have saved the record';
					}
					return rest;
				}
				// where the retry queues: see the pacer's `acquire`
				retryOf = answer.status === 429 ? 'throttled' : 'failed';
				// a 429: a slot of the (now slower) pacer, unless a proxy said how long to wait
				waitMs =
					answer.status === 429
						? (answer.waitMs ?? 0)
						: (answer.waitMs ?? backoffMs(this.options.retryDelay, attempt - fellBack - 1));
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

	/** Asks the runner whether a first attempt may start; the slot goes back unless it may (a throw too). */
	private mayStart(mayStart: () => boolean, ticket: Ticket): boolean {
		let starts = false;
		try {
			starts = mayStart();
			return starts;
		} finally {
			if (!starts) this.pacer.refund(ticket);
		}
	}

	private settle(ticket: Ticket, answer: AttemptAnswer): void {
		if (answer.status === 429) this.pacer.settle(ticket, 'throttled');
		else if (answer.status !== undefined) this.pacer.settle(ticket, 'ok');
		else this.pacer.settle(ticket, 'none');
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

	private cancelledAnswer(attempts: number, maybeSent: boolean): ApiFailure {
		return {
			ok: false,
			message: 'The execution was cancelled before this call was answered',
			description:
				attempts > 0
					? 'An earlier attempt was not accepted; the record may or may not have reached Blueshift.'
					: 'The record was not sent.',
			attempts,
			...(attempts === 0 ? { notSent: true } : {}),
			...(maybeSent ? { maybeSent: true } : {}),
		};
	}

	private async attempt(
		method: IHttpRequestMethods,
		path: string,
		body: IDataObject | undefined,
		qs: IDataObject | undefined,
		attempts: number,
		retryOn: ReadonlySet<number>,
		statusIsAnswer = false,
		withoutEventKey = false,
	): Promise<AttemptAnswer> {
		const deadline = new Deadline(this.options.timeout, this.signal);
		let response: FullResponse;
		let text: string | undefined;
		try {
			response = await this.send(method, path, body, qs, withoutEventKey, deadline.signal);
			const status = Number(response.statusCode);
			if (status >= 300 && status < 400) {
				discard(response.body);
				return this.redirected(status, response.headers?.location, attempts);
			}
			text = await readText(response, deadline.signal);
		} catch (error) {
			return this.noAnswer(error, attempts, deadline.expired);
		} finally {
			deadline.clear(text === undefined);
		}
		const status = Number(response.statusCode);
		if (text === undefined) return this.tooLarge(status, attempts);
		if (status >= 200 && status < 300) return this.success(status, text, attempts, statusIsAnswer);
		// whatever the answer says goes to the user: take the key out of all of it first
		const safe = redactDeep(answerOf(text) ?? text, this.redact);
		const api = apiMessageOf(safe);
		const retryable = retryOn.has(status);
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

	/**
	 * One request through n8n's helper. The helper sets `abortSignal` from the context's
	 * `getExecutionCancelSignal()` (n8n-core, httpRequestWithAuthentication, 1.x and 2.x), so it is
	 * handed a view of the context whose signal is the attempt's: aborted at the deadline or on
	 * cancel. No redirect is followed (Blueshift documents none, and the key would go along); the
	 * body comes as a stream, read up to a bound by `readText`.
	 */
	private async send(
		method: IHttpRequestMethods,
		path: string,
		body: IDataObject | undefined,
		qs: IDataObject | undefined,
		withoutEventKey: boolean,
		signal: AbortSignal,
	): Promise<FullResponse> {
		const ctx = this.ctx;
		const withSignal = new Proxy(ctx, {
			has: (target, key) => key === 'getExecutionCancelSignal' || Reflect.has(target, key),
			get: (target, key) => {
				if (key === 'getExecutionCancelSignal') return () => signal;
				const value: unknown = Reflect.get(target, key, target);
				return typeof value === 'function'
					? (value as (...args: unknown[]) => unknown).bind(target)
					: value;
			},
		});
		return (await ctx.helpers.httpRequestWithAuthentication.call(
			withSignal,
			'blueshiftApi',
			{
				method,
				url: `${this.baseUrl}${path}`,
				body,
				...(qs ? { qs } : {}),
				json: true,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
				timeout: this.options.timeout,
				abortSignal: signal,
			},
			// a copy: n8n's helper may write a pre-authentication token into what it is given; without
			// the Event API key once Blueshift refused it, so the credential signs with the User API key
			{
				credentialsDecrypted: {
					...this.credential,
					data: { ...this.credential.data, ...(withoutEventKey ? { eventApiKey: '' } : {}) },
				},
			},
		)) as FullResponse;
	}

	/**
	 * A 2xx: success when its body is Blueshift's kind of JSON (see `answerOf`), redacted like any
	 * other answer (a proxy may echo the key). With `statusIsAnswer` the status is the answer and any body but a page of
	 * markup goes (the text kept as `{ text }`). Anything else is not Blueshift's answer: it is
	 * unknown whether the record was saved, so it counts as a lost answer.
	 */
	private success(
		status: number,
		text: string,
		attempts: number,
		statusIsAnswer: boolean,
	): AttemptAnswer {
		const parsed = answerOf(text);
		if (parsed)
			return { ok: true, status, body: redactDeep(parsed, this.redact) as IDataObject, attempts };
		const said = cut(this.redact(text).replace(/\s+/g, ' ').trim(), 150);
		if (statusIsAnswer && !said.startsWith('<'))
			return { ok: true, status, body: { text: said.slice(0, 200) }, attempts };
		return {
			ok: false,
			status,
			message: `Blueshift answered ${status} with ${said === '' ? 'an empty body' : `something other than a JSON object: ${said}`}`,
			description:
				'Blueshift answers with a JSON object; this came from something else (a proxy, a wrong Base URL) or was cut off, so it is unknown whether the record was saved. Check the region or Base URL, then run the item again.',
			attempts,
			retryable: true,
			lost: true,
		};
	}

	/** A 3xx: never followed (see `send`); the error names the target's origin, never its path or query. */
	private redirected(status: number, location: unknown, attempts: number): AttemptAnswer {
		let target = '';
		if (typeof location === 'string' && location.trim() !== '') {
			try {
				target = ` to ${cut(this.redact(originOf(new URL(location, `${this.baseUrl}/`).href)), 100)}`;
			} catch {
				target = ' to an address that is not a URL';
			}
		}
		return {
			ok: false,
			status,
			message: `Blueshift answered ${status}, a redirect${target}, which the node does not follow`,
			description:
				"Blueshift's API does not redirect: a proxy or a wrong Base URL did. Nothing was sent to the redirect's target (the API key would have gone with it). Check the region or Base URL in the credential.",
			attempts,
		};
	}

	private tooLarge(status: number, attempts: number): AttemptAnswer {
		const ok = status >= 200 && status < 300;
		return {
			ok: false,
			status,
			message: `Blueshift's answer (${status}) was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB, more than the node reads`,
			description: `Blueshift's answers are a few KB: this one came from something else (a proxy, a wrong Base URL)${ok ? ', so it is unknown whether the record was saved' : ''}. Check the region or Base URL.`,
			attempts,
			lost: ok,
		};
	}

	/** An attempt that got no whole answer: cancelled, past its deadline, or a network failure. */
	private noAnswer(error: unknown, attempts: number, expired: boolean): AttemptAnswer {
		// cancelled while the call was out: it may have reached Blueshift
		if (this.cancelled) return { ...this.cancelledAnswer(attempts, true), lost: true };
		const failure = this.networkFailure(error, attempts, expired);
		return { ...failure.answer, retryable: failure.retryable, lost: failure.lost };
	}

	/**
	 * A failure with no HTTP answer: only the error's code and message, never its request options.
	 * The call may have reached Blueshift, so the message says so, unless the connection was refused
	 * or its TLS handshake failed (nothing went out). Whether a repeat is harmless is the operation's
	 * to say (an upsert is; a trigger is, through its transaction_uuid).
	 */
	private networkFailure(error: unknown, attempts: number, expired: boolean) {
		const err = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
		const code = String(err.code ?? err.cause?.code ?? '');
		const raw = this.redact(String(err.message ?? 'unknown error')).slice(0, 200);
		const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
		const timedOut =
			expired || /ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT/.test(code) || /timeout/i.test(raw);
		const refused = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(code);
		const tls = !timedOut && TLS_FAILURE.test(code);
		// The code goes into the description: n8n replaces a thrown message that names a network
		// code (ECONNREFUSED, ...) with a generic sentence that no longer mentions Blueshift.
		const message = timedOut
			? `Blueshift did not answer within ${this.options.timeout} ms${tries}`
			: refused
				? `Could not reach Blueshift${tries}`
				: tls
					? `Could not open a secure connection to Blueshift${tries}`
					: `The connection to Blueshift failed before it answered${tries}`;
		// past the node's own deadline, the error is only the abort it caused
		const said = expired ? '' : `${code ? `${code}: ` : ''}${raw}. `;
		const description = refused
			? `${said}Nothing was sent. Check the region or base URL and the network, then run the item again.`
			: tls
				? `${said}Nothing was sent: the TLS handshake failed before any data went out (a certificate this machine does not trust, or https:// to a port that speaks plain http). Check the region or Base URL.`
				: `${said}The call may or may not have reached Blueshift; check there before running an item again whose repetition matters.`;
		const answer: ApiFailure = { ok: false, message, description, attempts };
		// a certificate does not change between retries: not retried
		return { answer, lost: !refused && !tls, retryable: !tls };
	}
}
