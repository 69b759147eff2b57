import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { BlueshiftTransport } from '../transport';

/** The list of groups may come bare or wrapped, and a group may name its id `id` or `uuid`. */
function groupsOf(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const obj = (body ?? {}) as IDataObject;
	for (const key of ['subscription_groups', 'data', 'results']) {
		if (Array.isArray(obj[key])) return obj[key] as IDataObject[];
	}
	return [];
}

/** Subscription groups of the account, from GET /api/v1/subscription_groups/index_lite. */
export async function getSubscriptionGroups(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const transport = await BlueshiftTransport.create(this, {
		callsPerSecond: 5,
		maxRetries: 2,
		retryDelay: 500,
		timeout: 15_000,
	});
	const answer = await transport.request('GET', '/api/v1/subscription_groups/index_lite');
	if (!answer.ok) {
		throw new NodeApiError(this.getNode(), answer.body ?? {}, {
			message: answer.message,
			description: answer.description,
		});
	}
	return groupsOf(answer.body)
		.map((group) => {
			const value = String(group.id ?? group.uuid ?? group.name ?? '');
			const name = String(group.name ?? group.title ?? value);
			return { name: name === value ? name : `${name} (${value})`, value };
		})
		.filter((option) => option.value !== '')
		.sort((a, b) => a.name.localeCompare(b.name));
}
