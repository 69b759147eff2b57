import type { IDataObject, JsonObject } from 'n8n-workflow';

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
	/** A read whose answer is a list (campaigns, events): an empty list `[]` is an answer. */
	listAnswer?: boolean;
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

/** One attempt's answer, with what the retry decision needs to know of it. */
export type AttemptAnswer = ApiAnswer & {
	/** The call's retry set holds this status, or the failure is one a retry may cure. */
	retryable?: boolean;
	/** How long to wait before the retry, when the answer said (Retry-After). */
	waitMs?: number;
	/** The attempt may have reached Blueshift without a readable answer. */
	lost?: boolean;
};
