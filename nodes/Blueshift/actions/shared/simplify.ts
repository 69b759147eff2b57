import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * n8n's Simplify switch, for reads whose answers carry many fields
 * (https://docs.n8n.io/integrations/creating-nodes/build/reference/ux-guidelines/): on by default,
 * it keeps the fields a workflow usually needs; off, the whole answer.
 */
export const simplifyField = (
	displayOptions: IDisplayOptions,
	kept: string[],
): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: `Whether to return a simplified version of the response instead of the raw data (keeps ${kept.join(', ')})`,
	displayOptions,
});

/** The kept fields of `json` that it has, in the order given. */
export function simplified(json: IDataObject, kept: string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of kept) if (json[key] !== undefined) out[key] = json[key];
	return out;
}
