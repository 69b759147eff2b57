import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { Emulator } from '../emulator/server';
import { N8n, startEditor } from './n8n';

/**
 * The node as an AI agent's tool, without a language model: n8n 2.41.1 builds the tool form of the
 * node (`n8n-nodes-blueshift.blueshiftTool`, from `usableAsTool`) with `$fromAI()` parameters, an
 * MCP Server Trigger exposes the tools, and an MCP client (@modelcontextprotocol/sdk) lists and
 * calls them as an agent would. The emulator shows what reached Blueshift.
 */
const KEY = 'e2e-user-api-key-7d41';
const EVENT_KEY = 'e2e-event-api-key-93b0';
const workflow = JSON.parse(
	readFileSync(path.join(__dirname, 'workflows', 'mcp-blueshift-tools.json'), 'utf8'),
);
const MCP_PATH = workflow.nodes.find((n: { type: string }) => n.type.endsWith('.mcpTrigger'))
	.parameters.path as string;
const VERSIONS = (process.env.E2E_MCP_N8N_VERSIONS ?? '2.41.1').split(',').filter(Boolean);

type Tool = {
	name: string;
	description?: string;
	inputSchema: {
		properties?: Record<string, { description?: string; type?: string }>;
		required?: string[];
	};
};
type CallResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const textOf = (result: CallResult) => result.content.map((c) => c.text ?? '').join('\n');

