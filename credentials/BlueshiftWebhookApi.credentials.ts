import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The user name and password Blueshift sends with its campaign activity export when that webhook's
 * authentication is "Basic HTTPS" (help.blueshift.com, "Campaign activity exports via webhooks").
 * Blueshift calls n8n, not the reverse, so nothing here is sent anywhere: the Blueshift Trigger
 * compares what arrives against it. Its credential test (`testedBy` on the trigger) checks the pair
 * can be sent as HTTP Basic at all, without a call.
 */
export class BlueshiftWebhookApi implements ICredentialType {
	name = 'blueshiftWebhookApi';

	displayName = 'Blueshift Webhook API';

	documentationUrl =
		'https://help.blueshift.com/hc/en-us/articles/39243100396307-Campaign-activity-exports-via-webhooks';

	icon = 'file:../nodes/Blueshift/blueshift.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName:
				'Type the same user name and password in Blueshift: Account Settings > Campaign Activity Export > Webhooks, Authentication "Basic HTTPS".',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'User Name',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'The user name Blueshift sends. HTTP Basic does not allow a colon (:) in it.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The password Blueshift sends. Use a long random one: it is all that guards the URL.',
		},
	];
}
