import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { run } from '../../helpers/runner';
import { optionsField } from '../shared/options';
import { show } from './fields';
import { campaignLocatorFields } from './locator';
import { stateChange } from './stateChange';

const operation = ['pause'];

/** Pausing twice leaves it paused: a call whose answer was lost is retried like a read. */
export const pause = stateChange('pause', {});

export const description: INodeProperties[] = [
	...campaignLocatorFields(show(operation), false),
	optionsField(show(operation), pause, {
		rate: 'Pace of campaign calls. Blueshift documents no rate for them; every execution on the same account shares it.',
		retryNote: 'safe, since pausing a paused campaign changes nothing',
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, pause);
}
