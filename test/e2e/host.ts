import type { Emulator } from '../emulator/server';
import { N8n } from './n8n';

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
