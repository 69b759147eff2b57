import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { said } from '../helpers/answer';
import { BlueshiftTransport } from '../../shared/transport';

/**
 * GET /api/v1/subscription_groups/index_lite answers
 * `{ "subscription_groups": [{ subscription_group_id, uuid, subscription_group_label }] }`
 * (https://developer.blueshift.com/reference/get_api-v1-subscription-groups-index-lite). A
 * customer's or event's `subscription_groups[].id` takes the `subscription_group_id` (a slug such
 * as `weekly_promo`), never the uuid.
 */
export async function fetchSubscriptionGroups(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const transport = await BlueshiftTransport.create(ctx, {
		family: 'subscriptionGroups',
		callsPerSecond: 5,
		maxRetries: 2,
		retryDelay: 500,
		timeout: 15_000,
	});
	const answer = await transport.request('GET', '/api/v1/subscription_groups/index_lite');
	if (!answer.ok) {
		throw new NodeApiError(ctx.getNode(), answer.body ?? {}, {
			message: answer.message,
			description: answer.description,
		});
	}
	const groups = answer.body.subscription_groups;
	// an answer without the list is not "no groups": say what came back
	if (!Array.isArray(groups)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Blueshift answered without a list of subscription groups (it said: ${said(answer.body)})`,
			{
				description:
					'Check that subscription groups are enabled for the account (Blueshift support switches them on).',
			},
		);
	}
	return groups as IDataObject[];
}

/** The picker: shows each group's label, stores its subscription_group_id. */
export async function getSubscriptionGroups(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return (await fetchSubscriptionGroups(this))
		.map((group) => {
			const value =
				typeof group.subscription_group_id === 'string' ? group.subscription_group_id : '';
			const label =
				typeof group.subscription_group_label === 'string' ? group.subscription_group_label : '';
			return {
				name: label && label !== value ? `${label} (${value})` : value,
				value,
				description: typeof group.uuid === 'string' ? `uuid ${group.uuid}` : undefined,
			};
		})
		.filter((option) => option.value !== '')
		.sort((a, b) => a.name.localeCompare(b.name));
}
