import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { listOf } from './create.operation';
import { LIST_CALLS_PER_SECOND, show } from './fields';
import { listLocatorFields, listReader } from './locator';

const operation = ['get'];

/**
 * GET /api/v1/custom_user_lists/id/{list_id} ("Get customer list details"): the list's details
 * (name of its file, member count, status, source). The page documents 404 as "the customer list
 * you are looking for could not be found": the item's answer, not retried.
 */
export const get: Operation = {
	family: 'customLists',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: LIST_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	build: (ctx) => {
		const listOfItem = listReader(ctx);
		return (i): Validated => {
			const list = listOfItem(i);
			return 'rule' in list
				? invalid(list.field, list.rule)
				: { ok: true, record: { list_id: list.id } };
		};
	},
	request: ([record]) => ({
		method: 'GET',
		path: `/api/v1/custom_user_lists/id/${String(record.list_id)}`,
	}),
	settle: single((body) => {
		const list = listOf(body);
		if (list) return list;
		return new Rejection(
			`Blueshift answered without the list (it said: ${said(body)})`,
			'Run the item again; if it persists, contact Blueshift support.',
		);
	}),
	failure: (answer, [record]) => {
		if (answer.status !== 404) return undefined;
		return [
			new Rejection(
				`List not found: Blueshift has no custom user list with the ID ${String(record.list_id)} (404)`,
				"Check the list's ID: the number in its URL in Blueshift.",
				{ ...((answer.body ?? {}) as IDataObject), status: 404 },
			),
		];
	},
};

export const description: INodeProperties[] = [
	...listLocatorFields(show(operation)),
	optionsField(show(operation), get, {
		rate: 'Pace of list calls. Blueshift documents no rate for them; every execution on the same account shares it.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, get);
}
