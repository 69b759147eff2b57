import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { ParameterReader } from '../../helpers/parameters';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../transport';
import { optionsField } from '../shared/options';

const show = { show: { resource: ['subscriptionGroup'], operation: ['getAll'] } };

/** Return All, or Limit: what the item's output holds. */
function limitBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		const returnAll = params.get('returnAll', i, false) === true;
		if (returnAll) return { ok: true, record: {} };
		const limit = Number(params.get('limit', i, 50));
		if (!Number.isInteger(limit) || limit < 1) {
			return invalid(
				'limit',
				`Limit must be a whole number of at least 1 (got ${JSON.stringify(limit)})`,
			);
		}
		return { ok: true, record: { limit } };
	};
}

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
		return typeof record.limit === 'number' ? all.slice(0, record.limit) : all;
	}),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show.show, returnAll: [false] } },
	},
	optionsField(show, getAll, {
		rate: 'Pace of calls (one per input item). Blueshift documents no rate for this endpoint.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, getAll);
}
