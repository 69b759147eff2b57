import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { optionsField } from '../shared/options';
import { show } from './fields';
import { campaignLocatorFields } from './locator';
import { stateChange } from './stateChange';

const operation = ['launch'];

/**
 * A launch starts sending: a call that may have reached Blueshift without an answer (a timeout, a
 * 502/504) is not sent again, and n8n's Retry On Fail does not resend it either.
 */
export const launch = stateChange('launch', { retryUnknown: false });

export const description: INodeProperties[] = [
	...campaignLocatorFields(show(operation), false),
	optionsField(show(operation), launch, {
		rate: 'Pace of campaign calls. Blueshift documents no rate for them; every execution on the same account shares it.',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, launch);
}
