'use strict';
/**
 * n8n's verification scan, run locally: @n8n/scan-community-package's own `analyzePackage` on the
 * two things n8n's reviewers lint, with its own rule set and `allowInlineConfig: false` (an
 * eslint-disable comment does not count there, so it does not count here):
 *
 *   1. the source leg: the files the scanner fetches from the repository named by the package's
 *      npm provenance (`SOURCE_FILE_PATTERNS`: package.json and {nodes,credentials}/**), here the
 *      work tree;
 *   2. the tarball leg: the `.js` files and package.json of the tarball `npm pack` makes from the
 *      built package (run `npm run build` first; `npm run test:scan` does).
 *
 *   node scripts/scan.js                     both legs on this repository
 *   node scripts/scan.js --source <dir>      the source leg only, on <dir>
 *   node scripts/scan.js --package <dir>     the tarball leg only, on an unpacked package in <dir>
 *
 * Exits 1 when either leg has an error, when a leg finds nothing to lint, or when the scanner's
 * parser would run on a TypeScript it cannot parse with.
 */
// eslint-plugin-n8n-nodes-base treats every file as "Test.node.ts", a trigger node, under
// NODE_ENV=test (jest sets it): the scan must see the real file names, as n8n's scan does.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const SCANNER_PKG = path.dirname(
	require.resolve('@n8n/scan-community-package/package.json', { paths: [ROOT] }),
);
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/**
 * The scanner pins typescript 7, with which @typescript-eslint's parser cannot parse; what the
 * parser it loads resolves must be typescript 5.x (the lock file hoists 5.9.3 beside it).
 */
function checkParserTypescript() {
	const parser = require.resolve('@typescript-eslint/parser', {
		paths: [path.join(SCANNER_PKG, 'scanner')],
	});
	const estree = require.resolve('@typescript-eslint/typescript-estree', { paths: [parser] });
	const ts = require.resolve('typescript/package.json', { paths: [estree] });
	const { version } = JSON.parse(fs.readFileSync(ts, 'utf8'));
	if (!version.startsWith('5.')) {
		throw new Error(
			`the scanner's parser resolves typescript ${version} (${ts}); it needs 5.x: keep typescript 5 in devDependencies and run npm ci`,
		);
	}
	return version;
}

/** The summary line of eslint's stylish formatter: "✖ 3 problems (2 errors, 1 warning)". */
function countProblems(details) {
	const match = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(details ?? '');
	return match ? { errors: Number(match[2]), warnings: Number(match[3]) } : undefined;
}

/** One leg: the scanner's analyzePackage on `dir` with `patterns`, and the files it covered. */
async function runLeg(name, dir, patterns) {
	const scanner = await import(path.join(SCANNER_PKG, 'scanner', 'scanner.mjs'));
	const { default: glob } = await import(require.resolve('fast-glob', { paths: [SCANNER_PKG] }));
	const files = glob.sync(patterns, {
		cwd: dir,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const result =
		files.length === 0
			? { passed: false, message: `no files matching ${patterns.join(', ')} in ${dir}` }
			: await scanner.analyzePackage(dir, patterns);
	const counts = countProblems(result.details);
	const verdict = result.passed
		? 'passed'
		: `FAILED: ${counts ? `${counts.errors} error(s), ${counts.warnings} warning(s)` : result.message}`;
	console.log(`${name}: ${files.length} file(s) in ${dir} ... ${verdict}`);
	if (!result.passed && result.details) console.log(result.details);
	return { ...result, files };
}

/** `npm pack` of the repository into a fresh temporary folder, unpacked as the scanner does. */
function packAndExtract() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		if (!fs.existsSync(path.join(ROOT, file)))
			throw new Error(`${file} is missing: run npm run build first`);
	}
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blueshift-scan-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(out);
	const dir = path.join(tmp, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', [
		'-xzf',
		path.join(tmp, path.basename(filename)),
		'-C',
		dir,
		'--strip-components=1',
	]);
	return { tmp, dir, tarball: path.basename(filename) };
}

async function main(argv) {
	const typescript = checkParserTypescript();
	const { version } = JSON.parse(fs.readFileSync(path.join(SCANNER_PKG, 'package.json'), 'utf8'));
	console.log(
		`n8n's community package scanner (@n8n/scan-community-package ${version}, parser on typescript ${typescript})`,
	);
	const { SOURCE_FILE_PATTERNS } = await import(path.join(SCANNER_PKG, 'scanner', 'scanner.mjs'));
	const option = (flag) => {
		const at = argv.indexOf(flag);
		return at === -1 ? undefined : path.resolve(argv[at + 1]);
	};
	const source = option('--source');
	const unpacked = option('--package');
	const legs = [];
	if (source || !unpacked)
		legs.push(await runLeg('source leg', source ?? ROOT, SOURCE_FILE_PATTERNS));
	if (unpacked) {
		legs.push(await runLeg('tarball leg', unpacked, TARBALL_FILE_PATTERNS));
	} else if (!source) {
		const packed = packAndExtract();
		try {
			legs.push(await runLeg(`tarball leg (${packed.tarball})`, packed.dir, TARBALL_FILE_PATTERNS));
		} finally {
			fs.rmSync(packed.tmp, { recursive: true, force: true });
		}
	}
	const failed = legs.filter((leg) => !leg.passed).length;
	console.log(
		failed === 0 ? 'The scan passes.' : `The scan fails: ${failed} of ${legs.length} leg(s).`,
	);
	return failed === 0;
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(passed) => process.exit(passed ? 0 : 1),
		(error) => {
			console.error(`scan: ${error.message}`);
			process.exit(1);
		},
	);
}

module.exports = { countProblems };
