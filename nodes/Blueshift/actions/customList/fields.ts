import type { INodeProperties } from 'n8n-workflow';

import type { OptionTexts } from '../shared/options';
import { listLocatorFields } from './locator';

/**
 * UI fields of the custom user list operations. Each builder takes the operations the field is
 * shown for, so every operation file lists exactly what it displays.
 */

export const show = (operation: string[]) => ({ show: { resource: ['customList'], operation } });

/** The most values Blueshift takes in one bulk list call: synchronous, and with `async=true`. */
export const SYNC_MAX = 25;
export const ASYNC_MAX = 500;

/** No rate is documented for the list endpoints: the node's own defaults. */
export const LIST_CALLS_PER_SECOND = 10;
export const LIST_BULK_CALLS_PER_SECOND = 5;

export const listFields = (operation: string[], bulk: boolean): INodeProperties[] => [
	...listLocatorFields(show(operation), '. Items for different lists are sent in separate calls'),
	{
		displayName: 'Identifier Key',
		name: 'identifierKey',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Customer ID', value: 'customer_id' },
		],
		default: 'email',
		description:
			'How the customer is identified. It must match the source type the list was created with: a list built on emails takes Email, one built on customer IDs takes Customer ID.',
		displayOptions: show(operation),
	},
	{
		displayName: 'Identifier Value',
		name: 'identifierValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@example.com',
		description: bulk
			? "The customer's email or customer ID, one per item; the items are sent together in calls of Batch Size"
			: "The customer's email or customer ID",
		displayOptions: show(operation),
	},
];

/** The Options texts of Add Customer and Remove Customer. */
export const SINGLE_TEXTS: OptionTexts = {
	rate: 'Pace of list calls. Blueshift documents no rate for them; every execution on the same account shares it.',
};

/** The Options texts of the bulk operations, with their Async option. */
export const BULK_TEXTS: OptionTexts = {
	rate: 'Pace of bulk list calls. Blueshift documents no rate for them; every execution on the same account shares it.',
	batch: `Values per call: at most ${SYNC_MAX}, or at most ${ASYNC_MAX} with Async on (a larger size is lowered to the limit)`,
	batchBounds: { max: ASYNC_MAX, default: SYNC_MAX },
	extra: [
		{
			displayName: 'Async',
			name: 'async',
			type: 'boolean',
			default: false,
			description: `Whether to send async=true: up to ${ASYNC_MAX} values per call, which Blueshift accepts and then processes in the background. The output then says "accepted", not done, and a value Blueshift refuses later is not reported.`,
		},
	],
};
