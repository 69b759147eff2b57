/**
 * The Blueshift Trigger through n8n's own engine: a real HTTP server hands each request to the node
 * the way n8n's webhook server does (n8n-core's WebhookContext over the live request and response;
 * the body read by Content-Type as n8n's body parser does for a node of version 1), answers like
 * n8n's executeWebhook (the node's own refusal, or 200 with its webhookResponse), and runs the
 * items it returns through n8n-core's WorkflowExecute into a pass-through node, "After": what
 * reaches "After" is what the next node of a user's workflow sees. The real n8n hosts are in
 * test/e2e/trigger.e2e.ts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { existsSync } from 'node:fs';

import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type { IDataObject, IRun, IWebhookResponseData } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeAdditionalData, CredentialsHelper } = require('./support/harness');

const DIST = path.join(__dirname, '..', 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BlueshiftTrigger } = require(
	path.join(DIST, 'nodes/BlueshiftTrigger/BlueshiftTrigger.node.js'),
);

const TYPE = 'n8n-nodes-blueshift.blueshiftTrigger';
const WEBHOOK_ID = '5f0c3a8e-2c1d-4c43-9b7e-1f6a2d9e7a10';
const USER = 'blueshift-export';
const PASSWORD = 'kT9-very-long-random-Password-4411';

class PassThrough {
	description = {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'Test pass-through',
		defaults: { name: 'Pass Through' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};
	async execute(this: any) {
		return [this.getInputData()];
	}
}

const trigger = new BlueshiftTrigger();
const types: Record<string, any> = { [TYPE]: trigger, 'test.passThrough': new PassThrough() };
const nodeTypes = {
	getByName: (type: string) => types[type],
	getByNameAndVersion: (type: string) => types[type],
	getKnownTypes: () => ({}),
};

/** Every line n8n's logger received during the tests (the node must log no secret). */
const logged: string[] = [];
const capture = (...args: unknown[]) => logged.push(JSON.stringify(args));
const logger = {
	error: capture,
	warn: capture,
	info: capture,
	debug: capture,
	scoped: () => logger,
};

type Setup = { parameters?: IDataObject; credentials?: IDataObject; mode?: 'webhook' | 'manual' };

/** The node's parameters as n8n stores them, over the defaults of its description. */
function workflowFor({ parameters = {}, credentials }: Setup) {
	const defaults = Object.fromEntries(
		trigger.description.properties
			.filter((p: any) => p.type !== 'notice')
			.map((p: any) => [p.name, p.default]),
	);
	const node = {
		id: 'trigger',
		name: 'Blueshift Trigger',
		type: TYPE,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		webhookId: WEBHOOK_ID,
		parameters: { ...defaults, ...parameters },
		...(credentials
			? { credentials: { blueshiftWebhookApi: { id: '1', name: 'Blueshift webhook' } } }
			: {}),
	};
	const after = {
		id: 'after',
		name: 'After',
		type: 'test.passThrough',
		typeVersion: 1,
		position: [200, 0] as [number, number],
		parameters: {},
	};
	const connections = {
		'Blueshift Trigger': { main: [[{ node: 'After', type: 'main' as any, index: 0 }]] },
	};
	const nodes = [node, after];
	return {
		workflow: new Workflow({
			id: 'wf',
			name: 'wf',
			nodes,
			connections,
			nodeTypes: nodeTypes as any,
			active: true,
			settings: { executionOrder: 'v1' },
		}),
		nodes,
		connections,
	};
}

function additionalDataFor(setup: Setup, executionId: string) {
	const { nodes, connections } = workflowFor(setup);
	const hooks = new ExecutionLifecycleHooks(setup.mode ?? 'webhook', executionId, {
		id: 'wf',
		nodes,
		connections,
	} as any);
	const data = makeAdditionalData(hooks, undefined, executionId);
	data.credentialsHelper = new CredentialsHelper({ blueshiftWebhookApi: setup.credentials });
	return data;
}

