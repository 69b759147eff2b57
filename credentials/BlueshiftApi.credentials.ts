import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Blueshift User API key, sent as HTTP Basic auth: the key is the user name, the password is empty.
 * The base URL expression below is the only place that maps a region to a host; the node's transport
 * reads the same fields (see transport/index.ts `baseUrlOf`).
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
			description: 'Base URL of the proxy or test server, starting with http:// or https://',
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.apiKey}}',
				password: '',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : ($credentials.region === "eu" ? "https://api.eu.getblueshift.com" : "https://api.getblueshift.com")}}',
			url: '/api/v1/subscription_groups/index_lite',
			method: 'GET',
		},
	};
}
