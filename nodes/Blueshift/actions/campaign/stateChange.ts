import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { single, type Operation } from '../../helpers/operation';
import { invalid, type Validated } from '../../helpers/validation';
import { DEFAULT_RETRY_ON } from '../../../shared/transport';
import { campaignReader } from './locator';
import { CAMPAIGN_CALLS_PER_SECOND, campaignNotFound, campaignOf, notACampaign } from './read';

/**
 * PATCH /api/v1/campaigns/{uuid}/pause and /launch ("Pause a campaign", "Launch a campaign"): no
 * body; 200 `{ uuid, status, updated_at }`, output as it comes. Blueshift refuses with 422 what the
 * app would refuse (an archived or completed campaign). A 2xx whose body is not that object is the
 * change's answer all the same (`statusIsAnswer`): the status code says it was done.
 */
export function stateChange(action: 'pause' | 'launch', extra: Partial<Operation>): Operation {
	return {
		family: 'campaigns',
		rate: { option: 'callsPerSecond', default: CAMPAIGN_CALLS_PER_SECOND },
		retryOn: DEFAULT_RETRY_ON,
		statusIsAnswer: true,
		build: (ctx: IExecuteFunctions) => {
			const campaignOfItem = campaignReader(ctx);
			return (i): Validated => {
				const picked = campaignOfItem(i);
				if ('rule' in picked) return invalid(picked.field, picked.rule);
				return { ok: true, record: { campaign_uuid: picked.uuid } };
			};
		},
		request: ([record]) => ({
			method: 'PATCH',
			path: `/api/v1/campaigns/${encodeURIComponent(String(record.campaign_uuid))}/${action}`,
		}),
		settle: single((body, record) => {
			if (body && typeof body === 'object' && Array.isArray(body)) return notACampaign(body);
			const campaign = campaignOf(body) ?? {};
			return { uuid: record.campaign_uuid, ...campaign } as IDataObject;
		}),
		failure: campaignNotFound,
		...extra,
	};
}
