import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import type { Operation, Settled } from '../../helpers/runner';
import {
	failedRead,
	invalid,
	identifiersSchema,
	jsonBytes,
	RESERVED_NAMES,
	reservedNameRule,
	validateRecord,
	withoutEmpty,
	type Validated,
} from '../../helpers/validation';
import { DEFAULT_RETRY_ON, type ApiFailure } from '../../transport';
import {
	BULK_TRIGGER_CALLS_PER_SECOND,
	BULK_TRIGGER_DEFAULT,
	BULK_TRIGGER_MAX,
	TRIGGER_CALLS_PER_SECOND,
} from './fields';
import {
	derivedTransactionUuid,
	isUuid,
	transactionUuidOf,
	type RunScope,
} from './transactionUuid';

/**
 * Campaign triggers (trigger-campaign.md, bulk-trigger-campaigns.md). One record per item, the body
 * of POST /api/v1/campaigns/execute: `{ campaign_uuid, email?, customer_id?, transaction_uuid,
 * _bsft_high_priority?, email_attachments?, ...attributes }`. The bulk call sends the same records
 * as `{ "payloads": [...] }` (shape A of INDEX conflict 7).
 *
 * Every record carries a transaction_uuid (see transactionUuid.ts), so a retry of a call whose
 * answer was lost sends no second message: 429, 502, 503, 504 and network failures are retried.
 */

/** Fields of the trigger itself; an attribute may not take these names. */
const OWN_FIELDS = [
	'email',
	'customer_id',
	'campaign_uuid',
	'transaction_uuid',
	'_bsft_high_priority',
	'email_attachments',
];

/** Keys n8n's deepCopy leaves out of every request body (n8n-workflow utils `reservedCopyKeys`). */

const empty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function attachmentsOf(value: unknown): string[] | Validated {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: [value];
	const urls = list.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => !empty(v));
	for (const url of urls) {
		if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
			return invalid(
				'additionalFields.emailAttachments',
				`Email Attachments (email_attachments) must be http(s) URLs (got ${JSON.stringify(url).slice(0, 80)})`,
			);
		}
	}
	return urls as string[];
}

/** Builds and validates item i's trigger; within one run, two items may not share a transaction_uuid. */
export function triggerBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	const scope: RunScope = {
		instanceId: ctx.getInstanceId(),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		executionId: ctx.getExecutionId(),
		nodeName: ctx.getNode().name,
		runIndex: Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0),
	};
	const used = new Map<string, number>();
	const build = (i: number): Validated => {
		const campaign = asText(params.get('campaignUuid', i));
		if (typeof campaign !== 'string' || !isUuid(campaign)) {
			return invalid(
				'campaignUuid',
				empty(campaign)
					? "Campaign UUID (campaign_uuid) is required: the UUID in the campaign's URL in Blueshift"
					: `Campaign UUID (campaign_uuid) must be a UUID like 4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47 (got ${JSON.stringify(campaign).slice(0, 60)})`,
			);
		}
		const identifiers = withoutEmpty({
			email: asText(params.get('email', i)),
			customer_id: asText(params.get('customerId', i)),
		} as IDataObject);
		const checked = validateRecord(identifiersSchema, identifiers);
		if (!checked.ok) return checked;

		const given = asText(params.get('transactionUuid', i));
		if (!empty(given) && typeof given !== 'string') {
			return invalid(
				'transactionUuid',
				'Transaction UUID (transaction_uuid) must be text or a number',
			);
		}
		const transaction = empty(given)
			? derivedTransactionUuid(scope, i)
			: transactionUuidOf(given as string, campaign);
		const earlier = used.get(transaction);
		if (earlier !== undefined && earlier !== i) {
			return invalid(
				'transactionUuid',
				`Transaction UUID ${transaction} is also the key of item ${earlier} in this run${transaction === given ? '' : ` (from "${String(given).slice(0, 60)}")`}: Blueshift would send one message for both. Give each trigger its own key`,
			);
		}

		const record: IDataObject = {
			campaign_uuid: campaign,
			...identifiers,
			transaction_uuid: transaction,
		};
		if (params.get('additionalFields.highPriority', i, false) === true)
			record._bsft_high_priority = true;
		const attachments = params.get('additionalFields.emailAttachments', i, '');
		if (!empty(attachments)) {
			const urls = attachmentsOf(attachments);
			if (!Array.isArray(urls)) return urls;
			if (urls.length > 0) record.email_attachments = urls;
		}
		for (let n = 0; n < params.lengthOf('attributes.attributes'); n++) {
			const name = params.get(`attributes.attributes[${n}].name`, i);
			const value = params.get(`attributes.attributes[${n}].value`, i);
			const key = typeof name === 'string' ? name.trim() : '';
			const field = `attributes[${n}].name`;
			if (!key && empty(value)) continue;
			if (!key) return invalid(field, `Attribute ${n + 1} has a value but no name`);
			if (RESERVED_NAMES.has(key)) return invalid(field, reservedNameRule('Attribute', key));
			if (OWN_FIELDS.includes(key)) {
				return invalid(
					field,
					`Attribute "${key}" is one of the trigger's own fields: set it in its own field`,
				);
			}
			if (Object.prototype.hasOwnProperty.call(record, key))
				return invalid(field, `Attribute "${key}" is given twice`);
			if (!empty(value)) record[key] = value as IDataObject[string];
		}
		used.set(transaction, i);
		return { ok: true, record };
	};
	return (i) => {
		try {
			return build(i);
		} catch (error) {
			return failedRead(error);
		}
	};
}

