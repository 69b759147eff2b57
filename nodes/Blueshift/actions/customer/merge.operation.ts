import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { single, type Operation } from '../../helpers/operation';
import { asText, ParameterReader } from '../../helpers/parameters';
import { CUSTOMER_ID_MAX } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { invalid, type Validated } from '../../helpers/validation';
import { optionsField } from '../shared/options';
import { acceptedStatus, NOT_TWICE, refusedIn } from './common';
import { show, UNDOCUMENTED_CALLS_PER_SECOND, UNDOCUMENTED_RATE } from './fields';

const operation = ['merge'];

/** Body key -> the node's field (label, parameter name), so an error names what to fix. */
const FIELDS = [
	['customer_id', 'Duplicate Customer ID', 'duplicateCustomerId'],
	['bsft_new_customer_id', 'Customer ID to Keep', 'keepCustomerId'],
] as const;

/** The body `{ customer_id, bsft_new_customer_id }`; the same ID in both would merge a customer into itself. */
function mergeBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		const record: IDataObject = {};
		for (const [key, label, name] of FIELDS) {
			const value = asText(params.get(name, i));
			if (value === undefined || value === null || value === '') {
				return invalid(name, `${label} is required (a customer_id)`);
			}
			if (typeof value !== 'string') return invalid(name, `${label} must be text or a number`);
			if (value.length > CUSTOMER_ID_MAX) {
				return invalid(name, `${label} must be at most ${CUSTOMER_ID_MAX} characters`);
			}
			record[key] = value;
		}
		if (record.customer_id === record.bsft_new_customer_id) {
			return invalid(
				'keepCustomerId',
				`Customer ID to Keep must differ from Duplicate Customer ID (both are "${String(record.customer_id)}"): a customer cannot be merged into itself`,
			);
		}
		return { ok: true, record };
	};
}

export const MERGE_NOTE =
	'Accepted: Blueshift merges the duplicate customer into the customer to keep. This cannot be undone.';

/**
 * POST /api/v1/customers/merge, one call per item
 * (https://developer.blueshift.com/reference/post_api-v1-customers-merge). Irreversible, and not
 * documented as deduplicated: never sent twice when the outcome is unknown (NOT_TWICE).
 */
export const merge: Operation = {
	family: 'customerMerge',
	rate: { option: 'callsPerSecond', default: UNDOCUMENTED_CALLS_PER_SECOND },
	...NOT_TWICE,
	build: mergeBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/customers/merge', body: record }),
	settle: single((body, record) => {
		const refused = refusedIn(body, 'named', 'accepting the merge');
		if (refused) return refused;
		return { status: acceptedStatus(body), ...record, irreversible: true, note: MERGE_NOTE };
	}),
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Blueshift merges the duplicate customer into the customer to keep. This cannot be undone.',
		name: 'mergeNotice',
		type: 'notice',
		default: '',
		displayOptions: show(operation),
	},
	{
		displayName: 'Duplicate Customer ID',
		name: 'duplicateCustomerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '48759893',
		description:
			'Your customer_id of the duplicate customer, the one merged away: its details go to the customer to keep. Irreversible. Must differ from Customer ID to Keep.',
		displayOptions: show(operation),
	},
	{
		displayName: 'Customer ID to Keep',
		name: 'keepCustomerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '18271400',
		description:
			'Your customer_id of the customer to use from now on (bsft_new_customer_id): the duplicate is merged into it. Irreversible. Must differ from Duplicate Customer ID.',
		displayOptions: show(operation),
	},
	optionsField(show(operation), merge, {
		...UNDOCUMENTED_RATE,
		retryNote: 'answers that say nothing was done',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, merge);
}
