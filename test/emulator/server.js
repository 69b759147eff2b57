'use strict';
/**
 * A stand-in for Blueshift's customer API, built from the reference pages in shared/blueshift-api:
 * HTTP Basic auth with the User API key as user name, POST /api/v1/customers, /customers/bulk
 * (at most 50 per call, 413 beyond; records without an identifier come back in a 200 answer's
 * `errors`), /customers/unforget, GET /api/v1/subscription_groups/index_lite, the documented error
 * shapes, and the documented rate recommendations enforced as limits (429 beyond).
 *
 * It records every request it receives and can be told to inject faults: scripted answers for the
 * next calls to a path, random faults at set rates from a seeded generator, latency, and records to
 * reject inside bulk answers. The tests, the demo and the benchmarks all use it.
 */
const http = require('node:http');

const EMAIL_MAX = 64;
/** Blueshift documents 1 MB as the most one payload may hold. */
const MAX_PAYLOAD_BYTES = 1_000_000;
const E164 = /^\+[1-9]\d{4,12}$/;

/** As list-subscription-groups-lite.md documents them: a slug id, Blueshift's uuid, an editable label. */
const DEFAULT_GROUPS = [
	{
		subscription_group_id: 'newsletter',
		uuid: '5d0c7e21-8a43-4f6b-9e2d-1c7a9b3f0e55',
		subscription_group_label: 'Newsletter',
	},
	{
		subscription_group_id: 'weekly_promo',
		uuid: 'c81f2a90-3b7e-4d15-a6c4-7f02e9d1b833',
		subscription_group_label: 'Weekly promo',
	},
	{
		subscription_group_id: 'product_updates',
		uuid: '0a6e4d3b-2f1c-4e8a-9b7d-5c3f1e2a4b6d',
		subscription_group_label: 'Product updates',
	},
];

