import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'flatted';

import { Emulator } from '../emulator/server';
import { workflowsIn } from './host';
import { N8n, ROOT, startEditor, VERSIONS } from './n8n';

/**
 * The Blueshift Trigger in a real n8n: the packed package installed as a community node, two
 * workflows (Blueshift Trigger -> "Received", a No Operation node) imported and published
 * (activated on 1.x), `n8n start`, then Blueshift-shaped deliveries POSTed to the production URLs
 * (<n8n>/webhook/<webhookId>/webhook) and the executions read back through n8n's REST API, the way
 * its Executions list reads them. What "Received" holds is what the next node of a user's workflow
 * gets. The example workflow (examples/blueshift-trigger-bounces.json) runs too, its Blueshift node
 * against the emulator.
 */
const USER = 'blueshift-e2e';
const KEY = 'e2e-trigger-example-key-5b2e';
const EXAMPLE = JSON.parse(
	readFileSync(path.join(ROOT, 'examples/blueshift-trigger-bounces.json'), 'utf8'),
);
const PASSWORD = 'e2e-Basic-password-8c31f0';
/** Statuses of an execution that has not finished (n8n's list calls new and running "current"). */
const RUNNING = ['new', 'running', 'waiting'];
const [BASIC, NONE] = ['trigger-basic-auth.json', 'trigger-no-auth.json'].map(
	(file) => workflowsIn(new RegExp(`^${file.replace('.', '\\.')}$`))[0],
);
const webhookPath = (workflow: Record<string, any>) =>
	`/webhook/${workflow.nodes[0].webhookId}/webhook`;
const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Blueshift's own sample of a delivered activity (help.blueshift.com, "Event webhook callback samples"). */
const SAMPLE = {
	account_uuid: '29c7e612-be4d-4aae-a393-fe5ecabe4628',
	action: 'delivered',
	campaign_name: 'Sample Campaign Webhook Sample',
	campaign_uuid: 'b9714ca6-0564-4813-9f92-98d369615aaf',
	customer_id: '1234',
	email: 'robert@getblueshift.com',
	event: 'delivered',
	message_uuid: '50bada3a-7c88-498d-a9d0-64725ae4113c',
	subject_line: 'This is sample webhook campaign',
	transaction_uuid: '923c695f-512a-4404-be7a-644d8292da04',
	trigger_timestamp: '2018-12-12T06:57:06.016Z',
	trigger_type: 'EmailTrigger',
	user_uuid: 'd3d838fe-b88e-4b87-bf56-7416daed35a1',
};
const activity = (n: number, action: string) => ({
	...SAMPLE,
	action,
	event: action,
	message_uuid: `e2e-message-${n}`,
	email: `customer${n}@example.com`,
	customer_id: `C-${n}`,
});
const STATUS = {
	campaign_name: 'Welcome',
	campaign_uuid: '0d6e2a52-7d0e-4a43-9b3c-5b7a1c2e9f01',
	user: { email: 'ada@example.com', customer_id: 'C-1' },
};
const SUCCESS = { ...STATUS, status: 'success', message: 'message sent' };
const FAILED = {
	...STATUS,
	status: 'failed',
	error_message: 'Bad gateway from the sending app',
	error_code: 502,
	payload: { event: 'signup', email: 'ada@example.com' },
};

type Json = Record<string, any>;
type Execution = {
	id: string;
	status: string;
	items: Json[];
	output: (node: string, index?: number) => Json[];
};

