import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { failedRecords } from '../../helpers/bulkAnswer';
import { Rejection } from '../../helpers/outcome';
import { run, type Operation } from '../../helpers/runner';
import { jsonBytes } from '../../helpers/validation';
import { CUSTOMER_WRITE_RETRY_ON } from '../../transport';
import { optionsField, recordFields } from './fields';
import { customerBuilder } from './record';

const operation = ['bulkUpsert'];

export const description: INodeProperties[] = [
	...recordFields(operation),
	optionsField(operation, true),
];

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

export async function execute(this: IExecuteFunctions) {
	return await run(this, bulkUpsert);
}
