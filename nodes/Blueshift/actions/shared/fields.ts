import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The lowest rate option and the most retries the Options fields allow; the runner holds expressions to them too. */
export const MIN_RATE_OPTION = 0.1;
export const MAX_RETRIES = 10;
/** The Timeout field's minimum, and the longest wait a timer holds (about 24.8 days). */
export const MIN_TIMEOUT_MS = 1000;
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Field builders every resource uses: each takes the displayOptions it is shown for, so every
 * operation file lists exactly what it displays.
 */

/** Define Below (the fields) or Auto-Map Input Data (the item as the payload, `autoMap` says how). */
export const dataModeField = (displayOptions: IDisplayOptions, autoMap: string): INodeProperties => ({
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

export interface OptionsSpec {
	/** The calls-per-second option: its name (stored in workflows), default and what the page says. */
	rate: { name: string; default: number; description: string; displayName?: string };
	/** A Batch Size option for bulk operations. */
	batch?: { max: number; default: number; description: string };
	/** Statuses retried, for the Max Retries description. */
	retried?: string;
	/** Which network failures are retried (default: all of them). */
	network?: string;
	/** Extra options of the operation, sorted in with the others by n8n's editor. */
	extra?: INodeProperties[];
}

/** The Options collection: batch size and pacing for the operation, then retries and timeout. */
export const optionsField = (displayOptions: IDisplayOptions, spec: OptionsSpec): INodeProperties => {
	const { default: batchDefault = 1, max: batchMax = 1, description: batchDescription = '' } = spec.batch ?? {};
	const { default: rateDefault, description: rateDescription } = spec.rate;
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			...(spec.batch
				? [
						{
							displayName: 'Batch Size',
							name: 'batchSize',
							type: 'number',
							typeOptions: { minValue: 1, maxValue: batchMax },
							default: batchDefault,
							description: batchDescription,
						} satisfies INodeProperties,
					]
				: []),
			{
				displayName: spec.rate.displayName ?? 'Max Calls per Second',
				name: spec.rate.name,
				type: 'number',
				typeOptions: { minValue: MIN_RATE_OPTION },
				default: rateDefault,
				description: rateDescription,
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
				default: 5,
				description: `How often a call is retried when Blueshift asks for a retry (${spec.retried ?? '429, 502, 503, 504'}) or ${spec.network ?? 'the network fails'}`,
			},
			{
				displayName: 'Retry Delay (Ms)',
				name: 'retryDelay',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description: 'Wait before the first retry; it doubles with each further retry (with random jitter)',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: MIN_TIMEOUT_MS },
				default: 30000,
				description: 'How long to wait for one answer before the call counts as failed and is retried',
			},
			...(spec.extra ?? []),
		],
	};
};
