import type { INodeExecutionData, INodePropertyOptions, IRun } from 'n8n-workflow';

export interface RunResult {
	run: IRun;
	success: INodeExecutionData[];
	errors: INodeExecutionData[];
	afterSuccess: INodeExecutionData[];
	afterErrors: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string; context?: Record<string, unknown> };
	/** How many times the execution loaded a credential through n8n's credentials helper. */
	credentialLoads: number;
}

export function runWorkflow(spec: {
	/** A whole workflow instead of the standard Input -> Blueshift -> Success / Errors one. */
	workflow?: { nodes: object[]; connections: object };
	parameters?: Record<string, unknown>;
	items?: Array<Record<string, unknown>>;
	credentials: Record<string, unknown>;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** The execution's id (default "test-execution"). */
	executionId?: string;
	/** Node settings: retryOnFail, maxTries, waitBetweenTries, ... */
	nodeSettings?: Record<string, unknown>;
	/** The Blueshift node's version (default 1). */
	typeVersion?: number;
	onStarted?: (
		execution: Promise<unknown> & { cancel?: () => void },
		workflowExecute: unknown,
	) => void;
}): Promise<RunResult>;

export function loadOptions(
	method: string,
	credentials: Record<string, unknown>,
): Promise<INodePropertyOptions[]>;

export function testCredential(
	credentials: Record<string, unknown>,
	send?: boolean,
): Promise<{ url: string; status?: number; body?: unknown }>;

/** The credential types the harness resolves credentials with (the built BlueshiftApi). */
export const credentialTypes: Record<string, any>;

/** The Blueshift node's type name in the harness's workflows. */
export const NODE_TYPE: string;
