import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asText, ParameterReader } from '../../helpers/parameters';
import { uuidLocatorField, uuidOf, uuidReader, type UuidObject } from '../../helpers/locator';

/**
 * The campaign a campaign operation acts on. Node version 1 stores it as text (`campaignUuid`),
 * version 2 as a resource locator (`campaign`: From List, By UUID, By URL). A saved workflow keeps
 * its version, so both stay; the reader picks by the node's version. Blueshift's pages give a
 * campaign's app URL as https://app.getblueshift.com/dashboard#/app/campaigns/<CAMPAIGN_UUID>/details
 * ("Detailed report without stats").
 */
export const CAMPAIGN: UuidObject = {
	parameter: 'campaign',
	label: 'Campaign',
	appPath: 'campaigns',
	example: '4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47',
	searchListMethod: 'searchCampaigns',
};

const V1 = { '@version': [1] };
const V2_ON = { '@version': [{ _cnd: { gte: 2 } }] };

const versioned = (displayOptions: IDisplayOptions, version: IDisplayOptions['show']) => ({
	...displayOptions,
	show: { ...displayOptions.show, ...version },
});

/** The campaign field of each node version, shown for the operations `displayOptions` names. */
export const campaignLocatorFields = (
	displayOptions: IDisplayOptions,
	triggered: boolean,
): INodeProperties[] => [
	{
		displayName: 'Campaign UUID',
		name: 'campaignUuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: CAMPAIGN.example,
		description: `The campaign's UUID, from its URL in Blueshift (…/campaigns/&lt;UUID&gt;/details)${triggered ? '. The campaign must be triggered by "API Endpoint is called"' : ''}. A new Blueshift node picks it from a list.`,
		displayOptions: versioned(displayOptions, V1),
	},
	uuidLocatorField(
		CAMPAIGN,
		versioned(displayOptions, V2_ON),
		triggered
			? 'The campaign to trigger: it must be triggered by "API Endpoint is called" (the list shows event- and API-triggered campaigns first)'
			: 'The Blueshift campaign to use',
	),
];

/** Item i's campaign UUID, or the field and rule it breaks, whichever version the node is. */
export function campaignReader(
	ctx: IExecuteFunctions,
): (i: number) => { uuid: string } | { field: string; rule: string } {
	if (ctx.getNode().typeVersion >= 2) {
		const read = uuidReader(ctx, CAMPAIGN);
		return (i) => {
			const got = read(i);
			return 'rule' in got ? { field: CAMPAIGN.parameter, rule: got.rule } : got;
		};
	}
	const params = new ParameterReader(ctx);
	return (i) => {
		const text = asText(params.get('campaignUuid', i));
		const got = uuidOf(CAMPAIGN, { mode: 'id', value: text });
		if ('uuid' in got) return got;
		const empty = text === undefined || text === null || String(text).trim() === '';
		return {
			field: 'campaignUuid',
			rule: empty
				? "Campaign UUID (campaign_uuid) is required: the UUID in the campaign's URL in Blueshift"
				: `Campaign UUID (campaign_uuid) must be a UUID like ${CAMPAIGN.example} (got ${JSON.stringify(text).slice(0, 60)})`,
		};
	};
}
