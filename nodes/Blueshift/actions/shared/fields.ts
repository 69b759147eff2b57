import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Field builders every resource uses: each takes the displayOptions it is shown for, so every
 * operation file lists exactly what it displays.
 */

/** Define Below (the fields) or Auto-Map Input Data (the item as the payload, `autoMap` says how). */
export const dataModeField = (
	displayOptions: IDisplayOptions,
	autoMap: string,
): INodeProperties => ({
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
			description: autoMap,
		},
	],
	default: 'defineBelow',
	displayOptions,
});

/** The Additional Fields collection, holding `options`. */
export const additionalFieldsField = (
	displayOptions: IDisplayOptions,
	options: INodeProperties[],
): INodeProperties => ({
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	displayOptions,
	options,
});

/** `subscription_groups: [{ id, subscribed }]`, the id picked by label (stored: subscription_group_id). */
export const subscriptionGroupsField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Subscription Groups',
	name: 'subscriptionGroups',
	type: 'fixedCollection',
	placeholder: 'Add Subscription Group',
	typeOptions: { multipleValues: true },
	default: {},
	displayOptions,
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
					// n8n's wording for a picker; the value stored is the group's subscription_group_id (e.g. weekly_promo)
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
});

/** A list of `{ name, value }` sent as top-level keys of the payload. */
export const attributesField = (
	displayOptions: IDisplayOptions,
	{
		name = 'customAttributes',
		displayName = 'Custom Attributes',
		description = 'Sent as top-level keys of the customer record',
		nameDescription = 'Attribute name as Blueshift knows it; must not be a standard field',
	} = {},
): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	placeholder: 'Add Attribute',
	typeOptions: { multipleValues: true },
	default: {},
	displayOptions,
	description,
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
					description: nameDescription,
				},
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
});

/** Who a field names, and which identifiers the operation requires, for the field's description. */
export interface IdentifierSpec {
	/** Whose email or ID it is: "the customer", "the recipient". */
	of: string;
	/** The longest email the operation takes (see helpers/rules.ts). */
	emailMax: number;
	/** The rule the operation states about identifiers, a sentence without its final period. */
	rule: string;
	/** The Customer ID field's rule, when it differs from the Email field's. */
	idRule?: string;
}

/** The Email field. */
export const emailField = (
	displayOptions: IDisplayOptions,
	{ of, emailMax, rule }: IdentifierSpec,
	required = false,
): INodeProperties => ({
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@example.com',
	default: '',
	...(required ? { required } : {}),
	description: `Email address of ${of}, at most ${emailMax} characters. ${rule}.`,
	displayOptions,
});

/** The Customer ID field (customer_id). */
export const customerIdField = (
	displayOptions: IDisplayOptions,
	{ of, rule, idRule = rule }: IdentifierSpec,
): INodeProperties => ({
	displayName: 'Customer ID',
	name: 'customerId',
	type: 'string',
	default: '',
	description: `Your ID for ${of} (customer_id). ${idRule}.`,
	displayOptions,
});

/** Email, then Customer ID. */
export const identifierFields = (displayOptions: IDisplayOptions, spec: IdentifierSpec) => [
	emailField(displayOptions, spec),
	customerIdField(displayOptions, spec),
];
