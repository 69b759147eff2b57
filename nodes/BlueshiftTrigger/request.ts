import { createHash, timingSafeEqual } from 'crypto';
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * The request side of the trigger: HTTP Basic checked in constant time, the body read as JSON,
 * and the refusals (400, 401, 500) written straight to the response, so that nothing starts.
 *
 * How n8n hands a request to a webhook node (n8n's packages/cli webhook-helpers and body-parser,
 * the same in 1.82 and 2.x): for a node of version 1 it parses the body by its Content-Type before
 * the node runs (application/json into `body`; a body labelled JSON that does not parse is answered
 * by n8n itself, 422 "Failed to parse request body"), and always leaves the bytes in `rawBody`.
 */

/** The parts of n8n's request object this file reads (n8n adds rawBody and contentType to express's). */
interface N8nRequest {
	body?: unknown;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	contentType?: string;
}

/** Answers the request now with `status` and a JSON `{ message }`; nothing starts. */
export function refuse(
	context: IWebhookFunctions,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify({ message }));
	return { noWebhookResponse: true };
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Equal strings, in time that does not depend on where they differ (equal-length digests). */
const sameSecret = (given: string, expected: string) =>
	timingSafeEqual(digest(given), digest(expected));

/** The user name and password of an `Authorization: Basic ...` header, if it holds one. */
export function basicCredentials(header: unknown): { user: string; password: string } | undefined {
	if (typeof header !== 'string') return undefined;
	const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Undefined when the request carries the expected user name and password; otherwise the refusal
 * already sent: 401 for missing or wrong ones, 500 when the node's own credential is incomplete.
 * Neither the expected nor the given values appear in an answer, a log line or an item.
 */
export async function checkBasicAuth(
	context: IWebhookFunctions,
	credentialType: string,
): Promise<IWebhookResponseData | undefined> {
	let expected: { user?: unknown; password?: unknown } | undefined;
	try {
		expected = await context.getCredentials(credentialType);
	} catch (error) {
		context.logger.warn(`Blueshift Trigger: no usable credential (${(error as Error).name})`);
	}
	const { user, password } = expected ?? {};
	if (typeof user !== 'string' || typeof password !== 'string' || user === '' || password === '') {
		return refuse(context, 500, 'The Blueshift Trigger has no user name and password set in n8n');
	}
	const challenge = { 'WWW-Authenticate': 'Basic realm="Blueshift Trigger", charset="UTF-8"' };
	const given = basicCredentials(context.getHeaderData().authorization);
	if (!given) return refuse(context, 401, 'Authorization is required', challenge);
	// both comparisons always run: which of the two differs takes no other time
	const matches = [sameSecret(given.user, user), sameSecret(given.password, password)];
	if (matches.every(Boolean)) return undefined;
	return refuse(context, 401, 'Authorization data is wrong', challenge);
}

/** The body as JSON, or why it is not JSON. */
export async function readJson(
	context: IWebhookFunctions,
): Promise<{ json: unknown } | { reason: string }> {
	const request = context.getRequestObject() as unknown as N8nRequest;
	if (request.contentType === 'application/json' && request.body !== undefined) {
		return { json: request.body };
	}
	// not labelled JSON (or unlabelled): Blueshift's content type is not documented, so the bytes
	// decide; a body n8n read as text or a form is read again from the bytes
	if (request.rawBody === undefined && request.readRawBody) await request.readRawBody();
	const raw =
		request.rawBody?.toString('utf8') ?? (typeof request.body === 'string' ? request.body : '');
	const textBody = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
	if (textBody.trim() === '') return { reason: 'The body is empty: expected JSON.' };
	try {
		return { json: JSON.parse(textBody) };
	} catch {
		// the parser's message quotes the body: the reason names the type, not the content
		return { reason: `The body is not JSON (Content-Type: ${request.contentType ?? 'none'}).` };
	}
}
