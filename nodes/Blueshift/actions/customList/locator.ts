import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { ParameterReader } from '../../helpers/parameters';

/**
 * The custom user list an operation acts on. Node version 1 stores it as text (`listId`), version
 * 2 as a resource locator (`list`: By ID, By URL). Blueshift's API has no endpoint that lists
 * custom user lists, so there is no From List. The app URL of a list is
 * https://app.getblueshift.com/dashboard#/app/custom_list/<LIST_ID>/edit ("Add a user to a list").
 */
export const LIST_URL_REGEX =
	'^https?://[^/\\s]*getblueshift\\.com/dashboard/?#/app/custom_list/([1-9]\\d{0,15})(?:[/?#]\\S*)?$';
const LIST_URL_EXAMPLE = 'https://app.getblueshift.com/dashboard#/app/custom_list/52817/edit';
const LIST_ID_REGEX = '^[1-9]\\d{0,15}$';

const V1 = { '@version': [1] };
const V2_ON = { '@version': [{ _cnd: { gte: 2 } }] };
const versioned = (displayOptions: IDisplayOptions, version: IDisplayOptions['show']) => ({
	...displayOptions,
	show: { ...displayOptions.show, ...version },
});

const HINT =
	"Blueshift's API offers no list of custom user lists: give the list's ID or paste its URL";

/** The list field of each node version, shown where `displayOptions` says. */
export const listLocatorFields = (
	displayOptions: IDisplayOptions,
	extra = '',
): INodeProperties[] => [
	{
		displayName: 'List ID',
		name: 'listId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '52817',
		description: `Numeric ID of the custom user list: the number in the list's URL in Blueshift (…/custom_list/&lt;ID&gt;/edit). A new Blueshift node also takes its URL${extra}.`,
		displayOptions: versioned(displayOptions, V1),
	},
	{
		displayName: 'List',
		name: 'list',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: `The custom user list. ${HINT}${extra}.`,
		hint: HINT,
		displayOptions: versioned(displayOptions, V2_ON),
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '52817',
				validation: [
					{ type: 'regex', properties: { regex: LIST_ID_REGEX, errorMessage: 'Not a list ID' } },
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: LIST_URL_EXAMPLE,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: LIST_URL_REGEX,
							errorMessage:
								"Not a list's URL in Blueshift (…/dashboard#/app/custom_list/<ID>/edit)",
						},
					},
				],
				extractValue: { type: 'regex', regex: LIST_URL_REGEX },
			},
		],
	},
];

/** The list ID as the path takes it: a positive integer (given as a number or as digits). */
export function listIdOf(value: unknown): number | undefined {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!new RegExp(LIST_ID_REGEX).test(text)) return undefined;
	const id = Number(text);
	return Number.isSafeInteger(id) ? id : undefined;
}

const shown = (value: unknown) => JSON.stringify(value ?? '').slice(0, 60);

/** Item i's list ID, or the field and rule it breaks, whichever version the node is. */
export function listReader(
	ctx: IExecuteFunctions,
): (i: number) => { id: number } | { field: string; rule: string } {
	const params = new ParameterReader(ctx);
	if (ctx.getNode().typeVersion < 2) {
		return (i) => {
			const raw = params.get('listId', i);
			const id = listIdOf(raw);
			if (id !== undefined) return { id };
			const rule = `List ID (list_id) must be the list's number, e.g. 52817 (got ${shown(raw)})`;
			return { field: 'listId', rule };
		};
	}
	return (i) => {
		const raw = ctx.getNodeParameter('list', i) as IDataObject | string | number;
		const locator = (
			raw && typeof raw === 'object' ? raw : { mode: 'id', value: raw }
		) as IDataObject;
		const value = typeof locator.value === 'string' ? locator.value.trim() : locator.value;
		if (locator.mode === 'url') {
			const match = typeof value === 'string' ? new RegExp(LIST_URL_REGEX).exec(value) : null;
			if (match) return { id: Number(match[1]) };
			const rule = `List (By URL) must be a list's page in Blueshift, like ${LIST_URL_EXAMPLE} (got ${shown(value)})`;
			return { field: 'list', rule };
		}
		const id = listIdOf(value);
		if (id !== undefined) return { id };
		const rule =
			value === undefined || value === null || value === ''
				? "List is required: give the list's ID (the number in its URL) or its URL"
				: `List (By ID) must be the list's number, e.g. 52817 (got ${shown(value)})`;
		return { field: 'list', rule };
	};
}
