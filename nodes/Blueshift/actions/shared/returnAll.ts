import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { ParameterReader } from '../../helpers/parameters';
import { invalid, type Validated } from '../../helpers/validation';

/**
 * Return All and Limit, as n8n's Get Many operations have them
 * (https://docs.n8n.io/integrations/creating-nodes/build/reference/ux-guidelines/): the fields, the
 * builder that reads them per item, and the cut. Blueshift's list endpoints answer the whole list
 * at once, so Limit cuts it after the answer.
 */
export const returnAllFields = (displayOptions: IDisplayOptions): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { ...displayOptions, show: { ...displayOptions.show, returnAll: [false] } },
	},
];

/** Return All (an empty record), or `{ limit }`: what the item's output holds. */
export function limitBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		if (params.get('returnAll', i, false) === true) return { ok: true, record: {} };
		const limit = Number(params.get('limit', i, 50));
		if (!Number.isInteger(limit) || limit < 1) {
			return invalid(
				'limit',
				`Limit must be a whole number of at least 1 (got ${JSON.stringify(limit)})`,
			);
		}
		return { ok: true, record: { limit } };
	};
}

/** The list cut to the record's Limit, or all of it. */
export const toLimit = (all: IDataObject[], record: IDataObject): IDataObject[] =>
	typeof record.limit === 'number' ? all.slice(0, record.limit) : all;
