import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';
import * as sendBulk from './sendBulk.operation';

export { send, sendBulk };

/** The operations of this resource, by the value workflows store. */
export const operations = { send, sendBulk };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description:
					'Send one event per item (identify creates or updates the customer); Blueshift accepts it and processes it later',
				action: 'Send an event',
			},
			{
				name: 'Send Bulk',
				value: 'sendBulk',
				description:
					'Send many events per call, 30 by default and up to 100; Blueshift accepts them and processes them later',
				action: 'Send many events',
			},
		],
		default: 'send',
	},
	...send.description,
	...sendBulk.description,
];
