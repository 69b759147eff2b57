'use strict';
/**
 * Merge, a customer's campaign activity and a customer's events, as shared/blueshift-api documents
 * them (merge-customers.md, customer-campaign-activity.md, customer-events.md).
 *
 * - POST /api/v1/customers/merge `{ customer_id, bsft_new_customer_id }`: 200 with no body (the page
 *   documents "OK" and no content). Recorded in `emulator.merged`. A missing ID: 400 (the page gives
 *   no body: `{ errors: { field: ["can't be blank"] } }`, the shape of the customer 400s). Whether
 *   the IDs must exist, or may be equal, the page does not say: accepted.
 * - GET /api/v2/customer_campaign_activity: the documented 400s (`errors[].detail`, `meta`), 404
 *   "User not found", and `{ activities, total, truncated, date_range }`. Activities are those
 *   seeded for the customer with start_time <= trigger_timestamp < end_time; at most
 *   `activity.cap` (10,000 as documented; tests lower it) per answer, the newest ones, listed
 *   oldest first as in the page's example. With `cursor`, only activities at or before it: the page
 *   says the cursor fetches "older activity" and must fall within (start_time, end_time], not
 *   whether it is inclusive; inclusive here, so a node must not output the boundary twice.
 *   `activity.cursorField` (default false: the schema lists none) adds a `cursor` to truncated
 *   answers, the oldest timestamp of the page with milliseconds, for the other reading of the page.
 *   A range over 366 days: 400 (the page says "up to 366 days" and gives no message; worded here).
 *   `activity.maxAgeDays` (default 366) refuses an older start_time; null turns that reading off.
 *   `activity.now` (ms) stands for the present in these rules (default: the clock).
 * - GET /api/v1/customer_search/show_events?uuid=: the list seeded for that uuid, `[]` included;
 *   an unseeded uuid: 404 (the documented status; its body is the generic "Resource not found").
 *
 * No rate is documented for these endpoints: none is enforced. State: `emulator.seedActivities(ids,
 * activities)`, `emulator.seedEvents(uuid, events)`, `emulator.merged`.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const has = (v) => v !== undefined && v !== null && v !== '';
const meta = { combine_errors: false, no_toast: false };
const refuse = (status, detail) => ({ status, body: { errors: [{ detail }], meta } });

function register(emulator) {
	emulator.onReset((emu) => {
		emu.merged = [];
		emu.activityCustomers = [];
		emu.customerEvents = new Map();
		emu.activity = { cap: 10_000, cursorField: false, maxAgeDays: 366, now: undefined };
	});

	/** A customer's activities, found by any of `ids` ({ email, customer_id, uuid, phone_number }). */
	emulator.seedActivities = (ids, activities) => {
		emulator.activityCustomers.push({ ids, activities });
		return emulator;
	};
	emulator.seedEvents = (uuid, events) => {
		emulator.customerEvents.set(uuid, events);
		return emulator;
	};

	emulator.addRoute('POST', '/api/v1/customers/merge', (entry) => {
		const body = entry.body;
		for (const key of ['customer_id', 'bsft_new_customer_id']) {
			if (!has(body[key])) return { status: 400, body: { errors: { [key]: ["can't be blank"] } } };
		}
		emulator.merged.push({ customer_id: body.customer_id, into: body.bsft_new_customer_id });
		return { status: 200, raw: '' };
	});

	emulator.addRoute('GET', '/api/v2/customer_campaign_activity', (entry) => {
		const q = entry.query;
		const keys = ['customer_id', 'email', 'phone_number', 'uuid'];
		if (!keys.some((k) => has(q[k]))) {
			return refuse(
				400,
				'Customer identifier required (customer_id, email, phone_number, or uuid)',
			);
		}
		if (!has(q.start_time)) return refuse(400, 'start_time is required (ISO8601 format)');
		for (const k of ['start_time', 'end_time', 'cursor']) {
			if (has(q[k]) && (!ISO.test(q[k]) || Number.isNaN(Date.parse(q[k])))) {
				return refuse(400, `${k} must be in ISO8601 format`);
			}
		}
		// end_time is required by the page; its missing-value message is not given: start_time's wording
		if (!has(q.end_time)) return refuse(400, 'end_time is required (ISO8601 format)');
		const now = emulator.activity.now ?? Date.now();
		const start = Date.parse(q.start_time);
		const end = Date.parse(q.end_time);
		const { maxAgeDays } = emulator.activity;
		if (maxAgeDays !== null && start < now - maxAgeDays * DAY_MS) {
			return refuse(400, 'start_time cannot be more than 366 days in the past');
		}
		if (end > now) return refuse(400, 'end_time cannot be in the future');
		if (end < start) return refuse(400, 'end_time cannot be before start_time');
		if (end - start > 366 * DAY_MS) return refuse(400, 'time range cannot be more than 366 days');
		const cursor = has(q.cursor) ? Date.parse(q.cursor) : undefined;
		if (cursor !== undefined && !(cursor > start && cursor <= end)) {
			return refuse(400, 'cursor must fall within (start_time, end_time]');
		}
		const customer = emulator.activityCustomers.find(({ ids }) =>
			keys.some((k) => has(q[k]) && has(ids[k]) && String(ids[k]) === q[k]),
		);
		if (!customer) return refuse(404, 'User not found');
		const at = (a) => Date.parse(a.trigger_timestamp);
		const matching = customer.activities
			.filter((a) => at(a) >= start && at(a) < end && (cursor === undefined || at(a) <= cursor))
			.sort((a, b) => at(b) - at(a));
		const page = matching.slice(0, emulator.activity.cap).reverse();
		const truncated = matching.length > page.length;
		const body = {
			activities: page,
			total: matching.length,
			truncated,
			date_range: { start_time: q.start_time, end_time: q.end_time },
		};
		if (truncated && emulator.activity.cursorField && page.length > 0) {
			body.cursor = new Date(at(page[0])).toISOString();
		}
		return { status: 200, body };
	});

	emulator.addRoute('GET', '/api/v1/customer_search/show_events', (entry) => {
		const uuid = entry.query.uuid;
		if (!has(uuid)) return { status: 400, body: { errors: { uuid: ["can't be blank"] } } };
		const events = emulator.customerEvents.get(uuid);
		if (!events) return { status: 404, body: { message: 'Resource not found' } };
		return { status: 200, raw: JSON.stringify(events) };
	});
}

module.exports = { register, DAY_MS };