/** What an answer or entry says, in a line. */
function saidBy(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, 300);
	if (!body || typeof body !== 'object' || Array.isArray(body)) return '';
	const b = body as IDataObject;
	const text = ['error', 'message', 'detail', 'reason']
		.map((k) => b[k])
		.find((v) => typeof v === 'string') as string | undefined;
	const code = b.error_code !== undefined ? ` (error_code ${String(b.error_code)})` : '';
	return text ? `${text}${code}` : code.trim();
}

const HINTS: Record<string, string> = {
	'101':
		'The campaign is not triggered through the API: in Blueshift, set its journey start trigger to "API Endpoint is called".',
	'102':
		'The campaign cannot be triggered through this endpoint, or the recipient has no identifier Blueshift knows: check the campaign and send the email.',
};

/** What the output of a trigger the answer shows as sent holds. */
/** Where a trigger answer or bulk entry may put its words (the pages show none for a repeated key). */
const SAID_KEYS = ['message', 'error', 'status', 'detail', 'reason'];

function sent(record: IDataObject, answer: IDataObject): IDataObject {
	const out: IDataObject = { campaign_uuid: record.campaign_uuid };
	if (record.email !== undefined) out.email = record.email;
	if (record.customer_id !== undefined) out.customer_id = record.customer_id;
	out.transaction_uuid = record.transaction_uuid;
	out.success = true;
	// a trigger whose transaction_uuid Blueshift had already processed is answered 200 with a message
	const said = SAID_KEYS.find((key) => typeof answer[key] === 'string');
	if (said) out.message = answer[said];
	if (alreadyHandled(answer)) out.already_processed = true;
	return out;
}

/**
 * A repeated transaction_uuid is answered 200 "with a message saying the request was already
 * handled", and no second message goes out (trigger-campaign.md, bulk-trigger-campaigns.md); the
 * pages do not show that body, so whatever it says of `success`, a 2xx answer or entry that says the
 * request was already processed or handled, or is a duplicate request or transaction, counts as
 * sent: the first request sent it. Only those words: a refusal that merely says "already" ("campaign
 * already archived", "user already unsubscribed") or carries a documented `error_code` stays a refusal.
 */
const ALREADY_HANDLED =
	/\balready\s+(?:been\s+)?(?:processed|handled|received|executed|triggered)\b|\bduplicate\s+(?:transaction|request)/i;

function alreadyHandled(entry: IDataObject): boolean {
	if (entry.error_code !== undefined && entry.error_code !== null) return false;
	return SAID_KEYS.some((key) => {
		const value = entry[key];
		return typeof value === 'string' && ALREADY_HANDLED.test(value);
	});
}

const notSentNote = (record: IDataObject) =>
	`Blueshift did not send it. Running the item again is safe${record.transaction_uuid ? ` (transaction_uuid ${String(record.transaction_uuid)})` : ''}.`;

