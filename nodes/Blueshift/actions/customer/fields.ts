import type { INodeProperties } from 'n8n-workflow';

import { EMAIL_MAX, EMAIL_MAX_ELSEWHERE } from '../../helpers/validation';
import { attributesField, dataModeField, optionsField as sharedOptionsField, subscriptionGroupsField } from '../shared/fields';

/**
 * UI fields shared by the customer operations. Each builder takes the operations the field is
 * shown for, so every operation file lists exactly what it displays.
 */

const show = (operation: string[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['customer'], operation, ...extra },
});

export const identifierFields = (operation: string[], extra: Record<string, string[]> = {}, emailMax = EMAIL_MAX_ELSEWHERE) =>
	[
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@example.com',
			default: '',
			description:
				`Email address of the customer, at most ${emailMax} characters. Email or Customer ID is required.`,
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

export const recordFields = (operation: string[]): INodeProperties[] => {
	const defineBelow = show(operation, { dataMode: ['defineBelow'] });
	return [
		dataModeField(show(operation), 'Send each input item as the customer record; its keys must be named as Blueshift names them (email, customer_id, phone_number, ...)'),
		...identifierFields(operation, { dataMode: ['defineBelow'] }, EMAIL_MAX),
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
		subscriptionGroupsField(defineBelow),
		attributesField(defineBelow),
	];
};

/** Pacing, retries and timeout; Bulk Create or Update also has Batch Size. */
export const optionsField = (operation: string[], bulk = false): INodeProperties =>
	sharedOptionsField(show(operation), {
		batch: bulk ? { max: 50, default: 50, description: 'Customers per bulk call; Blueshift takes at most 50' } : undefined,
		rate: bulk
			? {
					name: 'bulkCallsPerSecond',
					displayName: 'Max Bulk Calls per Second',
					default: 5,
					description:
						'Pace of bulk calls. Blueshift recommends at most 5 per second (250 customers); every execution on the same account shares it. Lower it when your account has a lower limit.',
				}
			: {
					name: 'callsPerSecond',
					default: 50,
					description:
						'Pace of calls. Blueshift recommends at most 50 per second; every execution on the same account shares it. Lower it when your account has a lower limit.',
				},
		retried: '404, 409, 429, 502, 503, 504',
	});

/**
 * The Options collection of Get, Search, Stop Tracking and Delete. Blueshift documents no rate for
 * these endpoints: they are paced with the other customer calls (family `customers`), at the one
 * figure Blueshift gives for the customer API's single calls, 50 per second.
 */
export const lifecycleOptionsField = (
	operation: string[],
	{ retried, network, extra = [] }: { retried: string; network?: string; extra?: INodeProperties[] },
): INodeProperties =>
	sharedOptionsField(show(operation), {
		rate: {
			name: 'callsPerSecond',
			default: 50,
			description:
				"Pace of calls. Blueshift documents no rate for this endpoint; 50 per second is its recommendation for the customer API's single calls, and every customer operation on the same account shares it (the lowest setting in use applies). Lower it when your account has a lower limit.",
		},
		retried,
		network,
		extra,
	});

/** Stop Tracking's identifiers: any one of email, customer_id, cookie, device_id will do. */
export const forgetIdentifierFields = (operation: string[]): INodeProperties[] => [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		description:
			'Email address of the customer to forget, at most 256 characters. Give at least one of Email, Customer ID, Cookie or Device ID; Email or Customer ID is the safest (see Additional Fields).',
		displayOptions: show(operation),
	},
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		default: '',
		description: 'Your ID for the customer to forget (customer_id). Give at least one of Email, Customer ID, Cookie or Device ID.',
		displayOptions: show(operation),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(operation),
		options: [
			{
				displayName: 'Cookie',
				name: 'cookie',
				type: 'string',
				default: '',
				description:
					"The website cookie ID Blueshift assigned to the visitor (cookie). Blueshift's current forget page accepts it alone; an older version of the page names only email and customer_id, so add Email or Customer ID when you have them.",
			},
			{
				displayName: 'Device ID',
				name: 'deviceId',
				type: 'string',
				default: '',
				description:
					"The mobile or web device ID of the customer (device_id). Blueshift's current forget page accepts it alone; an older version of the page names only email and customer_id, so add Email or Customer ID when you have them.",
			},
		],
	},
];
