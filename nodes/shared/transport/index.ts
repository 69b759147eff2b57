/**
 * The transport every node of the package uses: one call per attempt through the pacer's door
 * (../pacing). The units: connection (region, Base URL checks, account fingerprint), redact
 * (every text that comes back), bounds (how much is read, and for how long), answers (what an
 * answer says, and its wording), failures (answers that are no answer), retry (the decision),
 * send (n8n's request helper), transport (the class that ties them).
 */
export { answerOf, apiMessageOf, boundedBody, describeStatus, MAX_SAID } from './answers';
export { MAX_ANSWER_BYTES } from './bounds';
export {
	accountFingerprint,
	baseUrlOf,
	cleartextWarning,
	customBaseUrl,
	isLoopback,
	originOf,
	REGION_URLS,
} from './connection';
export { cut, redactDeep, redactor } from './redact';
export {
	backoffMs,
	CUSTOMER_WRITE_RETRY_ON,
	decide,
	DEFAULT_RETRY_ON,
	MAX_RETRY_WAIT_MS,
	retryAfterMs,
	retries,
	type History,
	type Step,
} from './retry';
export { BlueshiftTransport } from './transport';
export type { ApiAnswer, ApiFailure, CallOptions, TransportOptions } from './types';
