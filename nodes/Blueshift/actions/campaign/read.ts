import type { IDataObject } from 'n8n-workflow';

import { said } from '../../helpers/answer';
import { Rejection } from '../../helpers/outcome';
import type { ApiFailure } from '../../../shared/transport';
import { simplified } from '../shared/simplify';

/**
 * What the campaign reads and state changes share: Blueshift's pages document no rate for them
 * (the node's default, as for triggers, and the same pacing family), and the fields Simplify keeps
 * of a campaign (the list's schema, https://developer.blueshift.com/reference/get_api-v2-campaigns-json).
 */
export const CAMPAIGN_CALLS_PER_SECOND = 10;

export const CAMPAIGN_KEPT = [
	'uuid',
	'name',
	'status',
	'exec_term',
	'startdate',
	'archived',
	'segment_name',
	'author',
	'updated_at',
	'next_execution_scheduled_at',
];

/** Every field of a campaign in the list's schema. */
export const LISTED_FIELDS = [
	...CAMPAIGN_KEPT,
	'created_at',
	'holdout_percentage',
	'segment_uuid',
	'email',
	'prioritization_label',
];

/**
 * A campaign from an answer: the documented object, or one wrapped as `{ campaign: {...} }` (the
 * detail pages document no body: tolerant of both).
 */
export function campaignOf(body: unknown): IDataObject | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const inner = (body as IDataObject).campaign;
	if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as IDataObject;
	return Object.keys(body).length > 0 ? (body as IDataObject) : undefined;
}

/** The campaign as output: whole, or the fields Simplify keeps. */
export const shownCampaign = (campaign: IDataObject, simplify: unknown) =>
	simplify === false ? campaign : simplified(campaign, CAMPAIGN_KEPT);

export const notACampaign = (body: unknown) =>
	new Rejection(
		`Blueshift answered without the campaign (it said: ${said(body)})`,
		'Run the item again; if it persists, contact Blueshift support.',
	);

/** 404: no campaign with that UUID; the item's answer, not a fault to retry. */
export function campaignNotFound(answer: ApiFailure, [record]: IDataObject[]) {
	if (answer.status !== 404) return undefined;
	return [
		new Rejection(
			`Campaign not found: Blueshift has no campaign with the UUID ${String(record.campaign_uuid)} (404)`,
			'Pick the campaign from the list, or check its UUID.',
			{ ...((answer.body ?? {}) as IDataObject), status: 404 },
		),
	];
}
