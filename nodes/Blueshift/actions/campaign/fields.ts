import type { INodeProperties } from 'n8n-workflow';

import { EMAIL_MAX_ELSEWHERE } from '../../helpers/rules';
import { campaignLocatorFields } from './locator';
import { additionalFieldsField, attributesField, identifierFields } from '../shared/fields';

/**
 * UI fields of the campaign operations. Each builder takes the operations the field is shown for,
 * so every operation file lists exactly what it displays.
 */

export const show = (operation: string[]) => ({ show: { resource: ['campaign'], operation } });

/** No rate and no per-call maximum are documented for the campaign endpoints: the node's defaults. */
export const TRIGGER_CALLS_PER_SECOND = 10;
export const BULK_TRIGGER_CALLS_PER_SECOND = 5;
export const BULK_TRIGGER_MAX = 100;
export const BULK_TRIGGER_DEFAULT = 50;

export const campaignFields = (operation: string[]): INodeProperties[] => [
	...campaignLocatorFields(show(operation), true),
	...identifierFields(show(operation), {
		of: 'the recipient',
		emailMax: EMAIL_MAX_ELSEWHERE,
		rule: "Email or Customer ID is required; Blueshift's parameter table asks for email, so send it when you have it",
		idRule: 'Email or Customer ID is required',
	}),
	{
		displayName: 'Transaction UUID',
		name: 'transactionUuid',
		type: 'string',
		default: '',
		placeholder: 'order-1234',
		description:
			'Blueshift sends one message per transaction UUID, however often the trigger is sent. Empty: the node makes one per run and item (retries are safe; a loop or a second run is a new trigger). A UUID is sent as given; any other text (an order ID) becomes a stable UUID v5 with the Campaign UUID as namespace, so re-running the workflow for the same order sends no second message.',
		displayOptions: show(operation),
	},
	attributesField(show(operation), {
		name: 'attributes',
		displayName: 'Attributes',
		description: "Data for the campaign's template, sent as top-level keys of the trigger",
		nameDescription:
			"Name the template uses, e.g. order_id; must not be one of the trigger's own fields",
	}),
	additionalFieldsField(show(operation), [
		{
			displayName: 'Email Attachments',
			name: 'emailAttachments',
			type: 'string',
			default: '',
			placeholder: 'https://files.example.com/invoice.pdf',
			description:
				'URLs of files to attach to the email, separated by commas (or a list from an expression). They must be publicly reachable.',
		},
		{
			displayName: 'High Priority',
			name: 'highPriority',
			type: 'boolean',
			default: false,
			description:
				"Whether to put the trigger in Blueshift's high-priority queue (_bsft_high_priority)",
		},
	]),
];

/** Why the statuses a trigger retries are retried safely. */
export const RETRY_NOTE = 'safe, since every retry carries the same transaction UUID';
