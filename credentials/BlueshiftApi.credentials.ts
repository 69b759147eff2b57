import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { customBaseUrl } from '../nodes/shared/transport/connection';

/** The event endpoints (`/api/v1/event`, `/api/v1/bulkevents`): the paths the Event API key is for. */
const EVENT_PATH = /\/api\/v1\/(?:event|bulkevents)\/?(?:[?#]|$)/;

/**
 * Blueshift User API key, sent as HTTP Basic auth: the key is the user name, the password is empty.
 * The base URL expression below is the only place that maps a region to a host; the node's transport
 * reads the same fields (see nodes/shared/transport/connection.ts `baseUrlOf`).
 */
export class BlueshiftApi implements ICredentialType {
	name = 'blueshiftApi';

	displayName = 'Blueshift API';

	documentationUrl = 'https://developer.blueshift.com/reference/post_api-v1-customers';

	icon = 'file:../nodes/Blueshift/blueshift.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'US', value: 'us', description: 'https://api.getblueshift.com' },
				{ name: 'EU', value: 'eu', description: 'https://api.eu.getblueshift.com' },
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own base URL, for a proxy or a test server',
				},
			],
			default: 'us',
			description: 'The Blueshift data centre your account lives in',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://blueshift-proxy.example.com',
			description:
				'Base URL of the proxy or test server, starting with https:// (or http://). Warning: with http:// to any host other than this machine (localhost, 127.0.0.1, ::1) the API key travels unencrypted; the node then warns in its output.',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'User API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The User API key from Blueshift (Account Settings > API Keys). Sent as the Basic auth user name with an empty password.',
		},
		{
			displayName: 'Event API Key',
			name: 'eventApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. Used for Send Event and Send Bulk Events instead of the User API key; leave empty to send events with the User API key. Blueshift's pages disagree on which key the event endpoints take: most (the API key pages, the OpenAPI, the help articles) say the Event API key, the current reference text says the User API key. When Blueshift refuses the Event API key (401), events go again with the User API key.",
		},
	];

	/**
	 * HTTP Basic with the key as user name and an empty password: the Event API key for the event
	 * endpoints when it is set, the User API key for everything else (and the credential test).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// a Base URL with a query or a fragment would send every call to one path (the credential test too)
		if (credentials.region === 'custom') {
			const baseUrl = customBaseUrl(String(credentials.baseUrl ?? ''));
			if (baseUrl instanceof Error) throw baseUrl;
		}
		// both keys trimmed: a key pasted with a newline would be refused with a 401
		const eventKey =
			typeof credentials.eventApiKey === 'string' ? credentials.eventApiKey.trim() : '';
		const url = `${requestOptions.baseURL ?? ''}${requestOptions.url ?? ''}`;
		const key =
			eventKey !== '' && EVENT_PATH.test(url) ? eventKey : String(credentials.apiKey ?? '').trim();
		return {
			...requestOptions,
			auth: { username: key, password: '' },
			// Blueshift documents no redirect, and a followed one would carry the key to its target
			// (n8n's request helper: `disableFollowRedirect` sets axios' maxRedirects to 0)
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : ($credentials.region === "eu" ? "https://api.eu.getblueshift.com" : "https://api.getblueshift.com")}}',
			url: '/api/v1/subscription_groups/index_lite',
			method: 'GET',
		},
	};
}
