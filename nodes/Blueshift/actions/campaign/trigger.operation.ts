import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import type { Operation, Settled } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { run } from '../../helpers/runner';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { alreadyHandled, refusedEntry, sent, triggerFailure } from './answer';
import { campaignFields, RETRY_NOTE, show, TRIGGER_CALLS_PER_SECOND } from './fields';
import { triggerBuilder } from './record';

const operation = ['trigger'];

/** The single trigger's answer: `{ "success": true }`; `success: false` is a refusal. */
function settleOne(body: IDataObject, records: IDataObject[]): Settled[] {
	const [record] = records;
	if (Array.isArray(body)) {
		return [
			new Rejection(
				`Blueshift answered the trigger with a list, not { success }, so it cannot be shown as sent`,
				`It may or may not have been sent. Running it again is safe with the same transaction_uuid ${String(record.transaction_uuid)}.`,
				{ answer: body } as IDataObject,
			),
		];
	}
	if (body.success === true || alreadyHandled(body)) return [sent(record, body)];
	if (body.success === false) return [refusedEntry(body, record)];
	// documented: 200 {"success": true}; anything else does not show the message as sent
	return [
		new Rejection(
			`Blueshift's answer does not say the trigger succeeded (it said: ${said(body)})`,
			`It may or may not have been sent. To run it again with no risk of a second message, give Transaction UUID the value ${String(record.transaction_uuid)}.`,
			body,
		),
	];
}

/**
 * POST /api/v1/campaigns/execute, one call per item. Every record carries a transaction_uuid (see
 * transactionUuid.ts), so a retry of a call whose answer was lost sends no second message: 429,
 * 502, 503, 504 and network failures are retried.
 */
export const trigger: Operation = {
	family: 'campaigns',
	rate: { option: 'callsPerSecond', default: TRIGGER_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	build: triggerBuilder,
	// the key this item's call carries (transactionUuid.ts): the same in a dry run as in a real one
	dryRunShows: (record) => ({ transaction_uuid: record.transaction_uuid }),
	request: ([record]) => ({ method: 'POST', path: '/api/v1/campaigns/execute', body: record }),
	settle: settleOne,
	failure: triggerFailure,
};

export const description: INodeProperties[] = [
	...campaignFields(operation),
	optionsField(show(operation), trigger, {
		rate: 'Pace of trigger calls. Blueshift documents no rate for them; every execution on the same account shares it.',
		retryNote: RETRY_NOTE,
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, trigger);
}
