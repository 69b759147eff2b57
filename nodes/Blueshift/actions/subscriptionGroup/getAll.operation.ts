import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { run } from '../../helpers/runner';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { limitBuilder, returnAllFields, toLimit } from '../shared/returnAll';

const show = { show: { resource: ['subscriptionGroup'], operation: ['getAll'] } };

/**
 * GET /api/v1/subscription_groups/index_lite
 * (https://developer.blueshift.com/reference/get_api-v1-subscription-groups-index-lite): the whole
 * list in one answer, `{ subscription_groups: [{ subscription_group_id, uuid,
 * subscription_group_label }] }`, no paging. One call per input item (as n8n's Get Many operations
 * do), each group an output item paired to it; Limit cuts the list after the answer.
 */
export const getAll: Operation = {
	family: 'subscriptionGroups',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: 5 },
	retryOn: DEFAULT_RETRY_ON,
	build: limitBuilder,
	request: () => ({ method: 'GET', path: '/api/v1/subscription_groups/index_lite' }),
	settle: single((body, record) => {
		const groups = Array.isArray(body) ? undefined : body.subscription_groups;
		if (!Array.isArray(groups)) {
			return new Rejection(
				`Blueshift answered without a list of subscription groups (it said: ${said(body)})`,
				'Check that subscription groups are enabled for the account (Blueshift support switches them on), then run again.',
			);
		}
		const all = groups.filter(
			(g): g is IDataObject => !!g && typeof g === 'object' && !Array.isArray(g),
		);
		return toLimit(all, record);
	}),
};

export const description: INodeProperties[] = [
	...returnAllFields(show),
	optionsField(show, getAll, {
		rate: 'Pace of calls (one per input item). Blueshift documents no rate for this endpoint.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getAll);
}
