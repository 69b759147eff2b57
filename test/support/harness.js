'use strict';
/**
 * Runs whole workflows in-process with n8n-core's WorkflowExecute, the way n8n's own node tests do
 * (that harness is not published, so this is a small one): the Blueshift node as built in dist/,
 * credentials resolved through the credential's own `authenticate` definition, and real HTTP.
 *
 * A workflow here is: "Input" (emits the given items) -> "Blueshift" -> "Success" on the main
 * output and, with On Error = continueErrorOutput, "Errors" on the error output; both are
 * pass-through nodes, so what reaches them is what a following node in n8n would see.
 */
const path = require('node:path');
const { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, Workflow } = require('n8n-workflow');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { Blueshift } = require(path.join(DIST, 'nodes/Blueshift/Blueshift.node.js'));
const { BlueshiftApi } = require(path.join(DIST, 'credentials/BlueshiftApi.credentials.js'));

const NODE_TYPE = 'n8n-nodes-blueshift.blueshift';

/** Emits the items given in its `items` parameter (a JSON string), like a trigger with pinned data. */
class InputNode {
	description = {
		displayName: 'Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'string', default: '[]' }],
	};

	async execute() {
		const items = JSON.parse(this.getNodeParameter('items', 0));
		return [items.map((json) => ({ json }))];
	}
}

/** Passes its input on unchanged: stands for whatever a user wires after an output. */
class PassThroughNode {
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

	async execute() {
		return [
			this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } })),
		];
	}
}

const nodeTypeClasses = {
	[NODE_TYPE]: new Blueshift(),
	'test.input': new InputNode(),
	'test.passThrough': new PassThroughNode(),
};

const nodeTypes = {
	getByName: (type) => nodeTypeClasses[type],
	getByNameAndVersion: (type) => nodeTypeClasses[type],
	getKnownTypes: () => ({}),
};

const credentialTypes = { blueshiftApi: new BlueshiftApi() };

/** Resolves `={{ ... }}` with `$credentials` through n8n's own expression engine. */
function resolveWithCredentials(value, credentials, workflow, node) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return workflow.expression.getParameterValue(
		value,
		null,
		0,
		0,
		node.name,
		[],
		'internal',
		{ $credentials: credentials },
		undefined,
		false,
	);
}

/** Credentials as n8n's CLI applies them: the credential type's `authenticate`, a function (called with the request) or a generic block. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(credentialsByType) {
		super();
		this.credentialsByType = credentialsByType;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = credentialTypes[typeName];
		const auth = type.authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const options = { ...requestOptions };
		for (const [outerKey, inner] of Object.entries(auth.properties)) {
			options[outerKey] = { ...(options[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(inner)) {
				options[outerKey][key] = resolveWithCredentials(value, credentials, workflow, node);
			}
		}
		return options;
	}

	/** How many times n8n loaded (and, in a real n8n, read from its database and decrypted) a credential. */
	loads = 0;

	async getDecrypted(_additionalData, _nodeCredentials, type) {
		this.loads++;
		return this.credentialsByType[type] ?? {};
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async getCredentials() {
		throw new Error('not used');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type) {
		return credentialTypes[type]?.properties ?? [];
	}
}

/**
 * Builds the standard test workflow around one Blueshift node.
 * @param {object} spec
 * @param {object} spec.parameters the Blueshift node's parameters
 * @param {object[]} spec.items the input items' JSON
 * @param {'stopWorkflow'|'continueRegularOutput'|'continueErrorOutput'} [spec.onError]
 * @param {number} [spec.typeVersion] the node's version (1: what workflows saved before 2 hold)
 */
