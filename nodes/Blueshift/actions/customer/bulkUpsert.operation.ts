import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { failedRecords } from '../../helpers/bulkAnswer';
import type { Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { run } from '../../helpers/runner';
import { jsonBytes } from '../../helpers/validation';
import { CUSTOMER_WRITE_RETRY_ON } from '../../../shared/transport';
import { optionsField } from '../shared/options';
import { recordFields, show } from './fields';
import { customerBuilder } from './record';

const operation = ['bulkUpsert'];

/** Blueshift takes at most this many customers per bulk call (413 beyond). */
export const MAX_BATCH = 50;

/**
 * POST /api/v1/customers/bulk with the valid items in calls of at most Batch Size; each item's
 * output is its record as sent, or the reason Blueshift gave for it (see helpers/bulkAnswer.ts).
 */
export const bulkUpsert: Operation = {
	family: 'customersBulk',
	rate: { option: 'bulkCallsPerSecond', default: 5 },
	batch: { max: MAX_BATCH, envelopeBytes: jsonBytes({ customers: [] }) },
	retryOn: CUSTOMER_WRITE_RETRY_ON,
	build: customerBuilder,
	request: (records) => ({
		method: 'POST',
		path: '/api/v1/customers/bulk',
		body: { customers: records },
	}),
	settle: (body, records) => {
		const failed = failedRecords(records, body);
		return records.map((record, position) => {
			const failure = failed.get(position);
			if (!failure) return record;
			return new Rejection(
				failure.reason,
				failure.description ??
					'Fix the record and run the item again; the records of the call not reported as failed were saved.',
				failure.apiError,
			);
		});
	},
};

export const description: INodeProperties[] = [
	...recordFields(operation),
	optionsField(show(operation), bulkUpsert, {
		rate: 'Pace of bulk calls. Blueshift recommends at most 5 per second (250 customers); every execution on the same account shares it. Lower it when your account has a lower limit.',
		batch: 'Customers per bulk call; Blueshift takes at most 50',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, bulkUpsert);
}
