import type { INodeProperties } from 'n8n-workflow';

import { attributesField, dataModeField, optionsField as sharedOptionsField, subscriptionGroupsField } from '../shared/fields';

/**
 * UI fields of the event operations (Send Event, Send Bulk Events). Each builder takes the
 * operations the field is shown for, so every operation file lists exactly what it displays.
 */

const show = (operation: string[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['event'], operation, ...extra },
});

/** Additional Fields: UI name, Blueshift name, label, and what an AI agent or a user reads. */
export const ADDITIONAL_EVENT_FIELDS: Array<[string, string, string, string]> = [
	['cookie', 'cookie', 'Cookie', "Blueshift's first-party cookie of an anonymous visitor (cookie); counts as the identifier"],
	['deviceId', 'device_id', 'Device ID', 'Device UUID of an iOS or Android device (device_id); counts as the identifier'],
	['deviceIdfa', 'device_idfa', 'Device IDFA', 'Advertising identifier (device_idfa)'],
	['deviceIdfv', 'device_idfv', 'Device IDFV', 'Identifier for vendor (device_idfv)'],
	['deviceManufacturer', 'device_manufacturer', 'Device Manufacturer', 'For example apple (device_manufacturer)'],
	['deviceToken', 'device_token', 'Device Token', 'Push token of the device (device_token)'],
	['deviceType', 'device_type', 'Device Type', 'For example ios or android (device_type)'],
	[
		'eventUuid',
		'event_uuid',
		'Event UUID',
		'Your unique ID for this event, a UUID (event_uuid). Left empty, the node generates one per item and keeps it across retries.',
	],
	['ip', 'ip', 'IP Address', 'IP address the event came from (ip)'],
	['latitude', 'latitude', 'Latitude', 'Sent as text (latitude)'],
	['longitude', 'longitude', 'Longitude', 'Sent as text (longitude)'],
	['networkCarrier', 'network_carrier', 'Network Carrier', 'Mobile network carrier (network_carrier)'],
	['osName', 'os_name', 'OS Name', 'Operating system name (os_name)'],
	[
		'phoneNumber',
		'phone_number',
		'Phone Number',
		'E.164 format (phone_number): starts with + and the country code, no leading 0, 6 to 14 characters in all',
	],
];

export const eventNameField = (operation: string[]): INodeProperties => ({
	displayName: 'Event Name',
	name: 'eventName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'purchase',
	description:
		'Name of the event (event), e.g. identify, view, add_to_cart, purchase, or your own. At most 64 characters, no period, no whitespace, not a number. The name identify creates or updates the customer with the attributes given. With Auto-Map Input Data it is used for items that have no event key.',
	displayOptions: show(operation),
});

export const eventFields = (operation: string[]): INodeProperties[] => {
	const defineBelow = show(operation, { dataMode: ['defineBelow'] });
	return [
		dataModeField(show(operation), 'Send each input item as the event; its keys must be named as Blueshift names them (event, email, customer_id, device_id, cookie, ...). Event Name is used when the item has no event key.'),
		eventNameField(operation),
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@example.com',
			default: '',
			description:
				'Email address of the customer (email), at most 64 characters. One identifier is required: Email, Customer ID, or Device ID or Cookie in Additional Fields.',
			displayOptions: defineBelow,
		},
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			description:
				'Your ID for the customer (customer_id). One identifier is required: Email, Customer ID, or Device ID or Cookie in Additional Fields.',
			displayOptions: defineBelow,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: defineBelow,
			options: ADDITIONAL_EVENT_FIELDS.map(([name, , displayName, description]) => ({
				displayName,
				name,
				type: 'string',
				default: '',
				description,
			})),
		},
		subscriptionGroupsField(defineBelow),
		attributesField(defineBelow, {
			name: 'attributes',
			displayName: 'Attributes',
			description:
				'Sent as top-level keys of the event: event attributes (e.g. revenue, sku), and for identify the customer attributes to set (e.g. firstname, loyalty_tier)',
			nameDescription: 'Attribute name as Blueshift knows it; must not be a field of its own above',
		}),
	];
};

/** Pacing, retries and timeout; Send Bulk Events also has Batch Size. */
export const optionsField = (operation: string[], bulk = false): INodeProperties =>
	sharedOptionsField(show(operation), {
		batch: bulk
			? {
					max: 100,
					default: 30,
					description:
						"Events per bulk call, at most 100. Blueshift's reference page says 30 per call, its help pages 100; when Blueshift answers 413 (too large) the node splits the call in halves and resends them, so no event is lost.",
				}
			: undefined,
		rate: bulk
			? {
					name: 'bulkCallsPerSecond',
					displayName: 'Max Bulk Calls per Second',
					default: 5,
					description:
						'Pace of bulk event calls. Blueshift recommends at most 5 per second; every execution on the same account shares it.',
				}
			: {
					name: 'callsPerSecond',
					default: 50,
					description:
						"Pace of event calls. Blueshift documents no limit for single events; 50 per second is this node's choice (as for single customer calls). Lower it when your account has a lower limit.",
				},
		retried: '429, 503',
		network: 'the connection is refused; never when the call may have reached Blueshift, so it is not carried out twice',
	});
