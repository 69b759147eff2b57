/**
 * Every text form a secret can take in an error: as is and trimmed (the credential sends the keys
 * trimmed), each also as the Basic-auth user (base64).
 */
function secretForms(secret: string): string[] {
	return [...new Set([secret, secret.trim()])].flatMap((s) => [
		s,
		Buffer.from(`${s}:`).toString('base64'),
		Buffer.from(s).toString('base64'),
	]);
}

/**
 * Removes the keys, their Basic-auth forms, and the user name and password of a base URL from any
 * text that might be shown to a user. Longest first, so a secret inside another goes with it.
 */
export function redactor(...secrets: Array<string | undefined>): (text: string) => string {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (!secret || secret.length < 3) continue;
		for (const form of secretForms(secret)) forms.add(form);
		try {
			const decoded = decodeURIComponent(secret);
			if (decoded !== secret) for (const form of secretForms(decoded)) forms.add(form);
		} catch {
			// not URI-encoded
		}
	}
	const sorted = [...forms].sort((a, b) => b.length - a.length);
	return (text: string) =>
		sorted.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text);
}

/**
 * `value` with every text in it (strings and names, at any depth) passed through `redact`. Walks
 * the values rather than redacting the JSON text, where a short secret could match inside an
 * escape sequence (`\u0001`) and leave text that no longer parses.
 */
export function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
	if (typeof value === 'string') return redact(value);
	// a crafted answer nested thousands deep would exhaust the stack; Blueshift nests a few levels
	if (depth > 64 && value && typeof value === 'object') return '[nested too deep]';
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact, depth + 1)]),
		);
	}
	return value;
}

/** The user name and password a base URL carries (`https://user:password@host`), if any. */
export function userinfoOf(baseUrl: string): string[] {
	const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(baseUrl);
	if (!match) return [];
	const [user, ...rest] = match[1].split(':');
	const password = rest.join(':');
	return [match[1], user, password];
}

/** `text` cut to `max` characters, saying so. */
export const cut = (text: string, max: number) =>
	text.length > max ? `${text.slice(0, max)}…` : text;
