import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import { API_KEY, BASIC, expectNoSecret } from './support/fixtures';
import { runWorkflow } from './support/harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Hostile, RawServer, SelfSignedServer, pump } = require('./support/hostile') as {
	Hostile: new (answer?: Answer) => Server;
	RawServer: new (onSocket: (socket: import('node:net').Socket, server: Server) => void) => Server;
	SelfSignedServer: new () => Server;
	pump: (res: ServerResponse, chunk: Buffer, total: number, done?: string) => void;
};

type Answer = (req: IncomingMessage, res: ServerResponse, entry: Entry, server: Server) => void;
interface Entry {
	method: string;
	path: string;
	url: string;
	authorization?: string;
	raw: string;
}
interface Server {
	url: string;
	port: number;
	requests: Entry[];
	connections: Array<{ closed: boolean; written: number; whenClosed: Promise<void> }>;
	start(): Promise<Server>;
	stop(): Promise<void>;
	reset(answer?: Answer): void;
	every(ms: number, fn: () => void): unknown;
}

/**
 * The transport against servers that are not Blueshift (a misconfigured proxy, a hostile host
 * behind a wrong Base URL), through n8n's engine over real HTTP: redirects are not followed and
 * never carry the key, every text that comes back is redacted, a trickling answer meets a deadline,
 * an answer is read up to a bound (gzip inflated too), and what a 2xx cannot mean is not success.
 */
