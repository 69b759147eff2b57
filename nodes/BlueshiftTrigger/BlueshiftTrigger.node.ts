import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { NodeConnectionTypes } from '../shared/connectionTypes';
import { campaignList, decode, select } from './delivery';
import { properties } from './description';
import { checkBasicAuth, readJson, refuse } from './request';

const CREDENTIAL = 'blueshiftWebhookApi';

/**
 * Starts a workflow from what Blueshift pushes: campaign activity (delivered, opened, clicked,
 * bounced, unsubscribed; batched about once a minute) and campaign execution status (one request
 * per trigger), both on this one URL, told apart by shape (see delivery.ts). Every request is
 * answered at once (response mode onReceived): Blueshift documents no retries, so a slow or failed
 * answer may lose the batch.
 */
export class BlueshiftTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Blueshift Trigger',
		name: 'blueshiftTrigger',
		icon: {
			light: 'file:../Blueshift/blueshift.svg',
			dark: 'file:../Blueshift/blueshift.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Events: " + $parameter["events"].length}}',
		description: 'Starts the workflow on Blueshift campaign activity and campaign execution status',
		defaults: { name: 'Blueshift Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'blueshiftWebhookApi',
				required: true,
				testedBy: 'blueshiftWebhookApiTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// n8n reads a missing responseData as "firstEntryJson" and, answering on receipt, sends
				// that word as the body (n8n 1.82 to 2.41, webhook-helpers); empty, it sends the
				// node's webhookResponse (the counts below)
				responseData: '',
				path: 'webhook',
			},
		],
		triggerPanel: {
			header: 'Waiting for Blueshift to call the Test URL',
			executionsHelp: {
				inactive:
					'Paste the Test URL (Webhook URLs, in the parameters) into Blueshift and click "Listen for test event". Blueshift sends activity about once a minute. For good, paste the Production URL into Blueshift and publish (activate) the workflow.',
				active:
					'The workflow is live: Blueshift must call the Production URL. Its runs are in the Executions list.',
			},
			activationHint:
				'Blueshift has no API to register webhooks: the URL is pasted by hand in Blueshift (Account Settings > Campaign Activity Export > Webhooks).',
		},
		properties,
	};

	/**
	 * n8n calls these when a workflow is activated or deactivated (and for test URLs). Blueshift
	 * has no API to register, list or delete a webhook (its 81 published operations hold none; the
	 * URL is typed into Account Settings by hand), so they make no remote call: there is nothing to
	 * find, so checkExists says "not registered", create has nothing to send, delete nothing to
	 * remove. The URL stays in Blueshift's settings until someone changes it there.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = {
		credentialTest: {
			/** Nothing to call (Blueshift calls n8n): checks that the pair works as HTTP Basic. */
			async blueshiftWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const { user, password } = credential.data ?? {};
				if (
					typeof user !== 'string' ||
					user === '' ||
					typeof password !== 'string' ||
					password === ''
				) {
					return { status: 'Error', message: 'Set both a user name and a password' };
				}
				if (user.includes(':')) {
					return {
						status: 'Error',
						message: 'HTTP Basic does not allow a colon (:) in the user name',
					};
				}
				return {
					status: 'OK',
					message: 'Usable for HTTP Basic; type the same pair into Blueshift (nothing was called)',
				};
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date().toISOString();
		if (this.getNodeParameter('authentication', 'none') === 'basicAuth') {
			const refused = await checkBasicAuth(this, CREDENTIAL);
			if (refused) return refused;
		}
		const body = await readJson(this);
		if ('reason' in body) return refuse(this, 400, body.reason);
		const decoded = decode(body.json);
		if (decoded.kind === 'invalid') return refuse(this, 400, decoded.reason);
		const selection = select(
			decoded,
			{
				events: this.getNodeParameter('events', []) as string[],
				campaigns: campaignList(this.getNodeParameter('campaignUuids', '')),
			},
			receivedAt,
		);
		const summary = {
			kind: decoded.kind,
			received: selection.received,
			duplicates: selection.duplicates,
			filteredOut: selection.filteredOut,
			started: selection.items.length,
		};
		// an empty batch, or one the filters empty, is accepted (200) and starts nothing
		if (selection.items.length === 0) {
			return { webhookResponse: { message: 'Received; nothing to start', ...summary } };
		}
		return {
			webhookResponse: { message: 'Workflow was started', ...summary },
			workflowData: [this.helpers.returnJsonArray(selection.items)],
		};
	}
}