describe.each(VERSIONS)('n8n %s: the Blueshift Trigger at its production URL', (version) => {
	let editor: Awaited<ReturnType<typeof startEditor>>;
	let cookie = '';
	const major = Number(version.split('.')[0]);
	const emulator = new Emulator({ keys: [KEY] });

	beforeAll(async () => {
		await emulator.start();
		const n8n = new N8n(version);
		await n8n.importCredentials([
			{
				id: 'bsTriggerCredent1',
				name: 'Blueshift webhook (e2e)',
				type: 'blueshiftWebhookApi',
				data: { user: USER, password: PASSWORD },
			},
			{
				id: EXAMPLE.nodes[0].credentials.blueshiftWebhookApi.id,
				name: 'Blueshift webhook',
				type: 'blueshiftWebhookApi',
				data: { user: USER, password: PASSWORD },
			},
			{
				id: 'bsExampleCred001',
				name: 'Blueshift account',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY },
			},
		]);
		await n8n.importWorkflows([BASIC, NONE, EXAMPLE]);
		for (const { id } of [BASIC, NONE, EXAMPLE]) {
			// n8n 2.x publishes a workflow; 1.x activates it
			await n8n.cli(
				major >= 2
					? ['publish:workflow', `--id=${id}`]
					: ['update:workflow', `--id=${id}`, '--active=true'],
			);
		}
		editor = await startEditor(n8n, 5900 + Math.floor(Math.random() * 200));
		const login = await fetch(`${editor.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: editor.owner.email,
				emailOrLdapLoginId: editor.owner.email,
				password: editor.owner.password,
			}),
		});
		expect(login.status).toBe(200);
		cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
		// the production webhooks answer a few seconds after /healthz does: until then, 404
		for (let attempt = 0; ; attempt++) {
			const probe = await post(NONE, { batch: [] });
			if (probe.status === 200) break;
			if (attempt > 120)
				throw new Error(
					`the webhook never answered (last ${probe.status}):\n${editor.log().slice(-3000)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}, 900_000);
	afterAll(async () => {
		await editor?.stop();
		await emulator.stop();
	});

	async function post(workflow: Json, body: unknown, headers: Record<string, string> = {}) {
		const response = await fetch(`${editor.url}${webhookPath(workflow)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await response.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		return { status: response.status, body: json, text };
	}

	/**
	 * The workflow's executions, oldest first, as n8n's Executions list has them: one page, which
	 * n8n 2.x caps at 100 (the tests stay far below; n8n 1.x's `count` leaves out running ones).
	 * The list joins two queries run side by side, running ones and finished ones (n8n's execution
	 * list service, findCurrentAndCompleted in 2.x, findLatestCurrentAndCompleted in 1.x), so an
	 * execution that finishes between them is listed twice: keep one row per ID, the finished one.
	 */
	async function executions(workflow: Json): Promise<Array<{ id: string; status: string }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
		const response = await fetch(`${editor.url}/rest/executions?filter=${filter}&limit=100`, {
			headers: { cookie },
		});
		expect(response.status).toBe(200);
		const { data } = (await response.json()) as {
			data: { results: Array<{ id: string; status: string }> };
		};
		expect(data.results.length).toBeLessThan(100);
		const byId = new Map<string, { id: string; status: string }>();
		for (const row of data.results) {
			if (!byId.has(row.id) || !RUNNING.includes(row.status)) byId.set(row.id, row);
		}
		return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Waits until the workflow has `count` finished executions; returns the new ones with their items. */
	async function awaitExecutions(
		workflow: Json,
		before: number,
		count: number,
	): Promise<Execution[]> {
		for (let attempt = 0; ; attempt++) {
			const all = await executions(workflow);
			const done = all.filter((e) => !RUNNING.includes(e.status));
			if (done.length >= before + count) {
				expect(all.length).toBe(before + count);
				return await Promise.all(done.slice(before).map(async ({ id }) => await execution(id)));
			}
			if (attempt > 240)
				throw new Error(`${done.length - before} of ${count} executions after 120 s`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	async function execution(id: string): Promise<Execution> {
		const response = await fetch(`${editor.url}/rest/executions/${id}`, { headers: { cookie } });
		const { data } = (await response.json()) as {
			data: { id: string; status: string; data: string | object };
		};
		const run = typeof data.data === 'string' ? parse(data.data) : data.data;
		const output = (node: string, index = 0): Json[] =>
			(run.resultData.runData[node]?.[0]?.data?.main?.[index] ?? []).map(
				(item: { json: Json }) => item.json,
			);
		return { id: data.id, status: data.status, items: output('Received'), output };
	}

	/** Sends `requests`, then a delivery that starts one execution: afterwards exactly that one is new. */
	async function expectNothingStarts(workflow: Json, requests: () => Promise<void>) {
		const before = (await executions(workflow)).length;
		await requests();
		const sentinel = await post(
			workflow,
			{ batch: [activity(999, 'bounced')] },
			{ authorization: basic(USER, PASSWORD) },
		);
		expect(sentinel.status).toBe(200);
		const [only] = await awaitExecutions(workflow, before, 1);
		expect(only.items.map((item) => item.message_uuid)).toEqual(['e2e-message-999']);
	}

	it('turns an activity batch into one execution with one item per activity, repeats dropped', async () => {
		const before = (await executions(BASIC)).length;
		const batch = [
			SAMPLE,
			activity(2, 'opened'),
			activity(3, 'clicked'),
			activity(2, 'opened'),
			activity(4, 'bounced'),
			activity(5, 'unsubscribed'),
		];
		const answer = await post(BASIC, { batch }, { authorization: basic(USER, PASSWORD) });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			message: 'Workflow was started',
			kind: 'activity',
			received: 6,
			duplicates: 1,
			filteredOut: 0,
			started: 5,
		});
		const [run] = await awaitExecutions(BASIC, before, 1);
		expect(run.status).toBe('success');
		expect(
			run.items.map((item) => [item.eventAction, item.customerEmail, item.customerId]),
		).toEqual([
			['delivered', 'robert@getblueshift.com', '1234'],
			['opened', 'customer2@example.com', 'C-2'],
			['clicked', 'customer3@example.com', 'C-3'],
			['bounced', 'customer4@example.com', 'C-4'],
			['unsubscribed', 'customer5@example.com', 'C-5'],
		]);
		expect(run.items[0]).toEqual({
			...SAMPLE,
			eventKind: 'activity',
			eventAction: 'delivered',
			campaignUuid: SAMPLE.campaign_uuid,
			customerEmail: SAMPLE.email,
			customerId: SAMPLE.customer_id,
			eventTimestamp: '2018-12-12T06:57:06.016Z',
			receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
		});
		expect(JSON.stringify(run)).not.toContain(PASSWORD);
	});

	it('starts an execution with one item for each execution status, success and failed', async () => {
		const before = (await executions(NONE)).length;
		expect((await post(NONE, SUCCESS)).status).toBe(200);
		const [success] = await awaitExecutions(NONE, before, 1);
		expect((await post(NONE, FAILED)).status).toBe(200);
		const [failed] = await awaitExecutions(NONE, before + 1, 1);
		expect(success.items).toEqual([
			expect.objectContaining({
				...SUCCESS,
				eventKind: 'executionStatus',
				eventAction: 'success',
				customerEmail: 'ada@example.com',
				customerId: 'C-1',
				campaignUuid: STATUS.campaign_uuid,
			}),
		]);
		expect(failed.items).toEqual([
			expect.objectContaining({ ...FAILED, eventKind: 'executionStatus', eventAction: 'failed' }),
		]);
	});

	it('starts only the selected events: of opened, bounced and delivered, the bounce', async () => {
		const before = (await executions(NONE)).length;
		const answer = await post(NONE, {
			batch: [activity(10, 'opened'), activity(11, 'bounced'), activity(12, 'delivered')],
		});
		expect(answer.body).toMatchObject({ received: 3, filteredOut: 2, started: 1 });
		const [run] = await awaitExecutions(NONE, before, 1);
		expect(run.items.map((item) => item.message_uuid)).toEqual(['e2e-message-11']);
	});

	it('answers missing or wrong Basic credentials with 401 and starts nothing', async () => {
		await expectNothingStarts(BASIC, async () => {
			const body = { batch: [activity(20, 'opened')] };
			for (const headers of [
				{} as Record<string, string>,
				{ authorization: basic(USER, 'wrong') },
				{ authorization: basic('wrong', PASSWORD) },
				{ authorization: `Bearer ${PASSWORD}` },
			]) {
				const answer = await post(BASIC, body, headers);
				expect(answer.status).toBe(401);
				expect(answer.text).not.toContain(PASSWORD);
			}
			// Blueshift's execution status has no authentication setting: on a Basic URL it is refused too
			expect((await post(BASIC, SUCCESS)).status).toBe(401);
		});
	});

	it('answers malformed bodies with 400 (422 from n8n for a body labelled JSON that does not parse) and starts nothing', async () => {
		await expectNothingStarts(NONE, async () => {
			const notJson = await post(NONE, 'this is not json', { 'content-type': 'text/plain' });
			expect(notJson).toMatchObject({
				status: 400,
				body: { message: 'The body is not JSON (Content-Type: text/plain).' },
			});
			// n8n parses a body labelled application/json before any node runs, and refuses it itself
			const labelled = await post(NONE, '{"batch": [', { 'content-type': 'application/json' });
			expect(labelled.status).toBe(422);
			for (const body of [[SAMPLE], { hello: 'world' }, { batch: 'nope' }, { status: 'success' }]) {
				const answer = await post(NONE, body);
				expect(answer.status).toBe(400);
				expect(answer.body.message).toMatch(
					/neither shape|JSON but an array|"batch" is not an array/,
				);
			}
		});
	});

	it('answers an empty batch with 200 and starts nothing', async () => {
		await expectNothingStarts(NONE, async () => {
			const answer = await post(NONE, { batch: [] });
			expect(answer).toMatchObject({
				status: 200,
				body: { message: 'Received; nothing to start', received: 0 },
			});
		});
	});

	it('turns a batch of 10,000 activities into 10,000 items', async () => {
		const before = (await executions(BASIC)).length;
		const batch = Array.from({ length: 10_000 }, (_, n) => activity(n, 'bounced'));
		const answer = await post(BASIC, { batch }, { authorization: basic(USER, PASSWORD) });
		expect(answer.body).toMatchObject({ received: 10_000, started: 10_000 });
		const [run] = await awaitExecutions(BASIC, before, 1);
		expect(run.items).toHaveLength(10_000);
		expect(run.items[9_999]).toMatchObject({
			message_uuid: 'e2e-message-9999',
			eventAction: 'bounced',
		});
	});

	it('runs the example: bounces and unsubscribes mark the customer in Blueshift and reach the second branch', async () => {
		emulator.reset();
		const before = (await executions(EXAMPLE)).length;
		const batch = [activity(30, 'bounced'), activity(31, 'opened'), activity(32, 'unsubscribed')];
		const answer = await post(EXAMPLE, { batch }, { authorization: basic(USER, PASSWORD) });
		expect(answer.body).toMatchObject({ received: 3, filteredOut: 1, started: 2 });
		const [run] = await awaitExecutions(EXAMPLE, before, 1);
		expect(run.status).toBe('success');
		expect(emulator.received('/api/v1/customers').map((r) => r.body)).toEqual([
			{
				email: 'customer30@example.com',
				customer_id: 'C-30',
				last_email_issue: 'bounced',
				last_email_issue_at: SAMPLE.trigger_timestamp,
				last_email_issue_campaign: SAMPLE.campaign_name,
			},
			{
				email: 'customer32@example.com',
				customer_id: 'C-32',
				last_email_issue: 'unsubscribed',
				last_email_issue_at: SAMPLE.trigger_timestamp,
				last_email_issue_campaign: SAMPLE.campaign_name,
			},
		]);
		expect(run.output('Marked')).toHaveLength(2);
		expect(run.output('Not marked: check these')).toEqual([]);
		expect(run.output('Second branch: for your CRM')).toEqual([
			{
				email: 'customer30@example.com',
				reason: 'bounced',
				at: SAMPLE.trigger_timestamp,
				campaign: SAMPLE.campaign_name,
			},
			{
				email: 'customer32@example.com',
				reason: 'unsubscribed',
				at: SAMPLE.trigger_timestamp,
				campaign: SAMPLE.campaign_name,
			},
		]);
	});

	it('tests the Blueshift Webhook API credential in the editor without a call: a usable pair, and a colon refused', async () => {
		const test = async (data: Json) => {
			const credential = { name: `webhook ${data.user}`, type: 'blueshiftWebhookApi', data };
			const created = await fetch(`${editor.url}/rest/credentials`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(credential),
			});
			expect(created.status).toBe(200);
			const { id } = ((await created.json()) as { data: { id: string } }).data;
			const response = await fetch(`${editor.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ credentials: { id, ...credential } }),
			});
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		expect(await test({ user: USER, password: PASSWORD })).toEqual({
			status: 'OK',
			message: expect.stringMatching(/nothing was called/),
		});
		expect(await test({ user: 'a:b', password: PASSWORD })).toEqual({
			status: 'Error',
			message: 'HTTP Basic does not allow a colon (:) in the user name',
		});
	});
});
