import type { INodeProperties } from 'n8n-workflow';

import * as trigger from './trigger.operation';
import * as triggerBulk from './triggerBulk.operation';

export { trigger, triggerBulk };

/** The operations of this resource, by the value workflows store. */
export const operations = { trigger, triggerBulk };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Trigger',
				value: 'trigger',
				description: 'Trigger an API-triggered campaign for one recipient per item, one call each',
				action: 'Trigger a campaign',
			},
			{
				name: 'Trigger Many',
				value: 'triggerBulk',
				description: 'Trigger API-triggered campaigns for many recipients in bulk calls',
				action: 'Trigger campaigns in bulk',
			},
		],
		default: 'trigger',
	},
	...trigger.description,
	...triggerBulk.description,
];
