export interface ReceivedRequest {
	at: number;
	method: string;
	path: string;
	/** The query string's parameters. */
	query: Record<string, string>;
	authorization?: string;
	user?: { user: string; password?: string };
	raw: string;
	body: any;
	status?: number | 'reset';
}

export interface ScriptedAnswer {
	status?: number;
	body?: unknown;
	raw?: string;
	headers?: Record<string, string>;
	delayMs?: number;
	reset?: boolean;
	passThrough?: boolean;
}

export class Emulator {
	constructor(options?: {
		keys?: string[];
		readOnlyKeys?: string[];
		latencyMs?: number;
		limits?: { single: number; bulk: number } | false;
		groups?: object[];
	});
	url: string;
	port: number;
	latencyMs: number;
	limits: { single: number; bulk: number } | false;
	requests: ReceivedRequest[];
	stored: Array<Record<string, unknown>>;
	customers: Map<string, Record<string, unknown>>;
	counts: { total: number; byStatus: Record<string, number> };
	peakOpen: number;
	start(port?: number): Promise<this>;
	stop(): Promise<void>;
	reset(): void;
	script(path: string, answers: ScriptedAnswer[]): this;
	reject(identifier: string, errorData?: Record<string, string[]>): this;
	randomFaults(seed: number, rates: Record<string, number>, slowMs?: number): this;
	received(path: string, status?: number): ReceivedRequest[];
	/** A test's hook: sees each request as it arrives, before it is answered, in the same tick. */
	onRequest?: (entry: ReceivedRequest) => void;
	addRoute(
		method: string,
		pattern: string,
		handle: (
			entry: ReceivedRequest,
			params: Record<string, string>,
			emulator: Emulator,
		) => ScriptedAnswer,
		options?: { limit?: string; body?: boolean },
	): this;
	onReset(hook: (emulator: this) => void): this;
	/** State kept by the route modules in test/emulator/routes (events, lists, campaigns, ...). */
	[state: string]: any;
}

export const DEFAULT_GROUPS: Array<{
	subscription_group_id: string;
	uuid: string;
	subscription_group_label: string;
}>;
export function seeded(seed: number): () => number;
export const MAX_PAYLOAD_BYTES: number;
