import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { campaignFields, campaignOptionsField } from './fields';
import { trigger } from './trigger';

const operation = ['trigger'];

export const description: INodeProperties[] = [...campaignFields(operation), campaignOptionsField(operation, false)];

/** POST /api/v1/campaigns/execute, one call per item (see trigger.ts). */
export async function execute(this: IExecuteFunctions) {
	return await run(this, trigger);
}
