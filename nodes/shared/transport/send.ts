import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { FullResponse } from './bounds';

export interface Outgoing {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	qs?: IDataObject;
	timeout: number;
}

/**
 * One request through n8n's helper. The helper sets `abortSignal` from the context's
 * `getExecutionCancelSignal()` (n8n-core, httpRequestWithAuthentication, 1.x and 2.x), so it is
 * handed a view of the context whose signal is the attempt's: aborted at the deadline or on
 * cancel. No redirect is followed (Blueshift documents none, and the key would go along); the
 * body comes as a stream, read up to a bound by `readText`.
 */
export async function send(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	credential: ICredentialsDecrypted,
	out: Outgoing,
	signal: AbortSignal,
): Promise<FullResponse> {
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
			method: out.method,
			url: out.url,
			body: out.body,
			...(out.qs ? { qs: out.qs } : {}),
			json: true,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: out.timeout,
			abortSignal: signal,
		},
		// a copy: n8n's helper may write a pre-authentication token into what it is given
		{ credentialsDecrypted: { ...credential, data: { ...credential.data } } },
	)) as FullResponse;
}
