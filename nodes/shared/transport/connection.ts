import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { createHmac, randomBytes } from 'crypto';

/** Blueshift's API hosts per region (https://developer.blueshift.com/reference/welcome). */
export const REGION_URLS: Record<string, string> = {
	us: 'https://api.getblueshift.com',
	eu: 'https://api.eu.getblueshift.com',
};

/**
 * The base URL a credential points at; a custom one must be http(s). The error never repeats what
 * was typed (it may hold user:password@ or a key): it names only the scheme it found.
 */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string | Error {
	const region = String(credentials.region ?? 'us');
	if (region !== 'custom') return REGION_URLS[region] ?? REGION_URLS.us;
	return customBaseUrl(String(credentials.baseUrl ?? ''));
}

const BASE_URL_FORM = "The Blueshift credential's Base URL must be scheme://host[:port][/path]";

/**
 * A custom base URL, checked: `http(s)://host[:port][/path]` and nothing else. A query or a
 * fragment would swallow every path the node appends (`/x?y=` + `/api/v1/customers` calls `/x`),
 * and a user name or password is no credential Blueshift takes. The errors name the part found,
 * never what was typed.
 */
export function customBaseUrl(typed: string): string | Error {
	const raw = typed.trim();
	if (!/^https?:\/\/[^\s/]+/i.test(raw)) {
		const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
		const found =
			raw === ''
				? 'it is empty'
				: scheme
					? `it starts with "${scheme.slice(0, 20)}:"`
					: 'it has no scheme';
		return new Error(
			`The Blueshift credential's Base URL must start with http:// or https:// (${found})`,
		);
	}
	const rest = raw.replace(/^https?:\/\//i, '');
	const authority = rest.split(/[/?#]/)[0];
	if (authority.includes('@')) {
		return new Error(
			"The Blueshift credential's Base URL must not hold a user name or password (user:password@): the API key is the credential Blueshift takes",
		);
	}
	if (raw.includes('?')) {
		return new Error(
			`${BASE_URL_FORM}: it has a query (a question mark and what follows); remove it`,
		);
	}
	if (raw.includes('#')) {
		return new Error(
			`${BASE_URL_FORM}: it has a fragment (a hash sign and what follows); remove it`,
		);
	}
	if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(authority)) {
		return new Error(`${BASE_URL_FORM}: its host or port is not valid`);
	}
	if (!/^[A-Za-z0-9._~%!$&'()*+,;=:@/-]*$/.test(rest.slice(authority.length))) {
		return new Error(
			`${BASE_URL_FORM}: its path holds characters a URL path cannot (spaces, backslashes, quotes)`,
		);
	}
	try {
		new URL(raw);
	} catch {
		return new Error(`${BASE_URL_FORM}: it is not a valid URL`);
	}
	return raw.replace(/\/+$/, '');
}

/** `scheme://host[:port]` of a URL: no user name, password, path or query (where a key may sit). */
export function originOf(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}`;
	} catch {
		return 'the Base URL';
	}
}

/** Hosts whose traffic does not leave the machine: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(hostname: string): boolean {
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		/^127(\.\d{1,3}){3}$/.test(host) ||
		host === '::1' ||
		host === '0:0:0:0:0:0:0:1' ||
		/^::ffff:127(\.\d{1,3}){3}$/.test(host)
	);
}

/** A warning when the key would travel in clear text: http:// to a host off this machine. */
export function cleartextWarning(baseUrl: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(baseUrl);
	} catch {
		return undefined;
	}
	if (parsed.protocol !== 'http:' || isLoopback(parsed.hostname)) return undefined;
	return `The Blueshift credential's Base URL (${originOf(baseUrl)}) uses plain http:// to a host other than this machine: the API key travels unencrypted and anyone on the network path can read it. Use https:// unless this is a test server on a network you trust.`;
}

/** A secret of this process only: a fingerprint says nothing of the key outside it, not even to a dictionary. */
const FINGERPRINT_SALT = randomBytes(32);

/** Fingerprint of an account: a keyed hash of its base URL and key, so pacers are shared without holding the key. */
export function accountFingerprint(baseUrl: string, apiKey: string): string {
	return createHmac('sha256', FINGERPRINT_SALT)
		.update(`${baseUrl}\u0000${apiKey}`)
		.digest('hex')
		.slice(0, 32);
}
