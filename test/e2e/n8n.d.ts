import type { INodeExecutionData } from 'n8n-workflow';

export const VERSIONS: string[];
export const ROOT: string;
export class N8n {
	constructor(version: string, userFolder?: string);
	version: string;
	userFolder: string;
	runtime: { version: string; nodeVersion: string; node: string; n8n: string };
	cli(
		args: string[],
		options?: { timeout?: number; env?: Record<string, string> },
	): Promise<string>;
	importCredentials(credentials: object[]): Promise<void>;
	importWorkflows(workflows: object[]): Promise<void>;
	execute(
		id: string,
		options?: {
			timeout?: number;
			onSpawn?: (child: import('node:child_process').ChildProcess) => void;
		},
	): Promise<any>;
}
export function output(run: any, node: string, index?: number): INodeExecutionData[];
export function pack(): string;
export function userFolderWithPackage(tarball?: string): string;
export function n8nEnv(userFolder: string, extra?: Record<string, string>): Record<string, string>;
export function provision(version: string): {
	version: string;
	nodeVersion: string;
	node: string;
	n8n: string;
};
export const DEFAULT_VERSIONS: string[];
export const OWNER: { email: string; firstName: string; lastName: string; password: string };
export function startEditor(
	n8n: N8n,
	port: number,
	extraEnv?: Record<string, string>,
): Promise<{
	url: string;
	owner: typeof OWNER;
	child: import('node:child_process').ChildProcess;
	stop: () => Promise<void>;
	log: () => string;
}>;
