import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_RETRY_ON } from '../../../shared/transport';

/**
 * "Get list of catalogs" documents 404 ("resource conflicts") and 409 as retry-with-backoff besides
 * 429 and 502-504 (developer.blueshift.com); the other catalog pages document only 502-504 so.
 */
export const LIST_RETRY_ON: ReadonlySet<number> = new Set([...DEFAULT_RETRY_ON, 404, 409]);

/**
 * A catalog's details include the credentials of its file source (the list page's schema:
 * password, secret_access_key, sftp_password, access keys). They are left out of the output, so a
 * workflow's execution data never holds them.
 */
const SECRET_KEYS = new Set([
	'password',
	'sftp_password',
	'secret_access_key',
	'access_key',
	'error_access_key',
	's3_access_key',
	's3_key',
]);

/** The catalog as Blueshift answers it, without the secrets of its file source, at any depth. */
export function withoutSecrets(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutSecrets);
	if (!value || typeof value !== 'object') return value;
	const out: IDataObject = {};
	for (const [key, inner] of Object.entries(value as IDataObject)) {
		if (!SECRET_KEYS.has(key.toLowerCase()))
			out[key] = withoutSecrets(inner) as IDataObject[string];
	}
	return out;
}

export const isCatalog = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** What Blueshift's answer body said, short, for a message. */
export const said = (body: unknown) => JSON.stringify(body ?? null).slice(0, 200);