const MB = 1024 * 1024;
const NO_RETRY = { retryDelay: 1, maxRetries: 0 };
const upsert = (options: Record<string, unknown> = NO_RETRY) => ({
	resource: 'customer',
	operation: 'upsert',
	dataMode: 'defineBelow',
	email: '={{ $json.email }}',
	options,
});
const json =
	(status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
	(_req, res) => {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	};
const raw =
	(status: number, text: string, type = 'text/html'): Answer =>
	(_req, res) => {
		res.writeHead(status, { 'content-type': type });
		res.end(text);
	};

/** Everything the run produced, as one text: outputs, errors, the stop error, execution data. */
const everything = (result: Awaited<ReturnType<typeof runWorkflow>>) =>
	JSON.stringify(result, (_k, v: unknown) =>
		v instanceof Error
			? { ...v, message: v.message, description: (v as { description?: unknown }).description }
			: v,
	);

describe('hostile servers', () => {
	const server: Server = new Hostile();
	/** Where a redirect points: it records every Authorization header it is sent. */
	const target: Server = new Hostile(json(200, { customer: { email: 'a@example.com' } }));
	beforeAll(async () => {
		await server.start();
		await target.start();
	});
	afterAll(async () => {
		await server.stop();
		await target.stop();
	});
	beforeEach(() => {
		server.reset();
		target.reset();
	});

	const runAgainst = (
		parameters: Record<string, unknown>,
		items: Array<Record<string, unknown>>,
		onError:
			'stopWorkflow' | 'continueErrorOutput' | 'continueRegularOutput' = 'continueErrorOutput',
		baseUrl = server.url,
	) =>
		runWorkflow({
			credentials: { region: 'custom', baseUrl, apiKey: API_KEY },
			parameters,
			items,
			onError,
		});

	describe('redirects', () => {
		const where = () => ({
			'another origin': `http://127.0.0.1:${target.port}/steal/api/v1/customers?token=from-the-query`,
			'another host by name, plain http': `http://localhost:${target.port}/steal?token=from-the-query`,
		});
		for (const status of [301, 302, 303, 307, 308]) {
			for (const name of ['another origin', 'another host by name, plain http'] as const) {
				it(`a ${status} to ${name} is an error naming the status and the target's origin; nothing reaches the target`, async () => {
					const location = where()[name];
					server.reset((_req, res) => {
						res.writeHead(status, { location });
						res.end('moved');
					});
					const result = await runAgainst(upsert({ retryDelay: 1, maxRetries: 3 }), [
						{ email: 'a@example.com' },
					]);
					expect(target.requests).toHaveLength(0);
					expect(result.success).toHaveLength(0);
					expect(result.errors).toHaveLength(1);
					const error = String(result.errors[0].json.error);
					expect(error).toContain(`${status}`);
					expect(error).toContain(new URL(location).origin);
					expect(everything(result)).not.toContain('from-the-query');
					expect(everything(result)).not.toContain('/steal');
					// a redirect is an answer, not a failure to retry
					expect(server.requests).toHaveLength(1);
				});
			}
		}

		it('a redirect within the same origin is not followed either', async () => {
			server.reset((_req, res) => {
				res.writeHead(307, { location: '/api/v2/customers?token=from-the-query' });
				res.end();
			});
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }], 'stopWorkflow');
			expect(server.requests).toHaveLength(1);
			expect(result.error?.message).toMatch(/307/);
			expect(result.error?.message).toContain(server.url);
			expect(everything(result)).not.toContain('from-the-query');
		});
	});

	describe('every text that comes back is redacted, whatever its status', () => {
		const echo = `key ${API_KEY}, header Basic ${BASIC}`;

		it('a key echoed in a 200 JSON answer reaches no output and no execution data', async () => {
			server.reset(
				json(200, { customer: { email: 'a@example.com', note: echo }, [API_KEY]: 'as a name' }),
			);
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(1);
			expect(everything(result)).toContain('[redacted]');
			expectNoSecret(result);
		});

		it.each(['continueErrorOutput', 'continueRegularOutput', 'stopWorkflow'] as const)(
			'a key echoed in a 200 HTML page reaches neither the message nor the details nor the stop error (%s)',
			async (onError) => {
				server.reset(raw(200, `<html><body>Debug: ${echo}</body></html>`));
				const result = await runAgainst(upsert(), [{ email: 'a@example.com' }], onError);
				const text = everything(result);
				expect(text).toContain('[redacted]');
				expectNoSecret(result);
			},
		);

		it('a key echoed in a 400 is redacted too (as before)', async () => {
			server.reset(json(400, { message: echo }));
			const result = await runAgainst(
				upsert(),
				[{ email: 'a@example.com' }],
				'continueRegularOutput',
			);
			expect(everything(result)).toContain('[redacted]');
			expectNoSecret(result);
		});
	});

	describe('a 2xx that is not a JSON object is not success', () => {
		it.each([
			['[]', 'application/json', '[]'],
			['null', 'application/json', 'null'],
			['"saved"', 'application/json', '"saved"'],
			['<!DOCTYPE html><title>Sign in to the proxy</title>', 'text/html', 'Sign in to the proxy'],
			['', 'application/json', 'empty'],
		])('a 200 answering %j fails the item, saying what came back', async (body, type, said) => {
			server.reset(raw(200, body, type));
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(0);
			expect(result.errors).toHaveLength(1);
			expect(String(result.errors[0].json.error)).toContain(said);
		});

		it.each(['[]', 'null'])(
			'a Bulk Create or Update answered 200 with %s saves no item',
			async (body) => {
				server.reset(raw(200, body, 'application/json'));
				const items = Array.from({ length: 3 }, (_, i) => ({ email: `p${i}@example.com` }));
				const bulk = {
					resource: 'customer',
					operation: 'bulkUpsert',
					dataMode: 'defineBelow',
					email: '={{ $json.email }}',
					options: NO_RETRY,
				};
				const result = await runAgainst(bulk, items);
				expect(result.success).toHaveLength(0);
				expect(result.errors).toHaveLength(3);
				for (const item of result.errors) expect(String(item.json.error)).toContain(body);
			},
		);

		it('a Send Event answered 200 with an HTML page is not accepted (its bare 200 OK still is)', async () => {
			const send = {
				resource: 'event',
				operation: 'send',
				dataMode: 'defineBelow',
				eventName: 'purchase',
				email: '={{ $json.email }}',
				options: NO_RETRY,
			};
			server.reset(raw(200, '<html><body>Sign in to the proxy</body></html>'));
			const html = await runAgainst(send, [{ email: 'a@example.com' }]);
			expect(html.success).toHaveLength(0);
			expect(String(html.errors[0]?.json.error)).toContain('Sign in to the proxy');
			server.reset(raw(200, 'OK', 'text/plain'));
			const ok = await runAgainst(send, [{ email: 'a@example.com' }]);
			expect(ok.errors).toHaveLength(0);
			expect(ok.success).toHaveLength(1);
		});

		it('what came back is cut short in the message', async () => {
			server.reset(raw(200, `<html>${'x'.repeat(100_000)}</html>`));
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }]);
			const error = String(result.errors[0].json.error);
			expect(error).toContain('<html>xxxx');
			expect(error.length).toBeLessThan(500);
		});
	});

	describe('a trickling answer meets a deadline per attempt', () => {
		it('a body that trickles a byte every 100 ms fails the item as a timeout, on each attempt', async () => {
			server.reset((_req, res, _entry, self) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"customer": {');
				const timer = self.every(100, () => res.write(' '));
				res.on('close', () => clearInterval(timer as NodeJS.Timeout));
			});
			const result = await runAgainst(upsert({ retryDelay: 1, maxRetries: 1, timeout: 1000 }), [
				{ email: 'a@example.com' },
			]);
			expect(result.success).toHaveLength(0);
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(
				/did not answer within 1000 ms \(after 2 attempts\)/,
			);
			// each attempt got its own deadline, and the node hung up on each
			expect(server.requests).toHaveLength(2);
			// (a connection the node left open would keep this waiting past the test's limit)
			await Promise.all(server.connections.map((c) => c.whenClosed));
		}, 30_000);

		it('headers that trickle in a byte at a time meet the deadline too', async () => {
			const trickler = new RawServer((socket, self) => {
				socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: ');
				const timer = self.every(100, () => socket.write('a'));
				socket.on('close', () => clearInterval(timer as NodeJS.Timeout));
			});
			await trickler.start();
			try {
				const result = await runAgainst(
					upsert({ retryDelay: 1, maxRetries: 0, timeout: 1000 }),
					[{ email: 'a@example.com' }],
					'continueErrorOutput',
					trickler.url,
				);
				expect(result.errors).toHaveLength(1);
				expect(result.errors[0].json.error).toMatch(/did not answer within 1000 ms/);
				expect(trickler.connections).toHaveLength(1);
				await trickler.connections[0].whenClosed;
			} finally {
				await trickler.stop();
			}
		}, 30_000);
	});

	describe('answers are read up to a bound', () => {
		it('a 64 MB answer is cut off after a few MB: the item fails saying so', async () => {
			server.reset((_req, res) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"customer": {"note": "');
				pump(res, Buffer.alloc(MB, 'a'), 64 * MB, '"}}');
			});
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }]);
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json.error).toMatch(/larger than 8 MB/);
			// the node hung up long before the end: at most the bound and what the sockets buffer
			await server.connections[0].whenClosed;
			expect(server.connections[0].written).toBeLessThan(32 * MB);
		}, 30_000);

		it('an answer that declares more than the bound is not read at all', async () => {
			server.reset((_req, res) => {
				res.writeHead(200, {
					'content-type': 'application/json',
					'content-length': String(150 * MB),
				});
				res.write('{"customer": {"note": "');
				pump(res, Buffer.alloc(MB, 'a'), 150 * MB, '"}}');
			});
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }]);
			expect(result.errors[0].json.error).toMatch(/larger than 8 MB/);
			await server.connections[0].whenClosed;
			expect(server.connections[0].written).toBeLessThan(32 * MB);
		}, 30_000);

		it('a gzip answer is bounded by its inflated size: 64 MB packed into a few KB is refused', async () => {
			const packed = gzipSync(Buffer.from(`{"customer": {"note": "${'a'.repeat(64 * MB)}"}}`));
			expect(packed.length).toBeLessThan(MB);
			server.reset((_req, res) => {
				res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
				res.end(packed);
			});
			const result = await runAgainst(upsert(), [{ email: 'a@example.com' }]);
			expect(result.success).toHaveLength(0);
			expect(result.errors[0].json.error).toMatch(/larger than 8 MB/);
		}, 30_000);

		it('a 2 MB error message on a 50-item call costs a few KB per item, not 2 MB', async () => {
			server.reset(
				json(400, { message: 'm'.repeat(2 * MB), errors: { email: ['e'.repeat(2 * MB)] } }),
			);
			const items = Array.from({ length: 50 }, (_, i) => ({ email: `p${i}@example.com` }));
			const bulk = {
				resource: 'customer',
				operation: 'bulkUpsert',
				dataMode: 'defineBelow',
				email: '={{ $json.email }}',
				options: NO_RETRY,
			};
			for (const onError of ['continueErrorOutput', 'continueRegularOutput'] as const) {
				const result = await runAgainst(bulk, items, onError);
				const failed = onError === 'continueErrorOutput' ? result.errors : result.success;
				expect(failed).toHaveLength(50);
				for (const item of failed) expect(JSON.stringify(item.json).length).toBeLessThan(8_000);
				expect(JSON.stringify(result.run.data.resultData.runData).length).toBeLessThan(MB);
			}
			server.reset(json(400, { message: 'm'.repeat(2 * MB) }));
			const stopped = await runAgainst(upsert(), [{ email: 'a@example.com' }], 'stopWorkflow');
			expect(everything(stopped).length).toBeLessThan(MB);
		}, 30_000);
	});

	describe('TLS failures: nothing was sent', () => {
		it('a certificate nobody signed: says nothing was sent, not that it may have reached Blueshift', async () => {
			const tlsServer = new SelfSignedServer();
			await tlsServer.start();
			try {
				const result = await runAgainst(
					upsert({ retryDelay: 1, maxRetries: 3 }),
					[{ email: 'a@example.com' }],
					'continueErrorOutput',
					tlsServer.url,
				);
				expect(result.errors).toHaveLength(1);
				const { error, message } = result.errors[0].json as { error: string; message: string };
				expect(error).toMatch(/secure connection/);
				expect(message).toMatch(/Nothing was sent/);
				expect(message).not.toMatch(/may or may not have reached/);
				// a certificate does not heal between retries
				expect(tlsServer.connections).toHaveLength(1);
			} finally {
				await tlsServer.stop();
			}
		});

		it('https:// to a server that speaks plain http (a wrong port): nothing was sent', async () => {
			const result = await runAgainst(
				upsert(),
				[{ email: 'a@example.com' }],
				'continueErrorOutput',
				`https://127.0.0.1:${server.port}`,
			);
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].json.message).toMatch(/Nothing was sent/);
			expect(server.requests).toHaveLength(0);
		});
	});
});