/**
 * A webhook server with the trigger on its one URL. `setup` says how the node is configured;
 * `runs` holds every execution started, in order.
 */
class TriggerServer {
	server = http.createServer((req, res) => void this.handle(req, res));
	setup: Setup = {};
	runs: IRun[] = [];
	private pending: Array<Promise<unknown>> = [];
	url = '';

	async start() {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook/${WEBHOOK_ID}/webhook`;
	}

	async stop() {
		await new Promise((resolve) => this.server.close(resolve));
	}

	private async handle(req: http.IncomingMessage & Record<string, any>, res: http.ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		// as n8n's rawBodyReader and parseBody: the bytes kept, JSON parsed by its media type
		req.rawBody = Buffer.concat(chunks);
		req.readRawBody = async () => {};
		const type = req.headers['content-type'];
		req.contentType = type ? type.split(';')[0].trim().toLowerCase() : undefined;
		if (req.rawBody.length && req.contentType === 'application/json') {
			try {
				req.body = JSON.parse(req.rawBody.toString('utf8'));
			} catch {
				res.writeHead(422, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'Failed to parse request body' }));
				return;
			}
		} else if (req.rawBody.length && req.contentType === 'text/plain') {
			req.body = req.rawBody.toString('utf8');
		}
		const executionId = `execution-${this.runs.length + this.pending.length + 1}`;
		const additionalData = additionalDataFor(this.setup, executionId);
		additionalData.httpRequest = req;
		additionalData.httpResponse = res;
		const { workflow } = workflowFor(this.setup);
		const node = workflow.getNode('Blueshift Trigger')!;
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: trigger.description.webhooks[0],
			workflowId: 'wf',
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
		};
		const mode = this.setup.mode ?? 'webhook';
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			mode,
			webhookData as any,
			[],
			null,
		);
		const result: IWebhookResponseData = await trigger.webhook.call(context);
		if (result.workflowData) {
			const runData = createRunExecutionData({
				executionData: {
					nodeExecutionStack: [{ node, data: { main: result.workflowData }, source: null }],
				},
			} as any);
			const execute = new WorkflowExecute(additionalData, mode, runData);
			this.pending.push(
				(execute.processRunExecutionData(workflow) as Promise<IRun>).then((run) =>
					this.runs.push(run),
				),
			);
		}
		// as n8n's executeWebhook in response mode onReceived (1.82 to 2.41): a missing responseData
		// counts as "firstEntryJson", and a responseData is sent before the node's webhookResponse
		if (result.noWebhookResponse) return;
		const responseData = trigger.description.webhooks[0].responseData ?? 'firstEntryJson';
		let answer: unknown = result.webhookResponse ?? { message: 'Webhook call received' };
		if (result.workflowData) {
			answer = responseData || (result.webhookResponse ?? { message: 'Workflow was started' });
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(answer));
	}

	/** POSTs `body` (JSON unless a string), waits for the answer and any run it started. */
	async post(body: unknown, headers: Record<string, string> = {}) {
		const runsBefore = this.runs.length;
		const response = await fetch(this.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await response.text();
		await Promise.all(this.pending);
		this.pending = [];
		const started = this.runs.slice(runsBefore);
		const items = started.flatMap(
			(run) =>
				run.data.resultData.runData.After?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [],
		);
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		return {
			status: response.status,
			headers: response.headers,
			body: json,
			text,
			started: started.length,
			items,
		};
	}
}

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Blueshift's own sample of a delivered activity (help.blueshift.com, "Event webhook callback samples"). */
const SAMPLE = {
	account_uuid: '29c7e612-be4d-4aae-a393-fe5ecabe4628',
	action: 'delivered',
	bucket_uuid: 'b45d0950-2650-4913-b904-887c3046ff2f',
	campaign_name: 'Sample Campaign Webhook Sample',
	campaign_uuid: 'b9714ca6-0564-4813-9f92-98d369615aaf',
	creative_name: 'Webhook sample',
	creative_uuid: '1786c169-b1dc-44d6-9c02-f69c5896fac3',
	customer_id: '1234',
	email: 'robert@getblueshift.com',
	event: 'delivered',
	experiment_uuid: '17b282d2-3839-fb17-2736-f2083befe25d',
	message_uuid: '50bada3a-7c88-498d-a9d0-64725ae4113c',
	sg_message_id: '6tV6yAS9RxCCGkCuuwcFvg.filter0016p3iad2-29106-5C10B135-1B.0',
	subject_line: 'This is sample webhook campaign',
	transaction_uuid: '923c695f-512a-4404-be7a-644d8292da04',
	trigger_name: 'Send an email',
	trigger_timestamp: '2018-12-12T06:57:06.016Z',
	trigger_type: 'EmailTrigger',
	trigger_uuid: '3b094944-5124-4474-9259-f2c08da33ad5',
	user_uuid: 'd3d838fe-b88e-4b87-bf56-7416daed35a1',
};

const activity = (n: number, extra: IDataObject = {}) => ({
	...SAMPLE,
	message_uuid: `message-${n}`,
	email: `customer${n}@example.com`,
	customer_id: `C-${n}`,
	...extra,
});

const SUCCESS = {
	campaign_name: 'Welcome',
	campaign_uuid: '0d6e2a52-7d0e-4a43-9b3c-5b7a1c2e9f01',
	user: { email: 'ada@example.com', customer_id: 'C-1' },
	status: 'success',
	message: 'message sent',
};
const FAILED = {
	campaign_name: 'Welcome',
	campaign_uuid: '0d6e2a52-7d0e-4a43-9b3c-5b7a1c2e9f01',
	user: { email: 'grace@example.com', customer_id: 'C-2' },
	status: 'failed',
	error_message: 'Bad gateway from the sending app',
	error_code: 502,
	payload: { event: 'signup', email: 'grace@example.com', plan: 'pro' },
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const server = new TriggerServer();
beforeAll(async () => {
	Container.set(Logger, logger as any);
	await server.start();
});
afterAll(async () => await server.stop());
beforeEach(() => {
	server.setup = {};
	logged.length = 0;
});

describe('Blueshift Trigger: the two shapes Blueshift pushes', () => {
	it("starts one run with one item per activity: Blueshift's fields as sent plus the normalised ones", async () => {
		const before = new Date().toISOString();
		const batch = [
			SAMPLE,
			activity(2, { action: 'opened', event: 'opened' }),
			activity(3, { action: 'clicked' }),
		];
		const answer = await server.post({ batch });
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(1);
		expect(answer.items).toHaveLength(3);
		expect(answer.items[0]).toEqual({
			...SAMPLE,
			eventKind: 'activity',
			eventAction: 'delivered',
			campaignUuid: SAMPLE.campaign_uuid,
			customerEmail: 'robert@getblueshift.com',
			customerId: '1234',
			eventTimestamp: '2018-12-12T06:57:06.016Z',
			receivedAt: expect.stringMatching(ISO),
		});
		const receivedAt = String(answer.items[0].receivedAt);
		expect(receivedAt >= before).toBe(true);
		expect(receivedAt <= new Date().toISOString()).toBe(true);
		expect(
			answer.items.map((item) => [item.eventAction, item.customerEmail, item.customerId]),
		).toEqual([
			['delivered', 'robert@getblueshift.com', '1234'],
			['opened', 'customer2@example.com', 'C-2'],
			['clicked', 'customer3@example.com', 'C-3'],
		]);
		// every delivery of one request carries the same receivedAt
		expect(new Set(answer.items.map((item) => item.receivedAt)).size).toBe(1);
	});

	it('turns a batch of 500 into 500 items in one run, in the order sent', async () => {
		const batch = Array.from({ length: 500 }, (_, n) => activity(n));
		const answer = await server.post({ batch });
		expect(answer.started).toBe(1);
		expect(answer.items).toHaveLength(500);
		expect(answer.items.map((item) => item.message_uuid)).toEqual(batch.map((a) => a.message_uuid));
		expect(answer.body).toEqual({
			message: 'Workflow was started',
			kind: 'activity',
			received: 500,
			duplicates: 0,
			filteredOut: 0,
			started: 500,
		});
	});

	it('turns a batch of 10,000 into 10,000 items', async () => {
		const batch = Array.from({ length: 10_000 }, (_, n) => activity(n));
		const answer = await server.post({ batch });
		expect(answer.status).toBe(200);
		expect(answer.items).toHaveLength(10_000);
		expect(new Set(answer.items.map((item) => item.message_uuid)).size).toBe(10_000);
	});

	it('starts one item for an execution status of success, with user.email and user.customer_id normalised', async () => {
		const answer = await server.post(SUCCESS);
		expect(answer.status).toBe(200);
		expect(answer.items).toEqual([
			{
				...SUCCESS,
				eventKind: 'executionStatus',
				eventAction: 'success',
				campaignUuid: SUCCESS.campaign_uuid,
				customerEmail: 'ada@example.com',
				customerId: 'C-1',
				eventTimestamp: null,
				receivedAt: expect.stringMatching(ISO),
			},
		]);
		expect(answer.body).toMatchObject({ kind: 'executionStatus', received: 1, started: 1 });
	});

	it('starts one item for a failed execution, keeping the error and the original payload as sent', async () => {
		const answer = await server.post(FAILED);
		expect(answer.items).toHaveLength(1);
		expect(answer.items[0]).toMatchObject({
			status: 'failed',
			error_message: 'Bad gateway from the sending app',
			error_code: 502,
			payload: { event: 'signup', email: 'grace@example.com', plan: 'pro' },
			eventKind: 'executionStatus',
			eventAction: 'failed',
			customerEmail: 'grace@example.com',
		});
	});

	it('reads JSON sent without a JSON content type (or none) from the bytes', async () => {
		const plain = await server.post(JSON.stringify(SUCCESS), { 'content-type': 'text/plain' });
		expect(plain.items).toHaveLength(1);
		const form = await server.post(JSON.stringify({ batch: [SAMPLE] }), {
			'content-type': 'application/x-www-form-urlencoded',
		});
		expect(form.items).toHaveLength(1);
		const bom = await server.post(`\ufeff${JSON.stringify(SUCCESS)}`, {
			'content-type': 'application/octet-stream',
		});
		expect(bom.items).toHaveLength(1);
	});

	it('skips an entry of a batch that is not an object and starts the rest', async () => {
		const answer = await server.post({ batch: [activity(1), 'stray', null, activity(2)] });
		expect(answer.items.map((item) => item.message_uuid)).toEqual(['message-1', 'message-2']);
		expect(answer.body).toMatchObject({ received: 2, started: 2 });
	});

	it('behaves the same on the test URL (manual mode)', async () => {
		server.setup = { mode: 'manual' };
		const answer = await server.post({ batch: [SAMPLE] });
		expect(answer.items).toHaveLength(1);
	});
});

describe('Blueshift Trigger: repeats within one delivery', () => {
	it('starts one item for the same (message_uuid, action) twice in one delivery; the first one stays', async () => {
		const first = activity(1, { subject_line: 'first' });
		const repeat = activity(1, { subject_line: 'repeat' });
		const answer = await server.post({ batch: [first, activity(2), repeat] });
		expect(answer.items.map((item) => [item.message_uuid, item.subject_line])).toEqual([
			['message-1', 'first'],
			['message-2', SAMPLE.subject_line],
		]);
		expect(answer.body).toMatchObject({ received: 3, duplicates: 1, started: 2 });
	});

	it('keeps the same message with another action, and counts "open" and "opened" as one action', async () => {
		const answer = await server.post({
			batch: [
				activity(1, { action: 'delivered' }),
				activity(1, { action: 'opened' }),
				activity(1, { action: 'open' }),
				activity(1, { action: 'clicked' }),
			],
		});
		expect(answer.items.map((item) => item.eventAction)).toEqual([
			'delivered',
			'opened',
			'clicked',
		]);
		expect(answer.body).toMatchObject({ duplicates: 1 });
	});

	it('never merges entries without a message_uuid', async () => {
		const { message_uuid: _omit, ...noUuid } = SAMPLE;
		const answer = await server.post({ batch: [noUuid, noUuid] });
		expect(answer.items).toHaveLength(2);
	});

	it('does not remember across deliveries: the same entry in two requests starts twice', async () => {
		const one = await server.post({ batch: [SAMPLE] });
		const two = await server.post({ batch: [SAMPLE] });
		expect([one.started, two.started]).toEqual([1, 1]);
	});
});

describe('Blueshift Trigger: filters', () => {
	it('starts only the selected actions; the others are counted as filtered out', async () => {
		server.setup = { parameters: { events: ['bounced', 'unsubscribed'] } };
		const answer = await server.post({
			batch: [
				activity(1, { action: 'delivered' }),
				activity(2, { action: 'bounced' }),
				activity(3, { action: 'unsubscribed' }),
				activity(4, { action: 'clicked' }),
			],
		});
		expect(answer.items.map((item) => item.message_uuid)).toEqual(['message-2', 'message-3']);
		expect(answer.body).toMatchObject({ received: 4, filteredOut: 2, started: 2 });
	});

	it('reads the spellings of the older help page (open, click, bounce, unsubscribe) and any case', async () => {
		server.setup = { parameters: { events: ['opened', 'clicked', 'bounced', 'unsubscribed'] } };
		const answer = await server.post({
			batch: ['open', 'Click', 'BOUNCE', 'unsubscribe'].map((action, n) => activity(n, { action })),
		});
		expect(answer.items.map((item) => [item.action, item.eventAction])).toEqual([
			['open', 'opened'],
			['Click', 'clicked'],
			['BOUNCE', 'bounced'],
			['unsubscribe', 'unsubscribed'],
		]);
	});

	it('starts actions Blueshift does not document only under "Other Action", by default not', async () => {
		const spam = activity(1, { action: 'spam_report', event: 'spam_report' });
		const byDefault = await server.post({ batch: [spam] });
		expect(byDefault.status).toBe(200);
		expect(byDefault.started).toBe(0);
		server.setup = { parameters: { events: ['otherActivity'] } };
		const other = await server.post({ batch: [spam, activity(2)] });
		expect(other.items.map((item) => [item.message_uuid, item.eventAction])).toEqual([
			['message-1', 'spam_report'],
		]);
	});

	it('falls back to the "event" field when an activity has no "action"', async () => {
		const { action: _omit, ...noAction } = activity(1, { event: 'opened' });
		server.setup = { parameters: { events: ['opened'] } };
		const answer = await server.post({ batch: [noAction] });
		expect(answer.items.map((item) => item.eventAction)).toEqual(['opened']);
	});

	it('starts only the selected execution statuses', async () => {
		server.setup = { parameters: { events: ['executionFailed'] } };
		const success = await server.post(SUCCESS);
		expect([success.status, success.started]).toEqual([200, 0]);
		expect(success.body).toMatchObject({ message: 'Received; nothing to start', filteredOut: 1 });
		const failed = await server.post(FAILED);
		expect(failed.items.map((item) => item.eventAction)).toEqual(['failed']);
	});

	it('starts nothing for an execution status other than success or failed', async () => {
		const answer = await server.post({ ...SUCCESS, status: 'queued' });
		expect([answer.status, answer.started]).toEqual([200, 0]);
	});

	it('with Campaign UUIDs, starts only those campaigns (any case; commas, spaces or new lines)', async () => {
		const a = 'AAAAAAAA-0000-4000-8000-000000000001';
		const b = 'bbbbbbbb-0000-4000-8000-000000000002';
		server.setup = { parameters: { campaignUuids: ` ${a.toLowerCase()},\n${b.toUpperCase()} ; ` } };
		const answer = await server.post({
			batch: [
				activity(1, { campaign_uuid: a }),
				activity(2, { campaign_uuid: 'cccccccc-0000-4000-8000-000000000003' }),
				activity(3, { campaign_uuid: b }),
				activity(4, { campaign_uuid: undefined }),
			],
		});
		expect(answer.items.map((item) => item.message_uuid)).toEqual(['message-1', 'message-3']);
		const status = await server.post({ ...FAILED, campaign_uuid: b });
		expect(status.started).toBe(1);
		const other = await server.post(FAILED);
		expect(other.started).toBe(0);
	});

	it('answers 200 and starts nothing when the filters leave nothing', async () => {
		server.setup = { parameters: { events: ['bounced'] } };
		const answer = await server.post({ batch: [SAMPLE] });
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(0);
		expect(answer.body).toEqual({
			message: 'Received; nothing to start',
			kind: 'activity',
			received: 1,
			duplicates: 0,
			filteredOut: 1,
			started: 0,
		});
	});
});

describe('Blueshift Trigger: bad requests', () => {
	it('answers an empty batch with 200 and starts nothing', async () => {
		const answer = await server.post({ batch: [] });
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(0);
		expect(answer.body).toMatchObject({ received: 0, started: 0 });
	});

	it.each([
		[
			'text that is not JSON',
			'hello, n8n',
			'text/plain',
			/^The body is not JSON \(Content-Type: text\/plain\)\.$/,
		],
		['no body at all', '', 'text/plain', /^The body is empty: expected JSON\.$/],
		['an empty body labelled JSON', '', 'application/json', /^The body is empty: expected JSON\.$/],
		['XML', '<batch><a/></batch>', 'application/xml', /not JSON/],
	])(
		'answers %s with 400 and the reason, and starts nothing',
		async (_name, body, type, reason) => {
			const answer = await server.post(body, { 'content-type': type });
			expect(answer.status).toBe(400);
			expect(answer.body.message).toMatch(reason);
			expect(answer.started).toBe(0);
		},
	);

	it.each([
		['an array', [SAMPLE], /JSON but an array: expected \{"batch": \[\.\.\.\]\}/],
		['a number', 42, /JSON but a number/],
		['null', null, /JSON but null/],
		[
			'an object of neither shape',
			{ hello: 'world', events: [] },
			/neither shape \(keys: hello, events\)/,
		],
		['"batch" that is not an array', { batch: { action: 'opened' } }, /"batch" is not an array/],
		['a batch of no objects', { batch: [1, 'two'] }, /No entry of "batch" is a JSON object/],
		['a status without campaign_uuid or user', { status: 'success' }, /neither shape/],
	])(
		'answers JSON of neither shape (%s) with 400 and the reason, and starts nothing',
		async (_name, body, reason) => {
			const answer = await server.post(body);
			expect(answer.status).toBe(400);
			expect(answer.body.message).toMatch(reason);
			expect(answer.started).toBe(0);
		},
	);

	it('never quotes the body back in a 400', async () => {
		const answer = await server.post('password=hunter2-not-json', { 'content-type': 'text/plain' });
		expect(answer.status).toBe(400);
		expect(answer.text).not.toContain('hunter2');
	});
});

describe('Blueshift Trigger: HTTP Basic authentication', () => {
	const basicSetup = (credentials: IDataObject = { user: USER, password: PASSWORD }): Setup => ({
		parameters: { authentication: 'basicAuth' },
		credentials,
	});

	it('starts the workflow for the right user name and password', async () => {
		server.setup = basicSetup();
		const answer = await server.post({ batch: [SAMPLE] }, { authorization: basic(USER, PASSWORD) });
		expect(answer.status).toBe(200);
		expect(answer.items).toHaveLength(1);
	});

	it.each([
		['no Authorization header', undefined, 'Authorization is required'],
		['a wrong password', basic(USER, `${PASSWORD}x`), 'Authorization data is wrong'],
		['a wrong user name', basic('someone', PASSWORD), 'Authorization data is wrong'],
		['the password only', basic('', PASSWORD), 'Authorization data is wrong'],
		['user and password swapped', basic(PASSWORD, USER), 'Authorization data is wrong'],
		['another scheme', `Bearer ${PASSWORD}`, 'Authorization is required'],
		[
			'Basic without a colon',
			`Basic ${Buffer.from(USER + PASSWORD).toString('base64')}`,
			'Authorization is required',
		],
	])(
		'answers %s with 401 and a Basic challenge, and starts nothing',
		async (_name, authorization, message) => {
			server.setup = basicSetup();
			const answer = await server.post({ batch: [SAMPLE] }, authorization ? { authorization } : {});
			expect(answer.status).toBe(401);
			expect(answer.body).toEqual({ message });
			expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm="Blueshift Trigger"/);
			expect(answer.started).toBe(0);
		},
	);

	it('checks the credentials before the body: a wrong pair with a bad body is 401, not 400', async () => {
		server.setup = basicSetup();
		const answer = await server.post('not json', { 'content-type': 'text/plain' });
		expect(answer.status).toBe(401);
	});

	it('accepts the scheme in any case and a password holding colons', async () => {
		const password = 'a:b:c-long-password';
		server.setup = basicSetup({ user: USER, password });
		const answer = await server.post(
			{ batch: [SAMPLE] },
			{
				authorization: basic(USER, password).replace('Basic', 'bAsIc'),
			},
		);
		expect(answer.items).toHaveLength(1);
	});

	it('answers 500 and starts nothing when the node has no complete credential', async () => {
		for (const credentials of [
			{ user: USER, password: '' },
			{ user: '', password: PASSWORD },
			{},
		]) {
			server.setup = basicSetup(credentials);
			const answer = await server.post(
				{ batch: [SAMPLE] },
				{ authorization: basic(USER, PASSWORD) },
			);
			expect(answer.status).toBe(500);
			expect(answer.body).toEqual({
				message: 'The Blueshift Trigger has no user name and password set in n8n',
			});
			expect(answer.started).toBe(0);
		}
	});

	it('compares user name and password in constant time: both always, as equal-length SHA-256 digests', async () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		try {
			server.setup = basicSetup();
			await server.post({ batch: [SAMPLE] }, { authorization: basic('x', PASSWORD) });
			// a wrong user name still has the password compared
			expect(spy).toHaveBeenCalledTimes(2);
			for (const [a, b] of spy.mock.calls) {
				expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
			}
			const userDigest = crypto.createHash('sha256').update(USER).digest();
			expect(spy.mock.calls.some(([, b]) => Buffer.compare(b as Buffer, userDigest) === 0)).toBe(
				true,
			);
		} finally {
			spy.mockRestore();
		}
	});

	it("puts no secret into answers, items or n8n's log", async () => {
		server.setup = basicSetup();
		const answers = [
			await server.post({ batch: [SAMPLE] }, { authorization: basic(USER, PASSWORD) }),
			await server.post({ batch: [SAMPLE] }, { authorization: basic(USER, 'wrong-guess') }),
			await server.post('x', {
				authorization: basic(USER, PASSWORD),
				'content-type': 'text/plain',
			}),
		];
		server.setup = { parameters: { authentication: 'basicAuth' } };
		answers.push(await server.post({ batch: [SAMPLE] }, { authorization: basic(USER, PASSWORD) }));
		const everything = JSON.stringify([answers.map((a) => [a.text, a.items]), logged]);
		for (const secret of [PASSWORD, 'wrong-guess', basic(USER, PASSWORD).slice(6)]) {
			expect(everything).not.toContain(secret);
		}
		expect(answers[0].items[0]).not.toHaveProperty('headers');
	});

	it('with Authentication None, ignores an Authorization header', async () => {
		const answer = await server.post({ batch: [SAMPLE] }, { authorization: basic('any', 'thing') });
		expect(answer.items).toHaveLength(1);
	});
});

describe('Blueshift Trigger: the node as n8n sees it', () => {
	const { description } = trigger;

	it("follows n8n's trigger conventions: one POST webhook answered on receipt, no inputs", () => {
		expect(description).toMatchObject({
			name: 'blueshiftTrigger',
			displayName: 'Blueshift Trigger',
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
		});
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		]);
	});

	it('says where to paste the URL in Blueshift, for the test and the production URL', () => {
		const notice = description.properties.find((p: any) => p.name === 'setupNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/Account Settings > Campaign Activity Export > Webhooks/);
		expect(notice.displayName).toMatch(/Production URL/);
		expect(notice.displayName).toMatch(/Test URL/);
		expect(description.triggerPanel.executionsHelp.inactive).toMatch(/Test URL/);
	});

	it('offers the five documented actions, other actions, and both execution statuses; all but "other" by default', () => {
		const events = description.properties.find((p: any) => p.name === 'events');
		expect(events.options.map((o: any) => o.value).sort()).toEqual([
			'bounced',
			'clicked',
			'delivered',
			'executionFailed',
			'executionSuccess',
			'opened',
			'otherActivity',
			'unsubscribed',
		]);
		expect([...events.default].sort()).toEqual([
			'bounced',
			'clicked',
			'delivered',
			'executionFailed',
			'executionSuccess',
			'opened',
			'unsubscribed',
		]);
	});

	it('asks for its own credential only with Basic Auth, tested without a call', () => {
		expect(description.credentials).toEqual([
			{
				name: 'blueshiftWebhookApi',
				required: true,
				testedBy: 'blueshiftWebhookApiTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		]);
	});

	it.each([
		['a user name and a password', { user: USER, password: PASSWORD }, 'OK'],
		['no password', { user: USER, password: '' }, 'Error'],
		['no user name', { user: '', password: PASSWORD }, 'Error'],
		['a colon in the user name', { user: 'a:b', password: PASSWORD }, 'Error'],
	])('its credential test, with no call, judges %s as %s', async (_name, data, status) => {
		const test = trigger.methods.credentialTest.blueshiftWebhookApiTest;
		const result = await test.call({}, { id: '1', name: 'c', type: 'blueshiftWebhookApi', data });
		expect(result.status).toBe(status);
		expect(JSON.stringify(result)).not.toContain(PASSWORD);
	});

	it('registers nothing anywhere: the lifecycle methods answer without a call (Blueshift has no webhook API)', async () => {
		const setup: Setup = {};
		const { workflow } = workflowFor(setup);
		const node = workflow.getNode('Blueshift Trigger')!;
		const data = additionalDataFor(setup, 'activation');
		const webhookData = {
			webhookDescription: description.webhooks[0],
			node: node.name,
			workflowId: 'wf',
		} as any;
		const context = new HookContext(workflow, node, data, 'trigger', 'activate', webhookData);
		const calls = [
			jest.spyOn(http, 'request'),
			jest.spyOn(require('node:https'), 'request'),
			jest.spyOn(globalThis, 'fetch'),
		];
		try {
			const methods = trigger.webhookMethods.default;
			expect(await methods.checkExists.call(context)).toBe(false);
			expect(await methods.create.call(context)).toBe(true);
			expect(await methods.delete.call(context)).toBe(true);
			for (const call of calls) expect(call).not.toHaveBeenCalled();
			expect(context.getNodeWebhookUrl('default')).toBe(
				`http://localhost:5678/webhook/${WEBHOOK_ID}/webhook`,
			);
		} finally {
			for (const call of calls) call.mockRestore();
		}
	});

	it("shows the main node's icon, which the build puts in dist", () => {
		expect(description.icon).toEqual({
			light: 'file:../Blueshift/blueshift.svg',
			dark: 'file:../Blueshift/blueshift.dark.svg',
		});
		const dir = path.join(DIST, 'nodes/BlueshiftTrigger');
		for (const file of Object.values(description.icon as Record<string, string>)) {
			expect(existsSync(path.join(dir, file.replace('file:', '')))).toBe(true);
		}
		expect(existsSync(path.join(dir, 'BlueshiftTrigger.node.json'))).toBe(true);
	});
});