function refusedEntry(entry: IDataObject, record: IDataObject): Rejection {
	const said = saidBy(entry);
	const code = entry.error_code !== undefined ? String(entry.error_code) : '';
	return new Rejection(
		`Blueshift refused the trigger for campaign ${String(record.campaign_uuid)}${said ? `: ${said}` : ' (success: false)'}`,
		`${HINTS[code] ?? 'Check the campaign and the recipient in Blueshift.'} ${notSentNote(record)}`,
		entry,
	);
}

/** The single trigger's answer: `{ "success": true }`; `success: false` is a refusal. */
function settleOne(body: IDataObject, records: IDataObject[]): Settled[] {
	const [record] = records;
	if (Array.isArray(body)) {
		return [
			new Rejection(
				`Blueshift answered the trigger with a list, not { success }, so it cannot be shown as sent`,
				`It may or may not have been sent. Running it again is safe with the same transaction_uuid ${String(record.transaction_uuid)}.`,
				{ answer: body } as IDataObject,
			),
		];
	}
	if (body.success === true || alreadyHandled(body)) return [sent(record, body)];
	if (body.success === false) return [refusedEntry(body, record)];
	// documented: 200 {"success": true}; anything else does not show the message as sent
	return [
		new Rejection(
			`Blueshift's answer does not say the trigger succeeded (it said: ${JSON.stringify(body).slice(0, 200)})`,
			`It may or may not have been sent. To run it again with no risk of a second message, give Transaction UUID the value ${String(record.transaction_uuid)}.`,
			body,
		),
	];
}

/** The per-entry list of a bulk answer: documented as a bare array; tolerant of one wrapped in an object. */
function entriesOf(body: unknown): unknown[] | undefined {
	if (Array.isArray(body)) return body;
	if (!body || typeof body !== 'object') return undefined;
	for (const key of ['results', 'responses', 'payloads', 'data']) {
		const value = (body as IDataObject)[key];
		if (Array.isArray(value)) return value;
	}
	return undefined;
}

/**
 * The bulk answer: an array of `{ "success": bool }`, one per payload. The pages only presume they
 * are in order, so an entry is placed:
 * - by its `transaction_uuid` when every entry carries one (each record has its own);
 * - otherwise by position, when the answer has exactly one entry per payload and no entry names
 *   another record's transaction_uuid.
 * When the entries cannot be placed, no trigger of the call can be shown as sent: every one fails
 * (as in helpers/bulkAnswer.ts). A placed entry counts as sent only with `success: true`.
 */
export function settleBulk(body: IDataObject, records: IDataObject[]): Settled[] {
	const entries = entriesOf(body);
	const unplaceable = (why: string) =>
		records.map(
			(record) =>
				new Rejection(
					`Blueshift's bulk answer ${why}, so this trigger cannot be shown as sent`,
					`It may or may not have been sent. Running the item again is safe only with the same Transaction UUID (${String(record.transaction_uuid)}): map a business key into Transaction UUID to keep it across runs.`,
					{ answer: body } as IDataObject,
				),
		);
	if (!entries) return unplaceable('lists no result per payload');
	const objects = entries.map((e) =>
		e && typeof e === 'object' && !Array.isArray(e) ? (e as IDataObject) : undefined,
	);
	const keyed = objects.every((e) => e && typeof e.transaction_uuid === 'string');
	let placed: Array<IDataObject | undefined>;
	if (keyed && entries.length > 0) {
		const byKey = new Map<string, IDataObject>();
		for (const e of objects as IDataObject[]) {
			const key = String(e.transaction_uuid);
			if (byKey.has(key)) return unplaceable('lists the same transaction_uuid twice');
			byKey.set(key, e);
		}
		placed = records.map((r) => byKey.get(String(r.transaction_uuid)));
		if (byKey.size > records.filter((r) => byKey.has(String(r.transaction_uuid))).length) {
			return unplaceable('lists a transaction_uuid that is not in the call');
		}
	} else {
		if (entries.length !== records.length) {
			return unplaceable(`has ${entries.length} result(s) for ${records.length} payload(s)`);
		}
		const mismatch = objects.some(
			(e, k) =>
				e && e.transaction_uuid !== undefined && e.transaction_uuid !== records[k].transaction_uuid,
		);
		if (mismatch) return unplaceable('lists its results in another order than the payloads');
		placed = objects;
	}
	return records.map((record, k) => {
		const entry = placed[k];
		if (!entry) {
			return new Rejection(
				`Blueshift's bulk answer has no result for this trigger (transaction_uuid ${String(record.transaction_uuid)}), so it cannot be shown as sent`,
				'It may or may not have been sent. Running the item again with the same Transaction UUID is safe.',
				{ answer: body } as IDataObject,
			);
		}
		if (entry.success === true || alreadyHandled(entry)) return sent(record, entry);
		if (entry.success === false) return refusedEntry(entry, record);
		return new Rejection(
			`Blueshift's bulk answer does not say whether this trigger succeeded (${JSON.stringify(entry).slice(0, 200)})`,
			'It may or may not have been sent. Running the item again with the same Transaction UUID is safe.',
			entry,
		);
	});
}

