'use strict';
/**
 * Blueshift's campaign triggers, as trigger-campaign.md and bulk-trigger-campaigns.md document them:
 *
 * - POST /api/v1/campaigns/execute: one trigger `{ campaign_uuid, email, customer_id?,
 *   transaction_uuid?, _bsft_high_priority?, email_attachments?, ...attributes }`; 200
 *   `{"success": true}`. Errors as documented: 400 `{"success": false, "error": "Invalid request
 *   parameters"}` (no campaign_uuid, a transaction_uuid that is not a well-formed UUID), 404
 *   `{"message": "Not Found"}` (unknown campaign), 422 with `error_code` 101 (the campaign is not
 *   API triggered) or 102 (no valid identifier; the pages accept email or customer_id, and
 *   disagree on which).
 * - Idempotency: one message per `transaction_uuid`. A trigger whose key was already processed is
 *   answered 200 "with a message saying the request was already handled"; the exact body is not in
 *   the pages, here `{"success": true, "message": "Request already processed"}` unless a test sets
 *   `emulator.duplicateAnswer` (the node must not depend on this guess). A trigger without
 *   a key always sends a message. How long keys are kept is not documented: here, until reset.
 * - POST /api/v1/campaigns/bulk_execute: `{ "payloads": [...] }` (shape A; Blueshift's pages disagree); each
 *   entry is handled as one execute body, and the answer is an array with one `{ success }` per
 *   payload, in order. The pages show only `success`; a failed entry here also says why
 *   (`error`, `error_code`), which the node shows when present and copes without.
 *   `payloads` missing: 400 `{"message": "Bad Request"}`. No per-call maximum is documented, so
 *   none is enforced unless a test sets `emulator.campaignBulkMax` (413 beyond).
 * - No rate is documented, so none is enforced.
 *
 * State: `emulator.campaigns` (uuid -> { api: boolean }), `emulator.messages` (one per message sent:
 * { campaign_uuid, email, customer_id, transaction_uuid, body, via }), `emulator.transactions`
 * (transaction_uuid -> the message), `emulator.triggerArrivals` (transaction_uuid -> how many
 * triggers with that key arrived, retries included).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const has = (v) => v !== undefined && v !== null && v !== '';

/** The campaigns every test starts with: two API-triggered, one that is not. */
const CAMPAIGNS = {
	orderShipped: '4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47',
	passwordReset: '9a1c3e5f-7b2d-4f68-8e0a-2c4e6a8b0d13',
	newsletter: 'c0ffee00-1234-4abc-8def-0123456789ab',
};

function register(emulator) {
	emulator.onReset((emu) => {
		emu.campaigns = new Map([
			[CAMPAIGNS.orderShipped, { api: true }],
			[CAMPAIGNS.passwordReset, { api: true }],
			[CAMPAIGNS.newsletter, { api: false }],
		]);
		emu.messages = [];
		emu.transactions = new Map();
		emu.triggerArrivals = new Map();
		emu.campaignBulkMax = undefined;
		emu.duplicateAnswer = undefined;
	});

	/** One trigger: `{ status, body }` as the single endpoint answers it. */
	const trigger = (payload, via) => {
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
			return { status: 400, body: { success: false, error: 'Invalid request parameters' } };
		}
		const { campaign_uuid: campaign, transaction_uuid: key } = payload;
		if (has(key))
			emulator.triggerArrivals.set(
				String(key),
				(emulator.triggerArrivals.get(String(key)) ?? 0) + 1,
			);
		if (!has(campaign) || (has(key) && !UUID.test(String(key)))) {
			return { status: 400, body: { success: false, error: 'Invalid request parameters' } };
		}
		const found = emulator.campaigns.get(String(campaign).toLowerCase());
		if (!found) return { status: 404, body: { message: 'Not Found' } };
		if (!found.api) {
			return {
				status: 422,
				body: { success: false, error: 'campaign is not event/API triggered', error_code: 101 },
			};
		}
		if (!has(payload.email) && !has(payload.customer_id)) {
			return {
				status: 422,
				body: { success: false, error: 'no valid user identifier found', error_code: 102 },
			};
		}
		if (has(key) && emulator.transactions.has(String(key))) {
			// the pages do not show this body: a test may set `emulator.duplicateAnswer` to another reading
			return {
				status: 200,
				body: emulator.duplicateAnswer ?? { success: true, message: 'Request already processed' },
			};
		}
		const message = {
			campaign_uuid: campaign,
			email: payload.email,
			customer_id: payload.customer_id,
			transaction_uuid: key,
			body: payload,
			via,
		};
		emulator.messages.push(message);
		if (has(key)) emulator.transactions.set(String(key), message);
		return { status: 200, body: { success: true } };
	};

	emulator.addRoute('POST', '/api/v1/campaigns/execute', (entry) => trigger(entry.body, 'execute'));

	emulator.addRoute('POST', '/api/v1/campaigns/bulk_execute', (entry) => {
		const { payloads } = entry.body;
		if (!Array.isArray(payloads)) return { status: 400, body: { message: 'Bad Request' } };
		if (emulator.campaignBulkMax !== undefined && payloads.length > emulator.campaignBulkMax) {
			return { status: 413, body: { message: 'Request Entity Too Large' } };
		}
		const results = payloads.map((payload) => {
			const { status, body } = trigger(payload, 'bulk_execute');
			if (status === 200) return body;
			return {
				success: false,
				error: body.error ?? body.message,
				...(body.error_code ? { error_code: body.error_code } : {}),
			};
		});
		return { status: 200, body: results };
	});
}

module.exports = { register, CAMPAIGNS };
