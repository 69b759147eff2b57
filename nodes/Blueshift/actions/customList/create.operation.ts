import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { LIST_CALLS_PER_SECOND, show } from './fields';

const operation = ['create'];

/**
 * The list of an answer: the schema's object, or the page's example, a list of one such object
 * (https://developer.blueshift.com/reference/post_api-v1-custom-user-lists-create; both readings).
 */
export function listOf(body: unknown): IDataObject | undefined {
	const list = Array.isArray(body) && body.length === 1 ? (body[0] as unknown) : body;
	if (!list || typeof list !== 'object' || Array.isArray(list)) return undefined;
	const id = (list as IDataObject).id;
	return typeof id === 'number' || (typeof id === 'string' && id !== '')
		? (list as IDataObject)
		: undefined;
}

const text = (value: unknown) => {
	const got = asText(value);
	return typeof got === 'string' ? got.trim() : got;
};

/**
 * POST /api/v1/custom_user_lists/create `{ name, description, source, is_seed_list }`: an empty
 * list; the output is the new list, its `id` first, for the next node to fill it. A create is not
 * sent again when its answer was lost (it would make a second list, or be refused as a duplicate
 * name).
 */
export const create: Operation = {
	family: 'customLists',
	rate: { option: 'callsPerSecond', default: LIST_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	retryUnknown: false,
	build: (ctx) => {
		const params = new ParameterReader(ctx);
		return (i): Validated => {
			const name = text(params.get('name', i));
			const description = text(params.get('listDescription', i));
			if (typeof name !== 'string' || name === '')
				return invalid(
					'name',
					name ? 'Name must be text' : 'Name is required: the list name, unique in the account',
				);
			if (typeof description !== 'string' || description === '')
				return invalid(
					'listDescription',
					description ? 'Description must be text' : 'Description is required: what the list holds',
				);
			const source = params.get('source', i, 'email');
			if (source !== 'email' && source !== 'customer_id')
				return invalid(
					'source',
					`Identifier Type must be email or customer_id (got ${JSON.stringify(source).slice(0, 40)})`,
				);
			const seed = params.get('additionalFields.seedList', i, false) === true ? 1 : 0;
			return { ok: true, record: { name, description, source, is_seed_list: seed } };
		};
	},
	request: ([record]) => ({
		method: 'POST',
		path: '/api/v1/custom_user_lists/create',
		body: record,
	}),
	settle: single((body, record) => {
		const list = listOf(body);
		if (list) return { id: list.id, name: record.name, ...list };
		return new Rejection(
			`Blueshift's answer does not show the new list's ID (it said: ${said(body)})`,
			'The list may or may not have been created: look for it by name in Blueshift before running the item again.',
		);
	}),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Webinar attendees 2026-12',
		description: 'Name of the new list, unique in the account',
		displayOptions: show(operation),
	},
	{
		displayName: 'Description',
		name: 'listDescription',
		type: 'string',
		required: true,
		default: '',
		description: 'What the list holds',
		displayOptions: show(operation),
	},
	{
		displayName: 'Identifier Type',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Customer ID', value: 'customer_id' },
		],
		default: 'email',
		description:
			"How the list's members will be given: Add Customer's Identifier Key must match it",
		displayOptions: show(operation),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(operation),
		options: [
			{
				displayName: 'Seed List',
				name: 'seedList',
				type: 'boolean',
				default: false,
				description:
					'Whether the list is a seed list: internal users who get a copy of the messages a one-time or recurring campaign sends',
			},
		],
	},
	optionsField(show(operation), create, {
		rate: 'Pace of list calls. Blueshift documents no rate for them; every execution on the same account shares it.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, create);
}