/**
 * A failed answer, read for what it means for a trigger: Blueshift's hint for 404 and 422, and for
 * a call that may have arrived (no answer after every retry), what makes running it again safe.
 */
function triggerFailure(answer: ApiFailure, records: IDataObject[]): Settled[] | undefined {
	const detail = (record: IDataObject) =>
		({
			status: answer.status,
			...(answer.body ?? {}),
			transaction_uuid: record.transaction_uuid,
		}) as IDataObject;
	// no answer to an attempt that may have arrived (whatever the last attempt got): it may have been sent
	if (answer.maybeSent) {
		return records.map(
			(record) =>
				new Rejection(
					answer.message,
					`The trigger may or may not have reached Blueshift. Running it again is safe with the same transaction_uuid ${String(record.transaction_uuid)}: Blueshift sends one message per key (map a business key into Transaction UUID to keep it across runs).`,
					detail(record),
				),
		);
	}
	if (answer.status === undefined) return undefined;
	const said = saidBy(answer.body) || answer.message;
	if (answer.status === 404) {
		return records.map(
			(record) =>
				new Rejection(
					records.length > 1
						? `Blueshift did not find a campaign of this call (404: ${said})`
						: `Blueshift did not find campaign ${String(record.campaign_uuid)} (404: ${said})`,
					`Check the Campaign UUID (from the campaign's URL in Blueshift). ${notSentNote(record)}`,
					detail(record),
				),
		);
	}
	if (answer.status === 422) {
		const code =
			answer.body && typeof answer.body === 'object'
				? String((answer.body as IDataObject).error_code ?? '')
				: '';
		return records.map(
			(record) =>
				new Rejection(
					`Blueshift refused the trigger for campaign ${String(record.campaign_uuid)} (422: ${said})`,
					`${HINTS[code] ?? 'Check the campaign and the recipient in Blueshift.'} ${notSentNote(record)}`,
					detail(record),
				),
		);
	}
	if (answer.status === 413) {
		return records.map(
			(record) =>
				new Rejection(
					`Blueshift refused the call as too large (413: ${said})`,
					`Lower the Batch Size option, or shorten the trigger's attributes. ${notSentNote(record)}`,
					detail(record),
				),
		);
	}
	return undefined;
}

/** Trigger: POST /api/v1/campaigns/execute, one call per item. */
export const trigger: Operation = {
	family: 'campaigns',
	rate: { option: 'callsPerSecond', default: TRIGGER_CALLS_PER_SECOND },
	retryOn: DEFAULT_RETRY_ON,
	build: triggerBuilder,
	request: ([record]) => ({ method: 'POST', path: '/api/v1/campaigns/execute', body: record }),
	settle: settleOne,
	failure: triggerFailure,
};

/** Trigger Many: POST /api/v1/campaigns/bulk_execute with `{ payloads }`, Batch Size per call. */
export const triggerBulk: Operation = {
	family: 'campaignsBulk',
	rate: { option: 'bulkCallsPerSecond', default: BULK_TRIGGER_CALLS_PER_SECOND },
	batch: {
		max: BULK_TRIGGER_MAX,
		defaultSize: BULK_TRIGGER_DEFAULT,
		envelopeBytes: jsonBytes({ payloads: [] }),
		splitOn413: true,
	},
	retryOn: DEFAULT_RETRY_ON,
	build: triggerBuilder,
	request: (records) => ({
		method: 'POST',
		path: '/api/v1/campaigns/bulk_execute',
		body: { payloads: records },
	}),
	settle: settleBulk,
	failure: triggerFailure,
};