function buildWorkflow({
	parameters,
	items,
	onError = 'continueErrorOutput',
	nodeSettings = {},
	typeVersion = 1,
}) {
	const blueshift = {
		id: 'blueshift',
		name: 'Blueshift',
		type: NODE_TYPE,
		typeVersion,
		position: [200, 0],
		parameters,
		credentials: { blueshiftApi: { id: '1', name: 'Blueshift account' } },
		// node settings such as retryOnFail, maxTries, waitBetweenTries
		...nodeSettings,
	};
	if (onError !== 'stopWorkflow') blueshift.onError = onError;
	const nodes = [
		{
			id: 'input',
			name: 'Input',
			type: 'test.input',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		blueshift,
		{
			id: 'success',
			name: 'Success',
			type: 'test.passThrough',
			typeVersion: 1,
			position: [400, 0],
			parameters: {},
		},
		{
			id: 'errors',
			name: 'Errors',
			type: 'test.passThrough',
			typeVersion: 1,
			position: [400, 200],
			parameters: {},
		},
	];
	const main = [[{ node: 'Success', type: 'main', index: 0 }]];
	if (onError === 'continueErrorOutput') main.push([{ node: 'Errors', type: 'main', index: 0 }]);
	const connections = {
		Input: { main: [[{ node: 'Blueshift', type: 'main', index: 0 }]] },
		Blueshift: { main },
	};
	return { nodes, connections };
}

function makeAdditionalData(hooks, credentials, executionId = 'test-execution') {
	return {
		hooks,
		credentialsHelper: new CredentialsHelper({ blueshiftApi: credentials }),
		currentNodeParameters: undefined,
		executionId,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		userId: 'test-user',
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
	};
}

/**
 * Runs a workflow and returns what each output of the Blueshift node held.
 * @returns {Promise<{ run, success: object[], errors: object[], error?: Error, cancel?: Function }>}
 */
async function runWorkflow(spec) {
	const { nodes, connections } = spec.workflow ?? buildWorkflow(spec);
	const workflow = new Workflow({
		id: 'test',
		name: 'test',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	// n8n gives every execution its own id; the tests use one unless told otherwise
	const executionId = spec.executionId ?? 'test-execution';
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'test',
		nodes,
		connections,
	});
	let resolveDone;
	const done = { promise: new Promise((resolve) => (resolveDone = resolve)) };
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveDone(fullRunData));
	const additionalData = makeAdditionalData(hooks, spec.credentials, executionId);
	const workflowExecute = new WorkflowExecute(additionalData, 'manual');
	const execution = workflowExecute.run({ workflow, startNode: workflow.getNode('Input') });
	if (spec.onStarted) spec.onStarted(execution, workflowExecute);
	await execution;
	const run = await done.promise;
	const runData = run.data.resultData.runData;
	const outputs = runData.Blueshift?.[0]?.data?.main ?? [];
	return {
		run,
		success: outputs[0] ?? [],
		errors: outputs[1] ?? [],
		afterSuccess: runData.Success?.[0]?.data?.main?.[0] ?? [],
		afterErrors: runData.Errors?.[0]?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
		credentialLoads: additionalData.credentialsHelper.loads,
	};
}

/** Calls one of the node's loadOptions methods the way the editor does. */
async function loadOptions(
	method,
	credentials,
	parameters = { resource: 'customer', operation: 'upsert' },
) {
	const { nodes, connections } = buildWorkflow({ parameters, items: [] });
	const workflow = new Workflow({ id: 'test', nodes, connections, nodeTypes, active: false });
	const node = workflow.getNode('Blueshift');
	const context = new LoadOptionsContext(
		workflow,
		node,
		makeAdditionalData(undefined, credentials),
		'parameters',
	);
	return await nodeTypeClasses[NODE_TYPE].methods.loadOptions[method].call(context);
}

/**
 * Sends the credential's test request the way n8n's credential test does: its `test.request`
 * resolved with n8n's expression engine, authenticated by the credential's `authenticate` block.
 */
async function testCredential(credentials, send = true) {
	const type = credentialTypes.blueshiftApi;
	const { nodes, connections } = buildWorkflow({ parameters: {}, items: [] });
	const workflow = new Workflow({ id: 'test', nodes, connections, nodeTypes, active: false });
	const node = workflow.getNode('Blueshift');
	const request = {};
	for (const [key, value] of Object.entries(type.test.request)) {
		request[key] = resolveWithCredentials(value, credentials, workflow, node);
	}
	const helper = new CredentialsHelper({ blueshiftApi: credentials });
	const options = await helper.authenticate(credentials, 'blueshiftApi', request, workflow, node);
	if (!send) return { url: `${options.baseURL}${options.url}` };
	const basic = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
	const response = await fetch(`${options.baseURL}${options.url}`, {
		method: options.method,
		headers: { authorization: `Basic ${basic}` },
	});
	return {
		url: `${options.baseURL}${options.url}`,
		status: response.status,
		body: await response.json(),
	};
}

module.exports = {
	runWorkflow,
	loadOptions,
	testCredential,
	buildWorkflow,
	makeAdditionalData,
	CredentialsHelper,
	NODE_TYPE,
	credentialTypes,
};
