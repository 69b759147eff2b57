import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { addAttributes } from '../../helpers/attributes';
import { asText, ParameterReader } from '../../helpers/parameters';
import { identifiersSchema } from '../../helpers/rules';
import { invalid, validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { campaignReader } from './locator';
import { derivedTransactionUuid, transactionUuidOf, type RunScope } from './transactionUuid';

/**
 * One trigger per item, the body of POST /api/v1/campaigns/execute
 * (https://developer.blueshift.com/reference/post_api-v1-campaigns-execute): `{ campaign_uuid,
 * email?, customer_id?, transaction_uuid, _bsft_high_priority?, email_attachments?,
 * ...attributes }`. The bulk call sends the same records as `{ "payloads": [...] }`, the shape of
 * the bulk page's schema.
 */

/** Fields of the trigger itself; an attribute may not take these names. */
const OWN_FIELDS = [
	'email',
	'customer_id',
	'campaign_uuid',
	'transaction_uuid',
	'_bsft_high_priority',
	'email_attachments',
];

const empty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function attachmentsOf(value: unknown): string[] | Validated {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: [value];
	const urls = list.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => !empty(v));
	for (const url of urls) {
		if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
			return invalid(
				'additionalFields.emailAttachments',
				`Email Attachments (email_attachments) must be http(s) URLs (got ${JSON.stringify(url).slice(0, 80)})`,
			);
		}
	}
	return urls as string[];
}

/** Where this run of the node stands, for the transaction UUIDs it derives. */
function scopeOf(ctx: IExecuteFunctions): RunScope {
	return {
		instanceId: ctx.getInstanceId(),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		executionId: ctx.getExecutionId(),
		nodeName: ctx.getNode().name,
		runIndex: Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0),
	};
}

/** Builds and validates item i's trigger; within one run, two items may not share a transaction_uuid. */
export function triggerBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	const scope = scopeOf(ctx);
	const used = new Map<string, number>();
	const campaignOf = campaignReader(ctx);
	return (i: number): Validated => {
		const picked = campaignOf(i);
		if ('rule' in picked) return invalid(picked.field, picked.rule);
		const campaign = picked.uuid;
		const identifiers = withoutEmpty({
			email: asText(params.get('email', i)),
			customer_id: asText(params.get('customerId', i)),
		} as IDataObject);
		const checked = validateRecord(identifiersSchema, identifiers);
		if (!checked.ok) return checked;

		const given = asText(params.get('transactionUuid', i));
		if (!empty(given) && typeof given !== 'string') {
			return invalid(
				'transactionUuid',
				'Transaction UUID (transaction_uuid) must be text or a number',
			);
		}
		const transaction = empty(given)
			? derivedTransactionUuid(scope, i)
			: transactionUuidOf(given as string, campaign);
		const earlier = used.get(transaction);
		if (earlier !== undefined && earlier !== i) {
			return invalid(
				'transactionUuid',
				`Transaction UUID ${transaction} is also the key of item ${earlier} in this run${transaction === given ? '' : ` (from "${String(given).slice(0, 60)}")`}: Blueshift would send one message for both. Give each trigger its own key`,
			);
		}

		const record: IDataObject = {
			campaign_uuid: campaign,
			...identifiers,
			transaction_uuid: transaction,
		};
		if (params.get('additionalFields.highPriority', i, false) === true) {
			record._bsft_high_priority = true;
		}
		const attachments = params.get('additionalFields.emailAttachments', i, '');
		if (!empty(attachments)) {
			const urls = attachmentsOf(attachments);
			if (!Array.isArray(urls)) return urls;
			if (urls.length > 0) record.email_attachments = urls;
		}
		const bad = addAttributes(params, i, record, {
			parameter: 'attributes',
			label: 'Attribute',
			owned: OWN_FIELDS,
			clash: (key) =>
				`Attribute "${key}" is one of the trigger's own fields: set it in its own field`,
			isEmpty: empty,
		});
		if (bad) return bad;
		used.set(transaction, i);
		return { ok: true, record };
	};
}
