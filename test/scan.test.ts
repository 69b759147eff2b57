import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * scripts/scan.js runs n8n's own scanner (@n8n/scan-community-package's analyzePackage). These
 * tests show the gate can fail, on the rules and the way n8n's reviewers run them: a rule break
 * fails it even under an eslint-disable comment, and a clean package passes. `npm test` runs the
 * real scan on this repository and on its packed tarball (`npm run scan`).
 */
const root = path.join(__dirname, '..');
const scan = (...args: string[]) => {
	const result = spawnSync(process.execPath, [path.join(root, 'scripts/scan.js'), ...args], {
		encoding: 'utf8',
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n';
const nodeSource = (
	body: string,
) => `import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export class Demo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Demo',
		name: 'demo',
		icon: { light: 'file:demo.svg', dark: 'file:demo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Consume the Demo API',
		defaults: { name: 'Demo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
${body}
		return [this.getInputData()];
	}
}
`;

/** This repository's package.json, declaring one node "Demo" and no credential. */
const packageJson = (change: (pkg: Record<string, any>) => void = () => {}) => {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	pkg.n8n.nodes = ['dist/nodes/Demo/Demo.node.js'];
	pkg.n8n.credentials = [];
	change(pkg);
	return JSON.stringify(pkg, null, 2);
};

let dir: string;
const write = (file: string, text: string) => {
	mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
	writeFileSync(path.join(dir, file), text);
};

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'blueshift-scan-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the source leg (the repository files n8n's scanner fetches)", () => {
	const sourcePackage = (body: string) => {
		write('package.json', packageJson());
		write('nodes/Demo/Demo.node.ts', nodeSource(body));
		write('nodes/Demo/demo.svg', ICON);
		write('nodes/Demo/demo.dark.svg', ICON);
	};

	it('passes a node that keeps the rules', () => {
		sourcePackage('');
		const { status, output } = scan('--source', dir);
		expect(output).toContain('source leg: 2 file(s)');
		expect(output).toContain('The scan passes.');
		expect(status).toBe(0);
	});

	it('fails on a rule break even under an eslint-disable comment', () => {
		sourcePackage("\t\t// eslint-disable-next-line no-console\n\t\tconsole.log('debug');");
		const { status, output } = scan('--source', dir);
		expect(output).toMatch(/Unexpected console statement\s+no-console/);
		expect(output).toContain('FAILED: 1 error(s)');
		expect(status).toBe(1);
	});

	it('fails on a package.json with runtime dependencies', () => {
		sourcePackage('');
		write(
			'package.json',
			packageJson((pkg) => (pkg.dependencies = { axios: '1.0.0' })),
		);
		const { status, output } = scan('--source', dir);
		expect(output).toContain('@n8n/community-nodes/no-runtime-dependencies');
		expect(status).toBe(1);
	});

	it('fails when it finds nothing to lint, rather than passing', () => {
		const { status, output } = scan('--source', dir);
		expect(output).toContain('no files matching');
		expect(status).toBe(1);
	});
});

describe('the tarball leg (the .js files and package.json of the packed package)', () => {
	it('passes compiled code that keeps the rules and fails code that uses what n8n Cloud forbids', () => {
		write('package.json', packageJson());
		write('dist/nodes/Demo/Demo.node.js', '"use strict";\nexports.run = () => 1;\n');
		expect(scan('--package', dir).status).toBe(0);

		write(
			'dist/nodes/Demo/Demo.node.js',
			'"use strict";\n/* eslint-disable */\nexports.run = () => setTimeout(() => {}, 1);\n',
		);
		const { status, output } = scan('--package', dir);
		expect(output).toContain('tarball leg: 2 file(s)');
		expect(output).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(status).toBe(1);
	});
});
