import type { INodeProperties } from 'n8n-workflow';

import { EXECUTION_FAILED, EXECUTION_SUCCESS, OTHER_ACTIVITY } from './delivery';

/** Where the URLs go in Blueshift (help.blueshift.com, "Campaign activity exports via webhooks"). */
const SETUP =
	'Paste the <b>Production URL</b> (Webhook URLs, above) into Blueshift: Account Settings > Campaign Activity Export > Webhooks, as the <b>Webhook URL</b> of the campaign activity export (Custom webhook URL) and/or as the <b>Execution status webhook URL</b>. To try the node, paste the <b>Test URL</b> there instead while this node listens for a test event, then put the Production URL back and publish (activate) the workflow. Blueshift has no API to register webhooks, so n8n cannot do this for you. <a href="https://help.blueshift.com/hc/en-us/articles/39243100396307-Campaign-activity-exports-via-webhooks" target="_blank">Blueshift\'s setup page</a>';

const BASIC_AUTH_NOTE =
	'In Blueshift, set the activity export\'s Authentication to "Basic HTTPS" with the same user name and password. Blueshift\'s execution status webhook has no authentication setting: send it to a second Blueshift Trigger with Authentication "None", or it is refused (401).';

export const properties: INodeProperties[] = [
	{
		displayName: SETUP,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Basic Auth', value: 'basicAuth' },
			{ name: 'None', value: 'none' },
		],
		default: 'none',
		description:
			'Whether a request must carry the user name and password set in Blueshift (HTTP Basic). Without them, or with wrong ones, it is refused (401) and starts nothing.',
	},
	{
		displayName: BASIC_AUTH_NOTE,
		name: 'basicAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['basicAuth'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Activity: Bounced',
				value: 'bounced',
				description: 'A message bounced',
			},
			{
				name: 'Activity: Clicked',
				value: 'clicked',
				description: 'A customer clicked a link in a message',
			},
			{
				name: 'Activity: Delivered',
				value: 'delivered',
				description: 'A message was delivered',
			},
			{
				name: 'Activity: Opened',
				value: 'opened',
				description: 'A customer opened a message',
			},
			{
				name: 'Activity: Other Action',
				value: OTHER_ACTIVITY,
				description:
					'Any other action in the activity export (Blueshift may send more than the five it documents, e.g. spam reports)',
			},
			{
				name: 'Activity: Unsubscribed',
				value: 'unsubscribed',
				description: 'A customer unsubscribed',
			},
			{
				name: 'Execution Status: Failed',
				value: EXECUTION_FAILED,
				description: 'Blueshift could not hand a triggered message to the sending app',
			},
			{
				name: 'Execution Status: Succeeded',
				value: EXECUTION_SUCCESS,
				description: 'Blueshift handed a triggered message to the sending app',
			},
		],
		default: [
			'bounced',
			'clicked',
			'delivered',
			'opened',
			'unsubscribed',
			EXECUTION_FAILED,
			EXECUTION_SUCCESS,
		],
		description:
			'Which activities and execution statuses start the workflow, one item each. Blueshift sends only the activities selected in its own settings.',
	},
	{
		displayName: 'Campaign UUIDs',
		name: 'campaignUuids',
		type: 'string',
		default: '',
		placeholder: 'e.g. b9714ca6-0564-4813-9f92-98d369615aaf, 3b09...',
		description:
			'Only activities and statuses of these campaigns start the workflow (separated by commas or spaces). Empty: every campaign.',
	},
];
