import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { EMAIL_MAX, EMAIL_MAX_ELSEWHERE } from '../../helpers/rules';
import {
	additionalFieldsField,
	attributesField,
	dataModeField,
	identifierFields,
	subscriptionGroupsField,
	type IdentifierSpec,
} from '../shared/fields';
import type { OptionTexts } from '../shared/options';

/**
 * UI pieces shared by the customer operations. Each builder takes the operations the field is
 * shown for, so every operation file lists exactly what it displays.
 */

export const show = (operation: string[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['customer'], operation, ...extra },
});

/** The identifiers of a customer, as most customer operations name them. */
export const CUSTOMER: IdentifierSpec = {
	of: 'the customer',
	emailMax: EMAIL_MAX_ELSEWHERE,
	rule: 'Email or Customer ID is required',
};

/** The customer record of Create or Update and Bulk Create or Update, in either data mode. */
export const recordFields = (operation: string[]): INodeProperties[] => {
	const defineBelow = show(operation, { dataMode: ['defineBelow'] });
	return [
		dataModeField(
			show(operation),
			'Send each input item as the customer record; its keys must be named as Blueshift names them (email, customer_id, phone_number, ...)',
		),
		...identifierFields(defineBelow, { ...CUSTOMER, emailMax: EMAIL_MAX }),
		additionalFieldsField(defineBelow, [
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
		]),
		subscriptionGroupsField(defineBelow),
		attributesField(defineBelow),
	];
};

/** The rate of single customer calls, which Blueshift documents for POST /api/v1/customers. */
export const SINGLE_RATE: OptionTexts = {
	rate: 'Pace of calls. Blueshift recommends at most 50 per second; every execution on the same account shares it. Lower it when your account has a lower limit.',
};

/**
 * The rate of Get, Search, Stop Tracking and Delete. Blueshift documents no rate for these
 * endpoints: they are paced with the other customer calls (family `customers`), at the one figure
 * Blueshift gives for the customer API's single calls, 50 per second.
 */
export const LIFECYCLE_RATE: OptionTexts = {
	rate: "Pace of calls. Blueshift documents no rate for this endpoint; 50 per second is its recommendation for the customer API's single calls, and every customer operation on the same account shares it (the lowest setting in use applies). Lower it when your account has a lower limit.",
};

/** The Customer UUID field (uuid): Get, Get Events, and Get Campaign Activity by UUID. */
export const uuidField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Customer UUID',
	name: 'uuid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'a7e3c9d0-52b1-4f8e-9d6a-0c4b2e7f1a93',
	description:
		"Blueshift's own ID of the customer (uuid): the uuid field of a Search or Create or Update result, or the ID in the customer's page URL in Blueshift. Not your customer_id; to find a customer by email use the Search operation.",
	displayOptions,
});

/**
 * Merge, Get Campaign Activity and Get Events: Blueshift documents no rate for these endpoints. The
 * node's own cautious default, 5 calls per second (the figure Blueshift recommends for its bulk
 * customer and event calls), each in a family of its own (see docs/customer.md).
 */
export const UNDOCUMENTED_CALLS_PER_SECOND = 5;

export const UNDOCUMENTED_RATE: OptionTexts = {
	rate: 'Pace of calls. Blueshift documents no rate for this endpoint; the node keeps to a cautious 5 per second by default, shared by every execution on the same account (the lowest setting in use applies). Raise it only if Blueshift confirms your account takes more.',
};
