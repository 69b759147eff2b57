import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What n8n loads from the package: the paths in package.json, the codex, and the runtime imports. */
const root = path.join(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const filesUnder = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});

describe('the package as n8n loads it', () => {
	it('declares node and credential files that the build produces', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(existsSync(path.join(root, file))).toBe(true);
		}
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.keywords).toContain('n8n-community-node-package');
	});

	it('has no runtime dependencies and n8n-workflow as its only peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('imports at run time only what the n8n host provides', () => {
		// what n8n's scan allows (no-restricted-imports) and every n8n host has
		const allowed = new Set([
			'n8n-workflow',
			'zod',
			'crypto',
			'node:crypto',
			'lodash',
			'luxon',
			'moment',
			'p-limit',
		]);
		const imports = filesUnder(path.join(root, 'dist'))
			.filter((file) => file.endsWith('.js'))
			.flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]),
			);
		const foreign = imports.filter((name) => !name.startsWith('.') && !allowed.has(name));
		expect(foreign).toEqual([]);
		expect(imports).toContain('zod');
	});

	it('ships the icons next to the node and a codex with categories n8n knows', () => {
		const dir = path.join(root, 'dist/nodes/Blueshift');
		expect(existsSync(path.join(dir, 'blueshift.svg'))).toBe(true);
		expect(existsSync(path.join(dir, 'blueshift.dark.svg'))).toBe(true);
		const codex = JSON.parse(readFileSync(path.join(dir, 'Blueshift.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-blueshift.blueshift');
		// the categories n8n-nodes-base's own codex files use (1.82 to 2.40); "Marketing & Content" is none of them
		const known = [
			'Data & Storage',
			'Finance & Accounting',
			'Marketing',
			'Productivity',
			'Miscellaneous',
			'Sales',
			'Development',
			'Analytics',
			'Communication',
			'Utility',
		];
		for (const category of codex.categories) expect(known).toContain(category);
	});

	it('is a publishable package: its repository for the provenance statement, no entry point that does not exist', () => {
		// npm provenance names the repository the scanner fetches the source from; npm checks that
		// it matches the repository field
		expect(pkg.repository).toEqual({
			type: 'git',
			url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/n8n-nodes-blueshift\.git$/),
		});
		const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
		expect(pkg.homepage).toBe(`${repo}#readme`);
		expect(pkg.bugs).toEqual({ url: `${repo}/issues` });
		if (pkg.main !== undefined) expect(existsSync(path.join(root, pkg.main))).toBe(true);
		expect(pkg.license).toBe('MIT');
		// a publish without a provenance statement (from a laptop) fails instead of going out unverifiable
		expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
	});

	it('asks for the Node it is built and tested on (20.15 or later; n8n hosts run Node 20 to 24)', () => {
		expect(pkg.engines).toEqual({ node: '>=20.15' });
		const [major, minor] = process.versions.node.split('.').map(Number);
		expect(major > 20 || (major === 20 && minor >= 15)).toBe(true);
	});

	it('runs the example workflow in seconds with npm run demo, every item accounted for', () => {
		const demo = spawnSync(process.execPath, [path.join(root, 'scripts/demo.js')], {
			encoding: 'utf8',
			timeout: 60_000,
		});
		expect(demo.stderr).toBe('');
		expect(demo.status).toBe(0);
		expect(demo.stdout).toMatch(/== Bulk Upsert \(bulkUpsert\): 120 item\(s\) in/);
		expect(demo.stdout).toMatch(/✗ item 42 \(customer42@example.com\): Blueshift refused/);
		expect(demo.stdout).toContain('The API key appears in the run data: no.');
		expect(demo.stdout).not.toContain('demo-user-api-key');
		expect(demo.stdout).not.toMatch(/reached neither output/);
	});

	it('targets ES2022, which Node 20 runs', () => {
		const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
		expect(tsconfig.compilerOptions.target.toLowerCase()).toBe('es2022');
	});
});
