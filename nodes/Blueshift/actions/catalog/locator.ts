import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * The Catalog field's value: a resource locator (`{ __rl, mode, value }`) whose mode is `list` or
 * `id` (a catalog UUID) or `url` (a catalog page in Blueshift's app). Blueshift's pages give the
 * app URL of a catalog as https://app.getblueshift.com/dashboard#/app/catalogs/<CATALOG_UUID>/details
 * (developer.blueshift.com, "Get catalog details"); the UUID is read from it.
 */
const HEX_UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A catalog UUID as Blueshift lists them (e.g. dd0d2987-9e57-47d4-9380-8a3e959cbe8e). */
export const CATALOG_UUID_REGEX = `^${HEX_UUID}$`;

/**
 * A catalog's page in Blueshift's app, any getblueshift.com host (app.getblueshift.com, or another
 * region's app host), with anything after the UUID (/details, /edit, a query). One group: the UUID.
 */
export const CATALOG_URL_REGEX = `^https?://[^/\\s]*getblueshift\\.com/dashboard/?#/app/catalogs/(${HEX_UUID})(?:[/?#]\\S*)?$`;

export const CATALOG_URL_EXAMPLE =
	'https://app.getblueshift.com/dashboard#/app/catalogs/dd0d2987-9e57-47d4-9380-8a3e959cbe8e/details';

const uuidPattern = new RegExp(CATALOG_UUID_REGEX);
const urlPattern = new RegExp(CATALOG_URL_REGEX);

/**
 * The catalog's page in Blueshift's app, for the From List entries. The pages give the US app's
 * host only: no link for the EU region, whose app host they do not give; a custom base URL (a
 * proxy, a test server) gets the US shape.
 */
export const catalogAppUrl = (region: unknown, uuid: string) =>
	region === 'eu'
		? undefined
		: `https://app.getblueshift.com/dashboard#/app/catalogs/${uuid}/details`;

const shown = (value: unknown) => JSON.stringify(value ?? '').slice(0, 80);

/** The catalog UUID the field holds, or the rule it breaks. */
export function catalogUuidOf(raw: unknown): { uuid: string } | { rule: string } {
	const locator = (
		raw && typeof raw === 'object' ? raw : { mode: 'id', value: raw }
	) as IDataObject;
	const mode = typeof locator.mode === 'string' ? locator.mode : 'id';
	const value = locator.value;
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		return {
			rule:
				value === undefined || value === null || value === ''
					? 'Catalog is required: pick one from the list, or give its UUID or its URL'
					: `Catalog must be text (got ${shown(value)})`,
		};
	}
	if (mode === 'url') {
		const match = urlPattern.exec(text);
		if (match) return { uuid: match[1] };
		return {
			rule: `Catalog (By URL) must be a catalog's page in Blueshift, like ${CATALOG_URL_EXAMPLE} (got ${shown(text)})`,
		};
	}
	if (uuidPattern.test(text)) return { uuid: text };
	return {
		rule: `Catalog (${mode === 'list' ? 'From List' : 'By UUID'}) must be a catalog UUID like dd0d2987-9e57-47d4-9380-8a3e959cbe8e (got ${shown(text)})`,
	};
}

/**
 * Reads the Catalog field of item i. A value typed or picked (no expression) is the same for every
 * item and is read once; an expression goes through n8n for each item.
 */
export function catalogReader(
	ctx: IExecuteFunctions,
): (i: number) => ReturnType<typeof catalogUuidOf> {
	const raw = ctx.getNode().parameters.catalog as IDataObject | string | undefined;
	const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');
	const fixed =
		raw && typeof raw === 'object' && !isExpression(raw.value) && !isExpression(raw.mode)
			? catalogUuidOf(raw)
			: undefined;
	return (i) => fixed ?? catalogUuidOf(ctx.getNodeParameter('catalog', i));
}
