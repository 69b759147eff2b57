import { Emulator } from '../emulator/server';
import { N8n, startEditor, VERSIONS } from './n8n';

const KEY = 'editor-e2e-key-19c2';

/** What the editor gets from n8n's REST API: the node's type and the credential test. */
describe.each(VERSIONS)('n8n %s editor API with the packed community node', (version) => {
	const emulator = new Emulator({ keys: [KEY] });
	let editor: Awaited<ReturnType<typeof startEditor>>;
	let cookie = '';

	beforeAll(async () => {
		await emulator.start();
		editor = await startEditor(new N8n(version), 5690);
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
	}, 600_000);
	afterAll(async () => {
		await editor?.stop();
		await emulator.stop();
	});

	/** As the credential form does: save the credential, then test it. */
	const testCredential = async (apiKey: string) => {
		const credential = {
			name: `Blueshift ${apiKey}`,
			type: 'blueshiftApi',
			data: { region: 'custom', baseUrl: emulator.url, apiKey },
		};
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

	it('loads the node as n8n-nodes-blueshift.blueshift with its credential', async () => {
		const response = await fetch(`${editor.url}/types/nodes.json`, { headers: { cookie } });
		const types = (await response.json()) as Array<{
			name: string;
			credentials?: Array<{ name: string }>;
			usableAsTool?: boolean;
		}>;
		const node = types.find((t) => t.name === 'n8n-nodes-blueshift.blueshift');
		expect(node).toBeDefined();
		expect(node?.credentials?.map((c) => c.name)).toEqual(['blueshiftApi']);
		const credentials = (await (
			await fetch(`${editor.url}/types/credentials.json`, { headers: { cookie } })
		).json()) as Array<{ name: string }>;
		expect(credentials.map((c) => c.name)).toContain('blueshiftApi');
	});

	it('reports a good key as working, through the credential test request', async () => {
		const result = await testCredential(KEY);
		expect(result.status).toBe('OK');
		expect(emulator.received('/api/v1/subscription_groups/index_lite')).toHaveLength(1);
	});

	it('reports a bad key as failing', async () => {
		const result = await testCredential('wrong-key');
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain('wrong-key');
	});
});