describe.each(VERSIONS)('n8n %s: the node as MCP tools', (version) => {
	const emulator = new Emulator({ keys: [KEY, EVENT_KEY] });
	let editor: Awaited<ReturnType<typeof startEditor>> | undefined;
	let client: Client;

	beforeAll(async () => {
		await emulator.start();
		const n8n = new N8n(version);
		await n8n.importCredentials([
			{
				id: 'bsE2eCredential1',
				name: 'Blueshift (emulator)',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY, eventApiKey: EVENT_KEY },
			},
		]);
		await n8n.importWorkflows([workflow]);
		await n8n.cli(['publish:workflow', `--id=${workflow.id}`]);
		editor = await startEditor(n8n, 5700 + Math.floor(Math.random() * 200));
		// the production MCP endpoint answers once the published workflow is registered: poll it
		const url = new URL(`${editor.url}/mcp/${MCP_PATH}`);
		for (let attempt = 0; ; attempt++) {
			client = new Client({ name: 'blueshift-e2e', version: '1.0.0' });
			try {
				await client.connect(new StreamableHTTPClientTransport(url));
				break;
			} catch (error) {
				if (attempt > 60)
					throw new Error(
						`MCP endpoint ${url} never answered: ${(error as Error).message}\n${editor.log().slice(-3000)}`,
					);
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		}
	}, 900_000);
	afterAll(async () => {
		await client?.close().catch(() => undefined);
		await editor?.stop();
		await emulator.stop();
	});
	beforeEach(() => emulator.reset());

	const tools = async () =>
		((await client.listTools()).tools as Tool[]).sort((a, b) => a.name.localeCompare(b.name));
	const call = async (name: string, args: Record<string, unknown>) =>
		(await client.callTool({ name, arguments: args })) as CallResult;

	it('lists the tools by name, each saying what it does and what its parameters mean', async () => {
		const listed = await tools();
		expect(listed.map((t) => t.name)).toEqual([
			'Create_or_Update_Customer',
			'Get_Campaign_Activity',
			'Get_Customer',
			'List_Campaigns',
			'Search_Customers',
			'Send_Event',
		]);
		const [upsert, activity, get, campaigns, search, send] = listed;
		expect(activity.description).toMatch(/campaign activity/i);
		expect(activity.inputSchema.properties?.start_time.description).toMatch(/ISO 8601/);
		expect(campaigns.description).toMatch(/get many campaigns in Blueshift/i);
		expect(campaigns.inputSchema.properties?.name_contains.description).toMatch(/name contains/);
		expect(get.description).toMatch(/get a customer by UUID in Blueshift/i);
		expect(search.description).toMatch(/search customers by email in Blueshift/i);
		expect(get.inputSchema.properties?.uuid.description).toMatch(/not your customer_id/);
		expect(search.inputSchema.properties?.email.description).toMatch(/searches by email only/);
		// "auto" tool descriptions: the operation's action from the node, "in Blueshift"
		expect(upsert.description).toMatch(/create or update a customer in Blueshift/i);
		expect(send.description).toMatch(/send an event in Blueshift/i);
		expect(Object.keys(send.inputSchema.properties ?? {}).sort()).toEqual([
			'customer_id',
			'email',
			'event_name',
			'revenue',
		]);
		expect(send.inputSchema.properties?.event_name.description).toMatch(
			/at most 64 characters, no period, no whitespace/,
		);
		expect(send.inputSchema.required).toContain('event_name');
		expect(upsert.inputSchema.properties?.phone_number.description).toMatch(/E\.164/);
		expect(upsert.inputSchema.properties?.email.description).toMatch(
			/Email or customer_id is required/,
		);
	});

	it('sends an event with the arguments given, accepted with its event_uuid, using the Event API key', async () => {
		const result = await call('Send_Event', {
			event_name: 'purchase',
			email: 'mcp@example.com',
			revenue: '54.90',
		});
		expect(result.isError).toBeFalsy();
		const [request] = emulator.received('/api/v1/event');
		expect(request.body).toEqual({
			event: 'purchase',
			email: 'mcp@example.com',
			revenue: '54.90',
			event_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		expect(request.user?.user === EVENT_KEY).toBe(true);
		const answer = JSON.parse(textOf(result));
		expect(answer).toEqual([
			expect.objectContaining({
				status: 'accepted',
				processing: 'asynchronous',
				event: 'purchase',
				event_uuid: request.body.event_uuid,
			}),
		]);
	});

	it('creates or updates a customer with the arguments given', async () => {
		const result = await call('Create_or_Update_Customer', {
			email: 'ada@example.com',
			firstname: 'Ada',
			phone_number: '+14155550123',
		});
		expect(result.isError).toBeFalsy();
		const [request] = emulator.received('/api/v1/customers');
		expect(request.body).toEqual({
			email: 'ada@example.com',
			firstname: 'Ada',
			phone_number: '+14155550123',
		});
		expect(request.user?.user === KEY).toBe(true);
		expect(JSON.parse(textOf(result))).toEqual([
			expect.objectContaining({ email: 'ada@example.com', uuid: expect.any(String) }),
		]);
	});

	it('finds a customer by email, then gets it by its uuid; an unknown uuid is a clear "not found"', async () => {
		// a profile as Blueshift holds it (the core emulator's upsert store makes uuids like "uuid-1",
		// which Get rightly refuses as no uuid)
		(emulator as unknown as { addProfile: (p: object) => void }).addProfile({
			email: 'grace@example.com',
			firstname: 'Grace',
		});
		const found = await call('Search_Customers', { email: 'grace@example.com' });
		expect(found.isError).toBeFalsy();
		const profiles = JSON.parse(textOf(found)) as Array<{
			uuid: string;
			email: string;
			firstname: string;
		}>;
		expect(profiles).toEqual([
			expect.objectContaining({
				email: 'grace@example.com',
				firstname: 'Grace',
				uuid: expect.any(String),
			}),
		]);
		expect(
			emulator
				.received('/api/v1/customers')
				.map((r) => [r.method, (r as { query?: object }).query]),
		).toEqual([['GET', { email: 'grace@example.com' }]]);
		const got = await call('Get_Customer', { uuid: profiles[0].uuid });
		expect(got.isError).toBeFalsy();
		expect(JSON.parse(textOf(got))).toEqual([
			expect.objectContaining({ uuid: profiles[0].uuid, email: 'grace@example.com' }),
		]);
		expect(emulator.received(`/api/v1/customers/${profiles[0].uuid}`)).toHaveLength(1);
		const missing = await call('Get_Customer', { uuid: '00000000-0000-4000-8000-000000000000' });
		expect(missing.isError).toBe(true);
		expect(textOf(missing)).toMatch(/Customer not found/);
		const none = await call('Search_Customers', { email: 'nobody@example.com' });
		expect(none.isError).toBeFalsy();
		expect(JSON.parse(textOf(none))).toEqual([]);
	});

	it.each([
		[
			'Send_Event',
			{ event_name: 'add to cart', email: 'mcp@example.com' },
			/Event Name \(event\) must not contain whitespace/,
		],
		['Send_Event', { event_name: 'purchase' }, /An identifier is required/],
		[
			'Create_or_Update_Customer',
			{ email: 'ada@example.com', phone_number: '4155550123' },
			/Phone Number \(phone_number\) must be in E\.164/,
		],
	])(
		'answers a bad argument to %s with a clear tool error, sending nothing',
		async (name, args, rule) => {
			const result = await call(name, args);
			expect(result.isError).toBe(true);
			expect(textOf(result)).toMatch(rule);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it("reads a customer's campaign activity since the start the agent gave, one entry per activity", async () => {
		const day = 86_400_000;
		const at = (ago: number) => new Date(Date.now() - ago * day).toISOString();
		const sent = {
			action: 'sent',
			campaign_uuid: 'aa075690-a173-4e1b-bfed-be504f738942',
			trigger_uuid: '62d05640-c5d8-b63d-938a-659e27369f3c',
			trigger_name: 'Send an email',
			trigger_type: 'emailtrigger',
			campaign_name: 'Summer Sale',
		};
		(emulator as any).seedActivities({ email: 'mcp@example.com' }, [
			{ ...sent, trigger_timestamp: at(3) },
			{ ...sent, action: 'open', trigger_timestamp: at(2) },
			{ ...sent, action: 'sent', trigger_timestamp: at(20) },
		]);
		const result = await call('Get_Campaign_Activity', {
			email: 'mcp@example.com',
			start_time: at(7),
			limit: 10,
		});
		expect(result.isError).toBeFalsy();
		const text = textOf(result);
		expect(text).toMatch(/Summer Sale/);
		expect(text.match(/"action"/g)).toHaveLength(2);
		const [request] = emulator.received('/api/v2/customer_campaign_activity');
		expect(request.query).toMatchObject({ email: 'mcp@example.com' });
	});

	it('lists campaigns searched by name, as the agent asked, in one call', async () => {
		const result = await call('List_Campaigns', { name_contains: 'order', limit: 5 });
		expect(result.isError).toBeFalsy();
		expect(textOf(result)).toMatch(/Order shipped/);
		expect(textOf(result)).not.toMatch(/Weekly newsletter/);
		expect(emulator.received('/api/v2/campaigns.json').map((r) => r.query)).toEqual([
			expect.objectContaining({ name: 'order', page: '1', per_page: '5' }),
			expect.objectContaining({ name: 'order', page: '2', per_page: '5' }),
		]);
	});

	it('answers an argument of the wrong type with a tool error, and keeps serving', async () => {
		// n8n checks the arguments against the $fromAI() schema before the node runs
		const bad = await call('Send_Event', { event_name: 12345, email: 'mcp@example.com' });
		expect(bad.isError).toBe(true);
		expect(textOf(bad)).toMatch(/did not match expected schema/);
		expect(textOf(bad)).toMatch(/Expected string, received number/);
		expect(textOf(bad)).toMatch(/event_name/);
		expect(emulator.requests).toHaveLength(0);
		const good = await call('Send_Event', { event_name: 'view', customer_id: 'C-1' });
		expect(good.isError).toBeFalsy();
		expect(emulator.received('/api/v1/event')).toHaveLength(1);
	});
});