/** mulberry32: a small seeded generator, so fault runs repeat exactly for a seed. */
function seeded(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const MESSAGES = {
	401: { message: 'Not authorized' },
	403: { message: 'Permission denied' },
	404: { message: 'Resource not found' },
	409: { message: 'Conflict error, please retry' },
	413: { message: 'You can upload maximum 50 users in one api call' },
	429: { message: 'Rate limit exceeded' },
	500: { message: 'Internal Server Error - Please contact support for more information.' },
	502: { message: 'Bad Gateway - Please retry the request.' },
	503: {
		message: 'Service Unavailable - The service is temporarily unavailable. Try again later.',
	},
	504: {
		message:
			'Gateway Timeout - The server took too long to respond. Retry with exponential backoff.',
	},
};

/** Field errors Blueshift would give for one customer record, in its `{ field: [messages] }` shape. */
function recordErrors(record) {
	const errors = {};
	const has = (v) => v !== undefined && v !== null && v !== '';
	if (!record || typeof record !== 'object' || Array.isArray(record)) {
		return { user_identifier_missing: ['No valid identifier found'] };
	}
	if (!has(record.email) && !has(record.customer_id)) {
		errors.user_identifier_missing = ['No valid identifier found'];
	}
	if (has(record.email) && String(record.email).length > EMAIL_MAX) {
		errors.email = [`is too long (maximum is ${EMAIL_MAX} characters)`];
	}
	if (has(record.phone_number) && !E164.test(String(record.phone_number))) {
		errors.phone_number = ['is invalid'];
	}
	return Object.keys(errors).length ? errors : undefined;
}

/** Route modules: each exports `register(emulator)` and adds its endpoints with `addRoute`. */
const ROUTE_MODULES = (() => {
	const fs = require('node:fs');
	const path = require('node:path');
	const dir = path.join(__dirname, 'routes');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.map((f) => require(path.join(dir, f)).register);
})();

class Emulator {
	/**
	 * @param {object} [options]
	 * @param {string[]} [options.keys] accepted User API keys
	 * @param {string[]} [options.readOnlyKeys] keys that authenticate but get 403 on writes
	 * @param {number} [options.latencyMs] added before every answer
	 * @param {{single:number,bulk:number}|false} [options.limits] calls per second per key (false: none)
	 * @param {object[]} [options.groups] subscription groups served by index_lite
	 * @param {number} [options.arrivalJitterMs] counts each call 0..J ms after it arrived (see
	 *   `countDelay`; default: the EMULATOR_ARRIVAL_JITTER_MS environment variable, else 0)
	 * @param {number} [options.arrivalJitterSeed] seeds those delays (default 1)
	 */
	constructor(options = {}) {
		this.keys = new Set(options.keys ?? ['test-key']);
		this.readOnlyKeys = new Set(options.readOnlyKeys ?? []);
		this.latencyMs = options.latencyMs ?? 0;
		this.limits = options.limits === undefined ? { single: 50, bulk: 5 } : options.limits;
		this.groups = options.groups ?? DEFAULT_GROUPS;
		this.arrivalJitterMs =
			options.arrivalJitterMs ?? Number(process.env.EMULATOR_ARRIVAL_JITTER_MS ?? 0);
		this.arrivalJitterSeed = options.arrivalJitterSeed ?? 1;
		this.routes = [];
		this.addRoute('GET', '/api/v1/subscription_groups/index_lite', () => ({
			status: 200,
			body: { subscription_groups: this.groups },
		}));
		this.addRoute('POST', '/api/v1/customers', (entry) => this.upsert(entry), { limit: 'single' });
		this.addRoute('POST', '/api/v1/customers/bulk', (entry) => this.bulk(entry), { limit: 'bulk' });
		// no rate is documented for unforget; it is counted with the single customer calls
		this.addRoute('POST', '/api/v1/customers/unforget', (entry) => this.unforget(entry), {
			limit: 'single',
		});
		for (const register of ROUTE_MODULES) register(this);
		this.reset();
	}

	/** Forgets what was received and stored, and every scripted or random fault. */
	reset() {
		this.requests = [];
		this.customers = new Map();
		this.stored = [];
		this.scripts = [];
		this.rejects = new Map();
		this.faults = undefined;
		this.windows = new Map();
		this.jitter = seeded(this.arrivalJitterSeed);
		this.counts = { total: 0, byStatus: {} };
		this.open = 0;
		this.peakOpen = 0;
		this.onRequest = undefined;
		// route modules keep their own state; they reset it here (see onReset)
		for (const hook of this.resetHooks ?? []) hook(this);
	}

	/** A route module's state reset, run now and on every reset(). */
	onReset(hook) {
		(this.resetHooks ??= []).push(hook);
		hook(this);
		return this;
	}

	/** The next answers to requests whose path ends with `path`, in order, before normal handling. */
	script(path, answers) {
		for (const answer of answers) this.scripts.push({ path, answer });
		return this;
	}

	/**
	 * Records with this email or customer_id are refused as Blueshift refuses an invalid record: a
	 * 400 `{ errors }` for a single create/update, an entry of a 200 answer's `errors` in bulk.
	 */
	reject(identifier, errorData = { email: ['is invalid'] }) {
		this.rejects.set(String(identifier), errorData);
		return this;
	}

	rejectionOf(record) {
		if (!record || typeof record !== 'object') return undefined;
		return this.rejects.get(String(record.email)) ?? this.rejects.get(String(record.customer_id));
	}

	/**
	 * Random faults from a seeded generator: `rates` maps a status (429, 404, 409, 500, 502, 503,
	 * 504) or `reset`, `slow`, `malformed`, `truncated` to a probability per request.
	 */
	randomFaults(seed, rates, slowMs = 60_000) {
		this.faults = { random: seeded(seed), rates, slowMs };
		return this;
	}

	async start(port = 0) {
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
		this.sockets = new Set();
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `http://127.0.0.1:${this.port}`;
		return this;
	}

	async stop() {
		if (!this.server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(resolve));
		this.server = undefined;
	}

	/** Requests received for a path (ending with it), optionally only those answered with `status`. */
	received(path, status) {
		return this.requests.filter(
			(r) => r.path.endsWith(path) && (status === undefined || r.status === status),
		);
	}

	handle(req, res) {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			this.open++;
			this.peakOpen = Math.max(this.peakOpen, this.open);
			res.on('close', () => this.open--);
			const raw = Buffer.concat(chunks).toString('utf8');
			const entry = {
				at: Date.now(),
				method: req.method,
				path: (req.url ?? '').split('?')[0],
				query: Object.fromEntries(new URL(req.url ?? '/', 'http://emulator').searchParams),
				authorization: req.headers.authorization,
				user: this.userOf(req.headers.authorization),
				raw,
				body: undefined,
				status: undefined,
			};
			try {
				entry.body = raw ? JSON.parse(raw) : undefined;
			} catch {
				entry.body = raw;
			}
			this.requests.push(entry);
			// a test's hook sees each request as it arrives, before it is answered (in the same tick)
			this.onRequest?.(entry);
			const decide = () => {
				entry.countedAt = Date.now();
				const answer = this.answer(entry);
				const delay = (answer.delayMs ?? 0) + this.latencyMs;
				const send = () => this.send(res, entry, answer);
				if (delay > 0) setTimeout(send, delay);
				else send();
			};
			const late = this.countDelay();
			if (late > 0) setTimeout(decide, late);
			else decide();
		});
	}

	send(res, entry, answer) {
		entry.status = answer.reset ? 'reset' : answer.status;
		this.counts.total++;
		this.counts.byStatus[entry.status] = (this.counts.byStatus[entry.status] ?? 0) + 1;
		if (answer.reset) {
			res.socket?.destroy();
			return;
		}
		if (res.destroyed || res.socket?.destroyed) return;
		const payload = answer.raw ?? JSON.stringify(answer.body ?? {});
		res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
		res.end(payload);
	}

	userOf(header) {
		const match = /^Basic\s+(.+)$/i.exec(header ?? '');
		if (!match) return undefined;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		return colon < 0
			? { user: decoded, password: undefined }
			: {
					user: decoded.slice(0, colon),
					password: decoded.slice(colon + 1),
				};
	}

	/** Decides the answer to one request; every branch follows a reference page. */
	answer(entry) {
		const { method, path } = entry;
		const auth = entry.user;
		if (!auth || !this.keys.has(auth.user) || auth.password !== '') {
			return { status: 401, body: MESSAGES[401] };
		}
		const scripted = entry.skipFaults ? -1 : this.scripts.findIndex((s) => path.endsWith(s.path));
		if (scripted >= 0) {
			const [{ answer }] = this.scripts.splice(scripted, 1);
			return this.expand(answer, entry);
		}
		const random = entry.skipFaults ? undefined : this.randomFault();
		if (random) return this.expand(random, entry);

		const found = this.route(method, path);
		if (!found) return { status: 404, body: { message: 'Not found' } };
		const { route, params } = found;
		if (method !== 'GET' && this.readOnlyKeys.has(auth.user))
			return { status: 403, body: MESSAGES[403] };
		if (Buffer.byteLength(entry.raw, 'utf8') > MAX_PAYLOAD_BYTES) {
			return { status: 413, body: { message: 'Request entity too large' } };
		}
		if (
			route.body !== false &&
			(typeof entry.body !== 'object' || entry.body === null || Array.isArray(entry.body))
		) {
			return { status: 400, body: { errors: { body: ['must be a JSON object'] } } };
		}
		if (route.limit) {
			const limited = this.rateLimited(auth.user, route.limit);
			if (limited) return limited;
		}
		return route.handle(entry, params, this);
	}

	/**
	 * Adds an endpoint: `pattern` is a path with `:name` segments, `limit` the rate class it counts
	 * against (a key of `limits`; none where the pages document no limit), `body: false` for calls
	 * without a JSON body. Route modules in test/emulator/routes register theirs this way.
	 */
	addRoute(method, pattern, handle, { limit, body } = {}) {
		const names = [];
		const regex = new RegExp(
			`^${pattern.replace(/:(\w+)/g, (_, name) => (names.push(name), '([^/]+)'))}$`,
		);
		this.routes.push({ method, regex, names, handle, limit, body: body ?? method !== 'GET' });
		return this;
	}

	route(method, path) {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const match = route.regex.exec(path);
			if (!match) continue;
			const params = {};
			route.names.forEach((name, k) => (params[name] = decodeURIComponent(match[k + 1])));
			return { route, params };
		}
		return undefined;
	}

	expand(answer, entry) {
		const status = answer.status ?? 200;
		if (answer.passThrough) {
			// a fault that still stores: the answer is lost after the record was saved
			const real = this.answer({ ...entry, skipFaults: true });
			return { ...answer, status: real.status, body: real.body };
		}
		return { body: MESSAGES[status] ?? {}, ...answer, status };
	}

	randomFault() {
		if (!this.faults) return undefined;
		const { random, rates, slowMs } = this.faults;
		const roll = random();
		let acc = 0;
		for (const [kind, rate] of Object.entries(rates)) {
			acc += rate;
			if (roll >= acc) continue;
			if (kind === 'reset') return { reset: true };
			if (kind === 'slow') return { status: 503, delayMs: slowMs };
			if (kind === 'malformed') return { status: 200, raw: '{"customers": [' };
			if (kind === 'truncated') return { status: 200, raw: '{"errors": [], "custo' };
			return { status: Number(kind) };
		}
		return undefined;
	}

	/**
	 * How long after its arrival a call is counted (and then answered, `latencyMs` later): uniform
	 * 0..`arrivalJitterMs`, from a seeded generator (reset() starts it again). The pages say nothing
	 * of when Blueshift counts a call against its rate: at its arrival, or after a queue, a load
	 * balancer or a timer. Calls that cross a real network also arrive later than they left by a
	 * varying few to tens of milliseconds. A delay before counting stands for both; the round trip
	 * carries it, as it would. The bench sets it (`--jitter`); 0 by default: counted on arrival.
	 */
	countDelay() {
		if (!(this.arrivalJitterMs > 0)) return 0;
		return Math.round(this.jitter() * this.arrivalJitterMs);
	}

	/**
	 * Sliding one-second window per key and class; only accepted calls count. The pages give a
	 * recommendation ("limiting bulk calls to 5 per second", 50 for single calls), not how Blueshift
	 * counts: a sliding second is this emulator's choice, and so is leaving refused calls out of it,
	 * and counting a call when it is decided (see `countDelay`). A fixed second, or a token bucket
	 * that holds a second's calls, takes whatever a sliding second takes; the node's simulation
	 * (test/pacing) also runs where refused calls count. A server that wanted calls evenly spaced
	 * (one every 200 ms) would refuse the node's early-filled windows: see docs/throughput.md.
	 */
	rateLimited(user, kind) {
		if (!this.limits) return undefined;
		const limit = this.limits[kind];
		const key = `${user}:${kind}`;
		const now = Date.now();
		const window = (this.windows.get(key) ?? []).filter((t) => t > now - 1000);
		if (window.length >= limit) {
			this.windows.set(key, window);
			return { status: 429, body: MESSAGES[429] };
		}
		window.push(now);
		this.windows.set(key, window);
		return undefined;
	}

	store(record) {
		const key = record.email ? `email:${record.email}` : `customer_id:${record.customer_id}`;
		const previous = this.customers.get(key) ?? {};
		const customer = {
			uuid: previous.uuid ?? require('node:crypto').randomUUID(),
			created_at: previous.created_at ?? new Date().toISOString(),
			...previous,
			...record,
		};
		if (customer.email) customer.email_domain = String(customer.email).split('@')[1];
		this.customers.set(key, customer);
		this.stored.push(record);
		return customer;
	}

	upsert(entry) {
		const record = entry.body;
		const errors = this.rejectionOf(record) ?? recordErrors(record);
		if (errors) return { status: 400, body: { errors } };
		return { status: 200, body: { customer: this.store(record) } };
	}

	bulk(entry) {
		const { customers } = entry.body;
		if (!Array.isArray(customers)) {
			return { status: 400, body: { errors: { customers: ["can't be blank"] } } };
		}
		if (customers.length > 50) return { status: 413, body: MESSAGES[413] };
		const failed = [];
		const errors = [];
		for (const record of customers) {
			const recordErrorsFound = this.rejectionOf(record) ?? recordErrors(record);
			if (recordErrorsFound) {
				failed.push({ ...record, customer_id: record?.customer_id ?? null });
				errors.push({ status: 400, error_data: recordErrorsFound });
			} else {
				this.store(record);
			}
		}
		return { status: 200, body: { customers: failed, errors } };
	}

	unforget(entry) {
		const { email, customer_id: customerId } = entry.body;
		if (!email && !customerId) {
			return {
				status: 400,
				body: { errors: { user_identifier_missing: ['No valid identifier found'] } },
			};
		}
		return { status: 200, body: { status: 'ok' } };
	}
}

module.exports = { Emulator, DEFAULT_GROUPS, seeded, MAX_PAYLOAD_BYTES };

if (require.main === module) {
	const port = Number(process.argv[2] ?? 0);
	new Emulator({ keys: (process.env.EMULATOR_KEYS ?? 'test-key').split(',') })
		.start(port)
		.then((emu) => console.log(`Blueshift emulator listening on ${emu.url}`));
}
