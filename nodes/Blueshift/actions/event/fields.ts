import type { INodeProperties } from 'n8n-workflow';

import { EMAIL_MAX } from '../../helpers/rules';
import {
	additionalFieldsField,
	attributesField,
	dataModeField,
	identifierFields,
	subscriptionGroupsField,
} from '../shared/fields';

/**
 * UI fields of the event operations (Send Event, Send Bulk Events). Each builder takes the
 * operations the field is shown for, so every operation file lists exactly what it displays.
 */

export const show = (operation: string[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['event'], operation, ...extra },
});

/** Additional Fields: UI name (Blueshift's name in camelCase), label, and what an AI agent or a user reads. */
const ADDITIONAL_EVENT_FIELDS: Array<[string, string, string]> = [
	[
		'cookie',
		'Cookie',
		"Blueshift's first-party cookie of an anonymous visitor (cookie); counts as the identifier",
	],
	[
		'deviceId',
		'Device ID',
		'Device UUID of an iOS or Android device (device_id); counts as the identifier',
	],
	['deviceIdfa', 'Device IDFA', 'Advertising identifier (device_idfa)'],
	['deviceIdfv', 'Device IDFV', 'Identifier for vendor (device_idfv)'],
	['deviceManufacturer', 'Device Manufacturer', 'For example apple (device_manufacturer)'],
	['deviceToken', 'Device Token', 'Push token of the device (device_token)'],
	['deviceType', 'Device Type', 'For example ios or android (device_type)'],
	[
		'eventUuid',
		'Event UUID',
		'Your unique ID for this event, a UUID (event_uuid). Left empty, the node generates one per item and keeps it across retries.',
	],
	['ip', 'IP Address', 'IP address the event came from (ip)'],
	['latitude', 'Latitude', 'Sent as text (latitude)'],
	['longitude', 'Longitude', 'Sent as text (longitude)'],
	['networkCarrier', 'Network Carrier', 'Mobile network carrier (network_carrier)'],
	['osName', 'OS Name', 'Operating system name (os_name)'],
	[
		'phoneNumber',
		'Phone Number',
		'E.164 format (phone_number): starts with + and the country code, no leading 0, 6 to 14 characters in all',
	],
];

/** Additional Fields by UI name, with the name Blueshift gives each (deviceIdfa: device_idfa). */
export const ADDITIONAL_EVENT_KEYS: Array<[string, string]> = ADDITIONAL_EVENT_FIELDS.map(
	([name]) => [name, name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)],
);

export const eventFields = (operation: string[]): INodeProperties[] => {
	const defineBelow = show(operation, { dataMode: ['defineBelow'] });
	return [
		dataModeField(
			show(operation),
			'Send each input item as the event; its keys must be named as Blueshift names them (event, email, customer_id, device_id, cookie, ...). Event Name is used when the item has no event key.',
		),
		{
			displayName: 'Event Name',
			name: 'eventName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'purchase',
			description:
				'Name of the event (event), e.g. identify, view, add_to_cart, purchase, or your own. At most 64 characters, no period, no whitespace, not a number. The name identify creates or updates the customer with the attributes given. With Auto-Map Input Data it is used for items that have no event key.',
			displayOptions: show(operation),
		},
		...identifierFields(defineBelow, {
			of: 'the customer',
			emailMax: EMAIL_MAX,
			rule: 'One identifier is required: Email, Customer ID, or Device ID or Cookie in Additional Fields',
		}),
		additionalFieldsField(
			defineBelow,
			ADDITIONAL_EVENT_FIELDS.map(([name, displayName, description]) => ({
				displayName,
				name,
				type: 'string',
				default: '',
				description,
			})),
		),
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
