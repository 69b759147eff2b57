import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * A field naming one Blueshift object by its UUID, as n8n's resource locators do (From List, By
 * UUID, By URL): the field, and the reader of its value (`{ __rl, mode, value }`, or plain text from
 * a workflow saved before the field was a locator). Blueshift's pages give an object's app URL as
 * https://app.getblueshift.com/dashboard#/app/<kind>/<UUID>/details (developer.blueshift.com, "Get
 * catalog details", "Detailed report of a campaign"); the UUID is read from it.
 */
export interface UuidObject {
	/** The parameter's name, which saved workflows store (`catalog`, `campaign`). */
	parameter: string;
	/** What the user calls it: Catalog, Campaign. */
	label: string;
	/** The path segment of the app URL: catalogs, campaigns. */
	appPath: string;
	/** A UUID shown as an example. */
	example: string;
	/** The listSearch method of From List. */
	searchListMethod: string;
}

const HEX_UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A UUID as Blueshift lists them (e.g. dd0d2987-9e57-47d4-9380-8a3e959cbe8e). */
export const UUID_REGEX = `^${HEX_UUID}$`;

/**
 * The object's page in Blueshift's app: any getblueshift.com host (the US app, or another region's
 * app host), with anything after the UUID (/details, /edit, a query). One group: the UUID.
 */
export const appUrlRegex = (kind: UuidObject) =>
	`^https?://[^/\\s]*getblueshift\\.com/dashboard/?#/app/${kind.appPath}/(${HEX_UUID})(?:[/?#]\\S*)?$`;

export const appUrlExample = (kind: UuidObject) =>
	`https://app.getblueshift.com/dashboard#/app/${kind.appPath}/${kind.example}/details`;

/**
 * The object's page in Blueshift's app, for the From List entries. The pages give the US app's host
 * only: no link for the EU region, whose app host they do not give; a custom base URL (a proxy, a
 * test server) gets the US shape.
 */
export const appUrl = (kind: UuidObject, region: unknown, uuid: string) =>
	region === 'eu'
		? undefined
		: `https://app.getblueshift.com/dashboard#/app/${kind.appPath}/${uuid}/details`;

const shown = (value: unknown) => JSON.stringify(value ?? '').slice(0, 80);

/** The UUID the field holds, or the rule it breaks. Plain text reads as By UUID. */
export function uuidOf(kind: UuidObject, raw: unknown): { uuid: string } | { rule: string } {
	const locator = (
		raw && typeof raw === 'object' ? raw : { mode: 'id', value: raw }
	) as IDataObject;
	const mode = typeof locator.mode === 'string' ? locator.mode : 'id';
	const value = locator.value;
	const text = typeof value === 'string' ? value.trim() : '';
	const { label } = kind;
	if (text === '') {
		return {
			rule:
				value === undefined || value === null || value === ''
					? `${label} is required: pick one from the list, or give its UUID or its URL`
					: `${label} must be text (got ${shown(value)})`,
		};
	}
	if (mode === 'url') {
		const match = new RegExp(appUrlRegex(kind)).exec(text);
		if (match) return { uuid: match[1] };
		return {
			rule: `${label} (By URL) must be a ${label.toLowerCase()}'s page in Blueshift, like ${appUrlExample(kind)} (got ${shown(text)})`,
		};
	}
	if (new RegExp(UUID_REGEX).test(text)) return { uuid: text };
	return {
		rule: `${label} (${mode === 'list' ? 'From List' : 'By UUID'}) must be a ${label.toLowerCase()} UUID like ${kind.example} (got ${shown(text)})`,
	};
}

/**
 * Reads the field of item i. A value typed or picked (no expression) is the same for every item
 * and is read once; an expression goes through n8n for each item.
 */
export function uuidReader(
	ctx: IExecuteFunctions,
	kind: UuidObject,
): (i: number) => ReturnType<typeof uuidOf> {
	const raw = ctx.getNode().parameters[kind.parameter] as IDataObject | string | undefined;
	const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');
	const fixed =
		raw && typeof raw === 'object' && !isExpression(raw.value) && !isExpression(raw.mode)
			? uuidOf(kind, raw)
			: undefined;
	return (i) => fixed ?? uuidOf(kind, ctx.getNodeParameter(kind.parameter, i));
}

/** The resource locator field: From List first, then By UUID and By URL. */
export const uuidLocatorField = (
	kind: UuidObject,
	displayOptions: IDisplayOptions,
	description: string,
): INodeProperties => ({
	displayName: kind.label,
	name: kind.parameter,
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description,
	displayOptions,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: kind.searchListMethod, searchable: true },
		},
		{
			displayName: 'By UUID',
			name: 'id',
			type: 'string',
			placeholder: kind.example,
			validation: [
				{
					type: 'regex',
					properties: { regex: UUID_REGEX, errorMessage: `Not a ${kind.label.toLowerCase()} UUID` },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: appUrlExample(kind),
			validation: [
				{
					type: 'regex',
					properties: {
						regex: appUrlRegex(kind),
						errorMessage: `Not a ${kind.label.toLowerCase()}'s URL in Blueshift (…/dashboard#/app/${kind.appPath}/<UUID>/details)`,
					},
				},
			],
			extractValue: { type: 'regex', regex: appUrlRegex(kind) },
		},
	],
});
