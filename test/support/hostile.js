'use strict';
/**
 * Small hostile servers for the transport's tests: each answers every request with what a test
 * sets in `answer(req, res, entry)` and records what it received (method, path, Authorization
 * header) and, per connection, how many bytes it wrote before the client went away. They stand for
 * a misconfigured proxy or a server that is not Blueshift; nothing here follows a reference page.
 */
const http = require('node:http');
const net = require('node:net');
const tls = require('node:tls');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

class Hostile {
	/**
	 * @param {(req: import('http').IncomingMessage, res: import('http').ServerResponse, entry: object, server: Hostile) => void} [answer]
	 */
	constructor(answer) {
		this.answer = answer ?? ((_req, res) => res.end('{}'));
		this.requests = [];
		/** One entry per connection: bytes written to it, and whether the client closed it. */
		this.connections = [];
		this.sockets = new Set();
		this.timers = new Set();
	}

	async start() {
		this.server = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (chunk) => chunks.push(chunk));
			req.on('end', () => {
				const entry = {
					method: req.method,
					url: req.url,
					path: (req.url ?? '').split('?')[0],
					authorization: req.headers.authorization,
					raw: Buffer.concat(chunks).toString('utf8'),
				};
				this.requests.push(entry);
				this.answer(req, res, entry, this);
			});
		});
		this.server.on('connection', (socket) => this.track(socket));
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `http://127.0.0.1:${this.port}`;
		return this;
	}

	track(socket) {
		let closed;
		const connection = {
			closed: false,
			/** Resolves when the client (or the server) closed the connection. */
			whenClosed: new Promise((resolve) => (closed = resolve)),
			get written() {
				return socket.bytesWritten;
			},
		};
		this.connections.push(connection);
		this.sockets.add(socket);
		socket.on('close', () => {
			connection.closed = true;
			this.sockets.delete(socket);
			closed();
		});
		return connection;
	}

	/** A timer that stops with the server (tests may use timers; the node may not). */
	every(ms, fn) {
		const timer = setInterval(fn, ms);
		this.timers.add(timer);
		return timer;
	}

	reset(answer) {
		if (answer) this.answer = answer;
		this.requests = [];
		this.connections = [];
		for (const timer of this.timers) clearInterval(timer);
		this.timers.clear();
	}

	async stop() {
		for (const timer of this.timers) clearInterval(timer);
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

/** Writes `chunk` again and again, each when the socket drained, until `total` bytes or the client goes away. */
function pump(res, chunk, total, done) {
	let sent = 0;
	const write = () => {
		while (sent < total && !res.destroyed) {
			sent += chunk.length;
			if (!res.write(chunk)) return void res.once('drain', write);
		}
		if (!res.destroyed) res.end(done ?? '');
	};
	write();
}

/**
 * A raw TCP server that answers every connection with `onSocket(socket)`: for answers an HTTP
 * server would not send, such as headers that trickle in a byte at a time.
 */
class RawServer extends Hostile {
	constructor(onSocket) {
		super();
		this.onSocket = onSocket;
	}

	async start() {
		this.server = net.createServer((socket) => {
			this.track(socket);
			socket.on('error', () => undefined);
			this.onSocket(socket, this);
		});
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `http://127.0.0.1:${this.port}`;
		return this;
	}
}

/** A throwaway self-signed certificate and its key for 127.0.0.1 and localhost, made with openssl. */
function selfSigned() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-tls-'));
	const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-keyout',
				key,
				'-out',
				cert,
				'-days',
				'2',
				'-subj',
				'/CN=localhost',
				'-addext',
				'subjectAltName=DNS:localhost,IP:127.0.0.1',
			],
			{ stdio: 'ignore' },
		);
		return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * A TLS server with a self-signed certificate (made for the test run): no client that checks
 * certificates accepts it. Counts the connections it got.
 */
class SelfSignedServer extends Hostile {
	async start() {
		const { key, cert } = selfSigned();
		this.server = tls.createServer({ key, cert }, (socket) => {
			socket.end(
				'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}',
			);
		});
		this.server.on('connection', (socket) => this.track(socket));
		this.server.on('tlsClientError', () => undefined);
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `https://127.0.0.1:${this.port}`;
		return this;
	}
}

module.exports = { Hostile, RawServer, SelfSignedServer, pump };
