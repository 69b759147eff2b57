import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { campaignFields, campaignOptionsField } from './fields';
import { triggerBulk } from './trigger';

const operation = ['triggerBulk'];

export const description: INodeProperties[] = [...campaignFields(operation), campaignOptionsField(operation, true)];

/** POST /api/v1/campaigns/bulk_execute with `{ payloads }`, Batch Size triggers per call (see trigger.ts). */
export async function execute(this: IExecuteFunctions) {
	return await run(this, triggerBulk);
}
