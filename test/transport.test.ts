import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { API_KEY, BASIC, credentialsFor, FAST, run, useEmulator } from './support/fixtures';
import { loadOptions, runWorkflow } from './support/harness';

/**
 * The transport (nodes/shared/transport) through whole workflows in-process over real HTTP
 * against the emulator: which statuses are retried and what the error then says, Retry-After, what
 * never appears in an error, the clear-text warning, and one rate per account for executions that
 * run at once. The node is the one built in dist/, so its clock is swapped there.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pacer = require(
	path.join(__dirname, '..', 'dist', 'nodes', 'shared', 'pacing', 'index.js'),
) as typeof import('../nodes/shared/pacing');

const upsert = (options: Record<string, unknown> = FAST) => ({
	operation: 'upsert',
	dataMode: 'defineBelow',
	email: '={{ $json.email }}',
	options,
});

/** A clock that jumps instead of waiting, and remembers every wait it was asked for. */
function jumpingClock() {
	const waits: number[] = [];
	let offset = 0;
	const clock = {
		now: () => Date.now() + offset,
		sleep: async (ms: number) => {
			waits.push(ms);
			offset += Math.max(0, ms);
			await new Promise((resolve) => setImmediate(resolve));
		},
	};
	return { clock, waits };
}

describe('transport', () => {
	const emulator = useEmulator();
	afterEach(() => pacer.useClock());

	describe('what is retried, and what the error says', () => {
		it.each([501, 505, 507])(
			'does not retry %i, and does not say "retry later"',
			async (status) => {
				emulator.script('/api/v1/customers', [{ status }]);
				const result = await run(emulator, upsert(), [{ email: 'a@example.com' }]);
				expect(emulator.requests).toHaveLength(1);
				expect(result.errors).toHaveLength(1);
				expect(result.errors[0].json.error).toMatch(
					new RegExp(`^Blueshift had a server error \\(${status}`),
				);
				expect(result.errors[0].json.error).not.toMatch(/retry later/);
				expect(result.errors[0].json.message).toMatch(/not retried/);
			},
		);

		it('says "retry later" of a status it did retry, with the attempts', async () => {
			emulator.script('/api/v1/customers', [{ status: 502 }, { status: 502 }]);
			const result = await run(emulator, upsert({ retryDelay: 1, maxRetries: 1 }), [
				{ email: 'a@example.com' },
			]);
			expect(emulator.requests).toHaveLength(2);
			expect(result.errors[0].json.error).toMatch(
				/^Blueshift asked to retry later \(502: .*\) \(after 2 attempts\)$/,
			);
		});

		it('retries 404 only where the call says so: a read (the group picker) takes the 404 as an answer', async () => {
			emulator.script('/api/v1/subscription_groups/index_lite', [{ status: 404 }]);
			await expect(loadOptions('getSubscriptionGroups', credentialsFor(emulator))).rejects.toThrow(
				/Blueshift rejected the request \(404/,
			);
			expect(emulator.requests).toHaveLength(1);
		});
	});

	describe("options an expression sets outside the fields' bounds", () => {
		it("a rate near 0 is held to the field's minimum (0.1/s): no wait longer than its 10 s window", async () => {
			const { clock, waits } = jumpingClock();
			pacer.useClock(clock);
			const result = await run(emulator, upsert({ ...FAST, callsPerSecond: 1e-9 }), [
				{ email: 'a@example.com' },
				{ email: 'b@example.com' },
			]);
			expect(result.success).toHaveLength(2);
			expect(Math.max(...waits)).toBeLessThanOrEqual(10_005);
		});

		it('Max Retries above 10 retries 10 times', async () => {
			const { clock } = jumpingClock();
			pacer.useClock(clock);
			emulator.script(
				'/api/v1/customers',
				Array.from({ length: 12 }, () => ({ status: 503 })),
			);
			const result = await run(emulator, upsert({ retryDelay: 1, maxRetries: 1000 }), [
				{ email: 'a@example.com' },
			]);
			expect(result.errors).toHaveLength(1);
			expect(emulator.requests).toHaveLength(11);
		});
	});

	describe("the pacer's clock", () => {
		it('does not go back with the wall clock: calls go on when the system time is set back an hour', async () => {
			const shared = pacer.accountPacer('clock-test', 'not-a-real-fingerprint');
			const lease = shared.join(5);
			for (let i = 0; i < 5; i++) shared.settle((await shared.acquire(lease))!, 'ok');
			const hourAgo = Date.now() - 3_600_000;
			const spy = jest.spyOn(Date, 'now').mockImplementation(() => hourAgo);
			try {
				// with the wall clock, every recent start would lie an hour ahead: this would wait an hour
				const ticket = await shared.acquire(lease);
				expect(ticket).toBeDefined();
				shared.settle(ticket!, 'ok');
			} finally {
				spy.mockRestore();
			}
		});
	});

	describe('the credential', () => {
		it('is loaded once per execution, not once per call or retry, and still authenticates every call', async () => {
			emulator.script('/api/v1/customers', [{ status: 502 }]);
			const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
			const result = await run(
				emulator,
				upsert({ retryDelay: 1, maxRetries: 1 }),
				emails.map((email) => ({ email })),
			);
			expect(result.success).toHaveLength(4);
			// four items, one retried: five calls, each with the key (the emulator refuses a call without it)
			expect(emulator.requests.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 502]);
			expect(result.credentialLoads).toBe(1);
		});
	});

	describe('where a retry queues', () => {
		/** Three items, the first call answered `status` once: the calls in the order they reached the emulator. */
		async function order(status: number, callsPerSecond: number) {
			emulator.script('/api/v1/customers', [{ status }]);
			const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
			const result = await run(
				emulator,
				upsert({ retryDelay: 1, maxRetries: 3, callsPerSecond }),
				emails.map((email) => ({ email })),
			);
			expect(result.success).toHaveLength(3);
			return emulator.requests.map(
				(r) => `${String(r.body?.email).slice(0, 1)} ${String(r.status)}`,
			);
		}

		it('after a 429, behind the calls already waiting: at the head, it lands in the same full window', async () => {
			// at 2 calls/s the first call's answer comes back long before the next slot (queue mode: a
			// call at the head drew 9 429s in a row, to the error branch)
			expect(await order(429, 2)).toEqual(['a 429', 'b 200', 'c 200', 'a 200']);
		});

		it('after a 503, before the calls waiting: a call once started finishes', async () => {
			// at 1 call/s: the next slot is a second away, whatever the machine's load
			expect(await order(503, 1)).toEqual(['a 503', 'a 200', 'b 200', 'c 200']);
		});
	});

	describe('Retry-After', () => {
		it('waits what a proxy asks (1 s) before the retry', async () => {
			const { clock, waits } = jumpingClock();
			pacer.useClock(clock);
			emulator.script('/api/v1/customers', [{ status: 429, headers: { 'retry-after': '1' } }]);
			const result = await run(emulator, upsert({ retryDelay: 1, maxRetries: 1 }), [
				{ email: 'a@example.com' },
			]);
			expect(result.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
			expect(waits).toContain(1000);
		});

		it('waits what a proxy asks, but never longer than 60 s', async () => {
			const { clock, waits } = jumpingClock();
			pacer.useClock(clock);
			emulator.script('/api/v1/customers', [{ status: 429, headers: { 'retry-after': '3600' } }]);
			const result = await run(emulator, upsert({ retryDelay: 1, maxRetries: 1 }), [
				{ email: 'a@example.com' },
			]);
			expect(result.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
			expect(Math.max(...waits)).toBe(60_000);
		});

		it('reads an HTTP date too, capped the same way', async () => {
			const { clock, waits } = jumpingClock();
			pacer.useClock(clock);
			const inADay = new Date(Date.now() + 86_400_000).toUTCString();
			emulator.script('/api/v1/customers', [{ status: 503, headers: { 'retry-after': inADay } }]);
			const result = await run(emulator, upsert({ retryDelay: 1, maxRetries: 1 }), [
				{ email: 'a@example.com' },
			]);
			expect(result.success).toHaveLength(1);
			expect(Math.max(...waits)).toBe(60_000);
		});
	});

	describe('what never appears in an error', () => {
		it('a Base URL that is not http(s) is refused without repeating it (it may hold a password or a key)', async () => {
			for (const baseUrl of [
				`ftp://admin:s3cr3t-pass@proxy.example.com/?key=${API_KEY}`,
				`proxy.example.com/${API_KEY}`,
			]) {
				const result = await runWorkflow({
					credentials: { region: 'custom', baseUrl, apiKey: API_KEY },
					parameters: { resource: 'customer', ...upsert() },
					items: [{ email: 'a@example.com' }],
				});
				const text =
					JSON.stringify(result.errors.map((e) => e.json)) + String(result.error?.message ?? '');
				expect(text).toMatch(/Base URL must start with http:\/\/ or https:\/\//);
				expect(text).not.toContain('s3cr3t-pass');
				expect(text).not.toContain('admin');
				expect(text).not.toContain(API_KEY);
				expect(text).not.toContain('proxy.example.com');
			}
		});

		it('a short key that matches inside an escape sequence of the answer does not break reading it', async () => {
			// redacting the answer's JSON text would turn "\u0001" into "\u[redacted]", which no longer parses
			emulator.script('/api/v1/customers', [
				{ status: 400, body: { message: 'bad byte \u0001 in name, key 0001' } },
			]);
			const result = await runWorkflow({
				credentials: { ...credentialsFor(emulator), eventApiKey: '0001' },
				parameters: { resource: 'customer', ...upsert() },
				items: [{ email: 'a@example.com' }],
			});
			expect(result.error).toBeUndefined();
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json.error).toBe(
				'Blueshift rejected the request (400: bad byte \u0001 in name, key [redacted])',
			);
		});

		it('the Event API key and its Basic form are removed as well as the User API key', async () => {
			const eventApiKey = 'event-key-7c41d2b9';
			const eventBasic = Buffer.from(`${eventApiKey}:`).toString('base64');
			emulator.script('/api/v1/customers', [
				{
					status: 400,
					body: {
						message: `keys ${API_KEY} and ${eventApiKey}`,
						errors: { auth: [`Basic ${eventBasic}`, `Basic ${BASIC}`] },
					},
				},
			]);
			const result = await runWorkflow({
				credentials: { ...credentialsFor(emulator), eventApiKey },
				parameters: { resource: 'customer', ...upsert() },
				items: [{ email: 'a@example.com' }],
			});
			expect(result.errors).toHaveLength(1);
			const text = JSON.stringify(result.errors);
			expect(text).toContain('[redacted]');
			for (const secret of [API_KEY, BASIC, eventApiKey, eventBasic])
				expect(text).not.toContain(secret);
		});

		it('an Event API key pasted with surrounding whitespace is removed in the trimmed form the credential sends', async () => {
			const eventApiKey = 'evt-key-5d1c9a2e';
			const trimmedBasic = Buffer.from(`${eventApiKey}:`).toString('base64');
			emulator.script('/api/v1/customers', [
				{ status: 400, body: { message: `saw ${eventApiKey} as Basic ${trimmedBasic}` } },
			]);
			const result = await runWorkflow({
				credentials: { ...credentialsFor(emulator), eventApiKey: `  ${eventApiKey}\n` },
				parameters: { resource: 'customer', ...upsert() },
				items: [{ email: 'a@example.com' }],
			});
			const text = JSON.stringify(result.errors);
			expect(text).toContain('[redacted]');
			for (const secret of [eventApiKey, trimmedBasic]) expect(text).not.toContain(secret);
		});

		it("the user name and password of the Base URL are removed from what the connection's failure says", async () => {
			const result = await runWorkflow({
				credentials: {
					region: 'custom',
					baseUrl: 'http://blueshift-user:pw-9f8e7d6c@127.0.0.1:9',
					apiKey: API_KEY,
				},
				parameters: { resource: 'customer', ...upsert({ retryDelay: 1, maxRetries: 0 }) },
				items: [{ email: 'a@example.com' }],
			});
			expect(result.errors).toHaveLength(1);
			const text = JSON.stringify(result);
			expect(text).not.toContain('pw-9f8e7d6c');
		});
	});

	describe('a User API key pasted with whitespace', () => {
		it('is sent trimmed, paced as the trimmed key, and its untrimmed form is redacted', async () => {
			pacer.useClock(); // the real clock, and no pacer left from earlier tests
			const padded = `  ${API_KEY}\n`;
			emulator.script('/api/v1/customers', [
				{ status: 400, body: { message: `saw ${padded} and ${API_KEY}` } },
			]);
			const [first, second] = [
				await run(emulator, upsert(), [{ email: 'a@example.com' }], 'continueErrorOutput', padded),
				await run(emulator, upsert(), [{ email: 'b@example.com' }], 'continueErrorOutput', API_KEY),
			];
			expect(first.errors).toHaveLength(1);
			expect(JSON.stringify(first.errors)).not.toContain(API_KEY);
			expect(second.success).toHaveLength(1);
			expect(emulator.requests.map((r) => r.user?.user)).toEqual([API_KEY, API_KEY]);
			// one account, one pacer: the padding does not make it another
			expect(pacer.accountPacerCount()).toBe(1);
		});
	});

	describe('a Base URL with plain http:// to another host', () => {
		let proxy: net.Server;
		let port = 0;
		beforeAll(async () => {
			// the emulator listens on 127.0.0.1 only: a TCP relay on every interface lets the machine's
			// host name (a host other than localhost) reach it
			proxy = net.createServer((socket) => {
				const upstream = net.connect(emulator.port, '127.0.0.1');
				socket.pipe(upstream).pipe(socket);
				socket.on('error', () => upstream.destroy());
				upstream.on('error', () => socket.destroy());
			});
			await new Promise<void>((resolve) => proxy.listen(0, resolve));
			port = (proxy.address() as net.AddressInfo).port;
		});
		afterAll(async () => {
			await new Promise((resolve) => proxy.close(resolve));
		});

		const hintsOf = (result: Awaited<ReturnType<typeof runWorkflow>>) =>
			(
				result.run.data.resultData.runData.Blueshift?.[0] as {
					hints?: Array<{ message: string; type?: string }>;
				}
			)?.hints ?? [];

		it('still works (a test server on a private host), and warns that the key travels in clear text', async () => {
			const host = os.hostname();
			const result = await runWorkflow({
				credentials: { region: 'custom', baseUrl: `http://${host}:${port}`, apiKey: API_KEY },
				parameters: { resource: 'customer', ...upsert() },
				items: [{ email: 'a@example.com' }],
			});
			expect(result.errors).toHaveLength(0);
			expect(result.success).toHaveLength(1);
			const hints = hintsOf(result);
			expect(hints).toHaveLength(1);
			expect(hints[0]).toMatchObject({ type: 'warning' });
			expect(hints[0].message).toContain(`http://${host}:${port}`);
			expect(hints[0].message).toMatch(/API key travels unencrypted/);
			expect(hints[0].message).not.toContain(API_KEY);
		});

		it('does not warn for this machine (localhost, 127.0.0.0/8)', async () => {
			const result = await run(emulator, upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(1);
			expect(hintsOf(result)).toEqual([]);
		});
	});

	describe('one rate per account for executions at once', () => {
		it('three executions on one account share its rate: no 429 where each alone at its pace would overrun the limit together', async () => {
			// the account allows 20 calls/s; each execution is set to 10/s: three of them paced on their
			// own would send 30/s
			emulator.limits = { single: 20, bulk: 5 };
			pacer.useClock(); // the real clock, and no pacer left from earlier tests
			try {
				const runs = await Promise.all(
					['a', 'b', 'c'].map((name) =>
						run(
							emulator,
							upsert({ ...FAST, callsPerSecond: 10 }),
							Array.from({ length: 20 }, (_, i) => ({ email: `${name}${i}@example.com` })),
						),
					),
				);
				for (const result of runs) {
					expect(result.errors).toHaveLength(0);
					expect(result.success).toHaveLength(20);
				}
				expect(emulator.received('/api/v1/customers', 429)).toHaveLength(0);
				expect(emulator.stored).toHaveLength(60);
				expect(pacer.accountPacerCount()).toBe(1);
			} finally {
				emulator.limits = { single: 50, bulk: 5 };
			}
		});

		it('events are paced by the key they are sent with: credentials with one Event API key share its pacer', async () => {
			pacer.useClock(); // the real clock, and no pacer left from earlier tests
			const keys = emulator as unknown as { keys: Set<string> };
			const [userB, eventKey] = ['user-key-b-5e1f', 'event-key-shared-93ad'];
			keys.keys.add(userB);
			keys.keys.add(eventKey);
			const results = await Promise.all(
				[API_KEY, userB].map((apiKey) =>
					runWorkflow({
						credentials: { ...credentialsFor(emulator, apiKey), eventApiKey: eventKey },
						parameters: {
							resource: 'event',
							operation: 'send',
							dataMode: 'defineBelow',
							eventName: 'purchase',
							email: '={{ $json.email }}',
							options: FAST,
						},
						items: [{ email: `${apiKey.slice(0, 6)}@example.com` }],
					}),
				),
			);
			for (const result of results) expect(result.success).toHaveLength(1);
			expect(emulator.received('/api/v1/event').map((r) => r.user?.user)).toEqual([
				eventKey,
				eventKey,
			]);
			expect(pacer.accountPacerCount()).toBe(1);
		});

		it('executions on different accounts do not share: each gets its own rate', async () => {
			pacer.useClock(); // the real clock, and no pacer left from earlier tests
			const second = 'second-key-0b9a8c7d';
			(emulator as unknown as { keys: Set<string> }).keys.add(second);
			emulator.limits = { single: 10, bulk: 5 };
			try {
				const [a, b] = await Promise.all(
					[API_KEY, second].map((key) =>
						run(
							emulator,
							upsert({ ...FAST, callsPerSecond: 5 }),
							Array.from({ length: 10 }, (_, i) => ({
								email: `${key.slice(0, 6)}${i}@example.com`,
							})),
							'continueErrorOutput',
							key,
						),
					),
				);
				expect(a.success).toHaveLength(10);
				expect(b.success).toHaveLength(10);
				// one pacer per account (and family), known by a fingerprint
				expect(pacer.accountPacerCount()).toBe(2);
			} finally {
				(emulator as unknown as { keys: Set<string> }).keys.delete(second);
				emulator.limits = { single: 50, bulk: 5 };
			}
		});
	});
});
