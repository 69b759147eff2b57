import type { INodeProperties } from 'n8n-workflow';

/**
 * UI fields shared by the customer operations. Each builder takes the operations the field is
 * shown for, so every operation file lists exactly what it displays.
 */

const show = (operation: string[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['customer'], operation, ...extra },
});

export const identifierFields = (operation: string[], extra: Record<string, string[]> = {}) =>
	[
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@example.com',
			default: '',
			description:
				'Email address of the customer, at most 64 characters. Email or Customer ID is required.',
			displayOptions: show(operation, extra),
		},
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			description: 'Your ID for the customer (customer_id). Email or Customer ID is required.',
			displayOptions: show(operation, extra),
		},
	] satisfies INodeProperties[];

export const dataModeField = (operation: string[]): INodeProperties => ({
	displayName: 'Data Mode',
	name: 'dataMode',
	type: 'options',
	options: [
		{
			name: 'Define Below',
			value: 'defineBelow',
			description: 'Map each Blueshift field from the input with the fields below',
		},
		{
			name: 'Auto-Map Input Data',
			value: 'autoMapInputData',
			description:
				'Send each input item as the customer record; its keys must be named as Blueshift names them (email, customer_id, phone_number, ...)',
		},
	],
	default: 'defineBelow',
	displayOptions: show(operation),
});

export const recordFields = (operation: string[]): INodeProperties[] => {
	const defineBelow = show(operation, { dataMode: ['defineBelow'] });
	return [
		dataModeField(operation),
		...identifierFields(operation, { dataMode: ['defineBelow'] }),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: defineBelow,
			options: [
				{ displayName: 'First Name', name: 'firstname', type: 'string', default: '' },
				{
					displayName: 'Gender',
					name: 'gender',
					type: 'string',
					default: '',
					placeholder: 'female',
				},
				{
					displayName: 'Joined At',
					name: 'joinedAt',
					type: 'dateTime',
					default: '',
					description: 'When the customer joined (joined_at)',
				},
				{ displayName: 'Last Name', name: 'lastname', type: 'string', default: '' },
				{
					displayName: 'Phone Number',
					name: 'phoneNumber',
					type: 'string',
					default: '',
					placeholder: '+14155550123',
					description:
						'E.164 format: starts with + and the country code, no leading 0, 6 to 14 characters in all',
				},
			],
		},
		{
			displayName: 'Subscription Groups',
			name: 'subscriptionGroups',
			type: 'fixedCollection',
			placeholder: 'Add Subscription Group',
			typeOptions: { multipleValues: true },
			default: {},
			displayOptions: defineBelow,
			options: [
				{
					displayName: 'Group',
					name: 'groups',
					values: [
						{
							displayName: 'Group Name or ID',
							name: 'id',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getSubscriptionGroups' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{
							displayName: 'Subscribed',
							name: 'subscribed',
							type: 'boolean',
							default: true,
							description: 'Whether the customer is subscribed to this group (off: unsubscribed)',
						},
					],
				},
			],
		},
		{
			displayName: 'Custom Attributes',
			name: 'customAttributes',
			type: 'fixedCollection',
			placeholder: 'Add Custom Attribute',
			typeOptions: { multipleValues: true },
			default: {},
			displayOptions: defineBelow,
			description: 'Sent as top-level keys of the customer record',
			options: [
				{
					displayName: 'Attribute',
					name: 'attributes',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'loyalty_tier',
							description: 'Attribute name as Blueshift knows it; must not be a standard field',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
						},
					],
				},
			],
		},
	];
};

const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: 50,
	description: 'Customers per bulk call; Blueshift takes at most 50',
};

/** Pacing: the documented figures by default, lower for an account with a lower limit. */
const singlePaceOption: INodeProperties = {
	displayName: 'Max Calls per Second',
	name: 'callsPerSecond',
	type: 'number',
	typeOptions: { minValue: 0.1 },
	default: 50,
	description:
		'Pace of calls for this execution. Blueshift recommends at most 50 per second; lower it when your account has a lower limit or several workflows share it.',
};

const bulkPaceOption: INodeProperties = {
	displayName: 'Max Bulk Calls per Second',
	name: 'bulkCallsPerSecond',
	type: 'number',
	typeOptions: { minValue: 0.1 },
	default: 5,
	description:
		'Pace of bulk calls for this execution. Blueshift recommends at most 5 per second (250 customers); lower it when your account has a lower limit or several workflows share it.',
};

/** The Options collection: batch size for Bulk Upsert, pacing and retries for every operation. */
export const optionsField = (operation: string[], bulk = false): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: show(operation),
	options: [
		...(bulk ? [batchSizeOption, bulkPaceOption] : [singlePaceOption]),
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 5,
			description:
				'How often a call is retried when Blueshift asks for a retry (404, 409, 429, 502, 503, 504) or the network fails',
		},
		{
			displayName: 'Retry Delay (Ms)',
			name: 'retryDelay',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1000,
			description:
				'Wait before the first retry; it doubles with each further retry (with random jitter)',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: 30000,
			description: 'How long to wait for one answer before the call counts as failed and is retried',
		},
	],
});
