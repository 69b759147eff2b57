import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as launch from './launch.operation';
import * as pause from './pause.operation';
import * as trigger from './trigger.operation';
import * as triggerBulk from './triggerBulk.operation';

export { get, getAll, launch, pause, trigger, triggerBulk };

/** The operations of this resource, by the value workflows store. */
export const operations = { trigger, triggerBulk, get, getAll, launch, pause };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get a campaign's details, optionally with its statistics",
				action: 'Get a campaign',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List campaigns, searched by name and filtered by status and type',
				action: 'Get many campaigns',
			},
			{
				name: 'Launch',
				value: 'launch',
				description: 'Launch a campaign now; Blueshift refuses archived or completed ones',
				action: 'Launch a campaign',
			},
			{
				name: 'Pause',
				value: 'pause',
				description: 'Pause a running campaign',
				action: 'Pause a campaign',
			},
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
	...get.description,
	...getAll.description,
	...launch.description,
	...pause.description,
];
