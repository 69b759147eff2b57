import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CATALOG_CALLS_PER_SECOND } from '../actions/catalog/fields';
import { catalogAppUrl } from '../actions/catalog/locator';
import { CAMPAIGN } from '../actions/campaign/locator';
import { CAMPAIGN_CALLS_PER_SECOND } from '../actions/campaign/read';
import { appUrl } from '../helpers/locator';
import { BlueshiftTransport } from '../../shared/transport';

/** A transport for the editor's lists: few retries, a short timeout, the family's pace. */
const listTransport = (ctx: ILoadOptionsFunctions, family: string, callsPerSecond: number) =>
	BlueshiftTransport.create(ctx, {
		family,
		callsPerSecond,
		maxRetries: 2,
		retryDelay: 500,
		timeout: 15_000,
	});

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
	const transport = await listTransport(this, 'catalogs', CATALOG_CALLS_PER_SECOND);
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

/** Campaigns per page of the From List. */
const LIST_PAGE = 50;

/**
 * The Campaign field's From List: GET /api/v2/campaigns.json ("List campaigns"), searched by name
 * (Blueshift's `name` filter), one page per scroll. For Trigger and Trigger Many, event- and
 * API-triggered campaigns (`exec_term=transactional`) come first, then every other campaign; for
 * the other operations, every campaign. The page token is `<phase>:<page>:<first UUID of the last
 * page>:<first UUID of the phase's first page>`. As in Get Many, only an empty page ends a phase (a
 * server may cap `per_page` below ours: a short page is not the last), and so does a page that starts
 * like the one before (a server that ignores `page`) or like the first (one that starts over). One scroll reads on (at most four calls) until it has a page's worth, so a short
 * list of API-triggered campaigns is followed at once by the others.
 */
export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// the editor sends the panel's values; a workflow's saved node has them too
	const operation =
		this.getCurrentNodeParameter('operation') ?? this.getNodeParameter('operation', '');
	const phases = operation === 'trigger' || operation === 'triggerBulk' ? ['api', 'all'] : ['all'];
	const [given, givenPage, givenLast, givenHead] = (paginationToken ?? '').split(':');
	let phase = phases.includes(given) ? given : phases[0];
	let page = Number(givenPage) >= 1 ? Number(givenPage) : 1;
	// the first UUID of the page before, and of the phase's first page (a server that starts over)
	let lastFirst = givenLast || undefined;
	let head = givenHead || undefined;
	const transport = await listTransport(this, 'campaigns', CAMPAIGN_CALLS_PER_SECOND);
	const { region } = await this.getCredentials('blueshiftApi');
	const results: INodeListSearchItems[] = [];
	for (let calls = 0; calls < 4 && results.length < LIST_PAGE; calls++) {
		const qs: IDataObject = { page, per_page: LIST_PAGE };
		if (filter?.trim()) qs.name = filter.trim();
		if (phase === 'api') qs.exec_term = 'transactional';
		const answer = await transport.request('GET', '/api/v2/campaigns.json', undefined, {
			qs,
			listAnswer: true,
		});
		if (!answer.ok) {
			throw new NodeApiError(this.getNode(), answer.body ?? {}, {
				message: answer.message,
				description: answer.description,
			});
		}
		// a bare array, as the page documents; `{ campaigns: [...] }` read too, as Get Many does
		const body = answer.body as IDataObject | IDataObject[];
		const listed = Array.isArray(body) ? body : body?.campaigns;
		const list = (Array.isArray(listed) ? (listed as IDataObject[]) : []).filter(
			(c) => c && typeof c === 'object' && typeof c.uuid === 'string' && c.uuid !== '',
		);
		const first = list[0]?.uuid as string | undefined;
		if (first !== undefined && first !== lastFirst && (page === 1 || first !== head)) {
			for (const c of list) {
				// the API-triggered ones were listed first
				if (phase === 'all' && phases.length > 1 && c.exec_term === 'transactional') continue;
				const uuid = c.uuid as string;
				const name = typeof c.name === 'string' && c.name.trim() !== '' ? c.name : uuid;
				const url = appUrl(CAMPAIGN, region ?? 'us', uuid);
				results.push({ name, value: uuid, ...(url ? { url } : {}) });
			}
			if (page === 1) head = first;
			[page, lastFirst] = [page + 1, first];
			continue;
		}
		// an empty page, or the one before again: the phase is over
		const next = phases[phases.indexOf(phase) + 1];
		if (next === undefined) return { results };
		[phase, page, lastFirst, head] = [next, 1, undefined, undefined];
	}
	return { results, paginationToken: `${phase}:${page}:${lastFirst ?? ''}:${head ?? ''}` };
}
