import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Emulator } from '../emulator/server';
import { N8n, output } from './n8n';

/** The workflows of test/e2e/workflows whose file name matches `pattern`. */
export function workflowsIn(
	pattern: RegExp,
): Array<{ id: string; name: string } & Record<string, any>> {
	const dir = path.join(__dirname, 'workflows');
	return readdirSync(dir)
		.filter((f) => pattern.test(f))
		.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
}

export const paired = (items: Array<{ pairedItem?: unknown }>) =>
	items.map((item) => (item.pairedItem as { item: number }).item);
export const jsonOf = (items: Array<{ json: Record<string, any> }>) =>
	items.map((item) => item.json);
export const errorOf = (result: any) => (result.data ?? result).resultData.error;

/**
 * The error output ("Continue (using error output)") on every n8n version: per failed item, its
 * input JSON (from the Records node) plus exactly `error` and `message`, paired to its input item,
 * in input order. `expected` maps each failed item's index to what its `error` must say.
 */
export function expectErrorOutput(result: any, expected: Record<number, RegExp | string>) {
	const inputs = jsonOf(output(result, 'Records'));
	const errors = output(result, 'Blueshift', 1);
	const indexes = Object.keys(expected).map(Number);
	expect(paired(errors)).toEqual(indexes);
	errors.forEach((item, k) => {
		const error = expected[indexes[k]];
		expect(item.json).toEqual({
			...inputs[indexes[k]],
			error: typeof error === 'string' ? error : expect.stringMatching(error),
			message: expect.any(String),
		});
	});
	return errors;
}

/**
 * What every e2e file sets up, once per n8n version: the emulator started, a fresh n8n with the
 * packed package and a Blueshift credential pointing at the emulator, the file's workflows
 * imported; the emulator reset before each test. `run(name)` executes a workflow by its name and
 * checks that no key appears anywhere in the run's data and that every call carried one of the
 * credential's keys as Basic auth user (`expectKey`, when given, says which).
 */
export function useHost(
	version: string,
	emulator: Emulator,
	workflows: Array<{ id: string; name: string }>,
	credential: { apiKey: string; eventApiKey?: string },
	{ expectKey, beforeEachTest }: { expectKey?: string; beforeEachTest?: () => void } = {},
) {
	let n8n: N8n;
	beforeAll(async () => {
		await emulator.start();
		n8n = new N8n(version);
		await n8n.importCredentials([
			{
				id: 'bsE2eCredential1',
				name: 'Blueshift (emulator)',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, ...credential },
			},
		]);
		await n8n.importWorkflows(workflows);
	}, 900_000);
	afterAll(async () => {
		await emulator.stop();
	});
	beforeEach(() => {
		emulator.reset();
		beforeEachTest?.();
	});

	const keys = [credential.apiKey, credential.eventApiKey].filter((k): k is string => Boolean(k));
	const idOf = (name: string) => {
		const workflow = workflows.find((w) => w.name === name);
		if (!workflow) throw new Error(`No e2e workflow named "${name}"`);
		return workflow.id;
	};
	const run = async (name: string) => {
		const result = await n8n.execute(idOf(name));
		const text = JSON.stringify(result);
		for (const key of keys) expect(text).not.toContain(key);
		for (const request of emulator.requests) {
			if (expectKey) expect(request.user).toEqual({ user: expectKey, password: '' });
			else expect(keys.map((user) => ({ user, password: '' }))).toContainEqual(request.user);
		}
		return result;
	};
	return { run, idOf, n8n: () => n8n };
}
