'use strict';
/**
 * Paging bench scenarios (issue 24): Campaign Get Many reading every page of N campaigns, beside
 * what a builder makes of n8n's HTTP Request node with its Pagination option (page + 1 until the
 * answer is empty), at each latency: campaigns read per second and calls. Blueshift documents no
 * rate for the campaign list: the emulator enforces none, the node keeps to its default
 * (10 calls/s), so the ceiling is 10 pages of 100 a second. `pagingScenarios(ctx)` gives scenarios
 * in the shape scripts/bench.js runs alone (`--cases paging-`).
 */
const { node, link } = require('./bench-catalog');

const PER_PAGE = 100;
const CALLS_PER_SECOND = 10;

/** Start -> `nodes`, wired by `connections`. */
const workflow = (id, nodes, connections) => ({
	id,
	name: `Bench ${id}`,
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [node('Start', 'manualTrigger', 1, 0, {}), ...nodes],
	connections: { Start: { main: [[link(nodes[0].name)]] }, ...connections },
});

const nodeCase = (id, credentials) =>
	workflow(
		id,
		[
			node(
				'Blueshift',
				'',
				2,
				200,
				{
					resource: 'campaign',
					operation: 'getAll',
					returnAll: true,
					simplify: false,
					options: {},
				},
				{ type: 'n8n-nodes-blueshift.blueshift', credentials },
			),
		],
		{},
	);

/** The HTTP Request node's own paging: `page` = $pageCount + 1 until the answer is an empty list. */
const httpCase = (id, url, credentials) =>
	workflow(
		id,
		[
			node(
				'HTTP Request',
				'httpRequest',
				4.2,
				200,
				{
					method: 'GET',
					url: `${url}/api/v2/campaigns.json`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpBasicAuth',
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'per_page', value: String(PER_PAGE) }] },
					options: {
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: {
									parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
								},
								paginationCompleteWhen: 'responseIsEmpty',
								requestInterval: 1000 / CALLS_PER_SECOND,
							},
						},
					},
				},
				{ credentials },
			),
		],
		{},
	);

/** Items on the first output of the node that read. */
const readCount = (_emulator, run) => {
	const runData = (run.data ?? run).resultData.runData;
	return (runData.Blueshift ?? runData['HTTP Request'])?.[0]?.data?.main?.[0]?.length ?? 0;
};

/** The scenarios, for scripts/bench.js's list of runs alone. */
function pagingScenarios({ url, credential, basic, count = 5000, latencies = [150, 500] }) {
	const setup = (emulator) => {
		// with the emulator's three campaigns, `count` in all
		for (let i = 3; i < count; i++)
			emulator.addCampaign({ name: `Paged ${i}`, exec_term: 'recurring', status: 'launched' });
	};
	const common = {
		kind: 'bulk',
		count,
		ceiling: CALLS_PER_SECOND * PER_PAGE,
		accepted: readCount,
		limits: false,
		setup,
	};
	return latencies.flatMap((latency) => [
		{
			...common,
			key: `paging-campaigns-${latency}`,
			label: `Campaign Get Many, ${count} campaigns in pages of ${PER_PAGE}, ${latency} ms`,
			wf: nodeCase(`pagingNode${latency}`, credential),
			latency,
		},
		{
			...common,
			key: `paging-http-${latency}`,
			label: `peer: HTTP Request with Pagination (page + 1 until empty), ${count} campaigns, ${latency} ms`,
			wf: httpCase(`pagingHttp${latency}`, url, basic),
			latency,
		},
	]);
}

module.exports = { pagingScenarios };
