import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CATALOG_CALLS_PER_SECOND } from '../actions/catalog/fields';
import { catalogAppUrl } from '../actions/catalog/locator';
import { BlueshiftTransport } from '../../shared/transport';

/**
 * The Catalog field's From List: GET /api/v1/catalogs ("Get list of catalogs") answers every
 * catalog at once, `{ catalogs: [{ uuid, name, ... }] }`, with no paging, so the search filters
 * that list here (name or UUID, without case) and returns it whole, sorted by name. Each entry
 * links to the catalog in Blueshift's app where the pages give that URL (see catalogAppUrl).
 */
export async function searchCatalogs(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const transport = await BlueshiftTransport.create(this, {
		family: 'catalogs',
		callsPerSecond: CATALOG_CALLS_PER_SECOND,
		maxRetries: 2,
		retryDelay: 500,
		timeout: 15_000,
	});
	const answer = await transport.request('GET', '/api/v1/catalogs');
	if (!answer.ok) {
		throw new NodeApiError(this.getNode(), answer.body ?? {}, {
			message: answer.message,
			description: answer.description,
		});
	}
	const { region } = await this.getCredentials('blueshiftApi');
	const catalogs = Array.isArray(answer.body.catalogs)
		? (answer.body.catalogs as IDataObject[])
		: [];
	const wanted = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = catalogs
		.filter((c) => c && typeof c === 'object' && typeof c.uuid === 'string' && c.uuid !== '')
		.map((c) => {
			const uuid = c.uuid as string;
			const name = typeof c.name === 'string' && c.name.trim() !== '' ? c.name : uuid;
			const url = catalogAppUrl(region ?? 'us', uuid);
			return { name, value: uuid, ...(url ? { url } : {}) };
		})
		.filter(
			(c) =>
				!wanted || c.name.toLowerCase().includes(wanted) || c.value.toLowerCase().includes(wanted),
		)
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
