'use strict';
/**
 * Blueshift's campaign reads and state changes, as the OpenAPI pages document them
 * (list-campaigns.md, get-campaign.md, get-campaign-with-stats.md, launch-campaign.md,
 * pause-campaign.md):
 *
 * - GET /api/v2/campaigns.json?name&status&exec_term&archived&page&per_page: a bare array of
 *   campaigns `{ name, status, startdate, created_at, updated_at, uuid, exec_term, archived,
 *   author, ... }`. `name` matches a part of the name (the page: "contain the specified string";
 *   here without case). Without `startdate`, one-time campaigns are listed only when they started
 *   within the last 30 days, as the page says. Not in the pages, this emulator's choices: the order
 *   (by creation, oldest first), the page size when `per_page` is absent (20), no maximum
 *   `per_page`, and `[]` past the last page.
 * - GET /api/v1/campaigns/:uuid.json and /api/v1/campaigns/:uuid/detail.json?start_time&end_time:
 *   the pages document "200 OK" with no body. Here the list's campaign object, and with stats a
 *   `stats` object (a guess: the node must not depend on its shape). detail.json without both
 *   times: 400 `{"message": "Bad Request"}`. Unknown UUID: 404 `{"message": "Not Found"}`.
 * - PATCH /api/v1/campaigns/:uuid/launch and /pause: 200 `{ uuid, status, updated_at }`. Launching
 *   an archived or completed campaign: 422 `{"success": false, "error": ...}` (the page: "returns
 *   validation errors similar to those shown on the campaign UI"; the text is this emulator's).
 *   The pages say nothing of pausing a campaign that is not running: here it is paused all the same.
 * - No rate is documented for these endpoints, so none is enforced.
 *
 * State: `emulator.campaignDetails` (uuid -> campaign), seeded with campaigns.js's three;
 * `emulator.addCampaign(fields)` adds one (API-triggered when `exec_term` is transactional, so it
 * can be triggered too); `emulator.campaignChanges` lists each launch and pause.
 * `emulator.campaignList` holds knobs for the node's tolerance tests, all off by default, since the
 * pages leave them open: `maxPerPage` (a server that gives fewer than asked), `ignoresPage` (a
 * server that answers the first page whatever `page` says) and `wraps` (one that starts over from
 * the first page past the last, instead of answering `[]`).
 */

const { CAMPAIGNS } = require('./campaigns');

const SEED = [
	{
		uuid: CAMPAIGNS.orderShipped,
		name: 'Order shipped',
		exec_term: 'transactional',
		status: 'launched',
	},
	{
		uuid: CAMPAIGNS.passwordReset,
		name: 'Password reset',
		exec_term: 'transactional',
		status: 'launched',
	},
	{
		uuid: CAMPAIGNS.newsletter,
		name: 'Weekly newsletter',
		exec_term: 'recurring',
		status: 'draft',
	},
];

const DAY = 86_400_000;

function register(emulator) {
	let made = 0;
	emulator.addCampaign = (fields) => {
		const at = new Date(Date.UTC(2026, 0, 1) + made++ * 60_000).toISOString();
		const campaign = {
			name: `Campaign ${made}`,
			status: 'draft',
			startdate: new Date().toISOString(),
			created_at: at,
			updated_at: at,
			uuid: require('node:crypto').randomUUID(),
			exec_term: 'one_time',
			next_execution_scheduled_at: null,
			archived: false,
			holdout_percentage: 0,
			segment_uuid: null,
			segment_name: null,
			author: 'Ada Lovelace',
			email: 'ada@example.com',
			prioritization_label: '',
			...fields,
		};
		emulator.campaignDetails.set(campaign.uuid.toLowerCase(), campaign);
		emulator.campaigns?.set(campaign.uuid.toLowerCase(), {
			api: campaign.exec_term === 'transactional',
		});
		return campaign;
	};
	emulator.onReset((emu) => {
		emu.campaignDetails = new Map();
		emu.campaignChanges = [];
		emu.campaignList = { maxPerPage: Infinity, ignoresPage: false, wraps: false };
		made = 0;
		for (const seed of SEED) emu.addCampaign(seed);
	});

	const find = (uuid) => emulator.campaignDetails.get(String(uuid).toLowerCase());
	const notFound = { status: 404, body: { message: 'Not Found' } };

	emulator.addRoute(
		'GET',
		'/api/v2/campaigns.json',
		(entry) => {
			const q = entry.query ?? {};
			const recent = Date.now() - 30 * DAY;
			const list = [...emulator.campaignDetails.values()].filter(
				(c) =>
					(!q.name || c.name.toLowerCase().includes(String(q.name).toLowerCase())) &&
					(!q.status || c.status === q.status) &&
					(!q.exec_term || c.exec_term === q.exec_term) &&
					(q.archived === undefined || String(c.archived) === String(q.archived)) &&
					(q.startdate || c.exec_term !== 'one_time' || Date.parse(c.startdate) >= recent),
			);
			const { maxPerPage, ignoresPage } = emulator.campaignList;
			const perPage = Math.min(maxPerPage, Math.max(1, Number(q.per_page) || 20));
			let page = ignoresPage ? 1 : Math.max(1, Number(q.page) || 1);
			const pages = Math.max(1, Math.ceil(list.length / perPage));
			if (emulator.campaignList.wraps) page = ((page - 1) % pages) + 1;
			return { status: 200, body: list.slice((page - 1) * perPage, page * perPage) };
		},
		{ body: false },
	);

	emulator.addRoute(
		'GET',
		'/api/v1/campaigns/:uuid.json',
		(_entry, { uuid }) => {
			const campaign = find(uuid);
			return campaign ? { status: 200, body: campaign } : notFound;
		},
		{ body: false },
	);

	emulator.addRoute(
		'GET',
		'/api/v1/campaigns/:uuid/detail.json',
		(entry, { uuid }) => {
			const campaign = find(uuid);
			if (!campaign) return notFound;
			const { start_time: from, end_time: to } = entry.query ?? {};
			if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
				return { status: 400, body: { message: 'Bad Request' } };
			const sent = emulator.messages?.filter((m) => m.campaign_uuid === campaign.uuid).length ?? 0;
			return {
				status: 200,
				body: { ...campaign, stats: { sent, start_time: from, end_time: to } },
			};
		},
		{ body: false },
	);

	const change =
		(action) =>
		(entry, { uuid }) => {
			const campaign = find(uuid);
			if (!campaign) return notFound;
			if (action === 'launch' && (campaign.archived || campaign.status === 'completed')) {
				const error = campaign.archived
					? 'Archived campaigns cannot be launched'
					: 'Completed campaigns cannot be launched';
				emulator.campaignChanges.push({ uuid: campaign.uuid, action, status: 422 });
				return { status: 422, body: { success: false, error } };
			}
			campaign.status = action === 'launch' ? 'launched' : 'paused';
			campaign.updated_at = new Date().toISOString();
			emulator.campaignChanges.push({ uuid: campaign.uuid, action, status: 200 });
			return {
				status: 200,
				body: { uuid: campaign.uuid, status: campaign.status, updated_at: campaign.updated_at },
			};
		};
	emulator.addRoute('PATCH', '/api/v1/campaigns/:uuid/launch', change('launch'), { body: false });
	emulator.addRoute('PATCH', '/api/v1/campaigns/:uuid/pause', change('pause'), { body: false });
}

module.exports = { register };
