'use strict';
/**
 * Get, Search, Stop Tracking (forget) and Delete, as shared/blueshift-api documents them
 * (get-customer.md, search-customer.md, stop-tracking-customer.md, delete-customer.md).
 *
 * Profiles: those the upsert routes stored (`emulator.customers`) and those a test adds with
 * `emulator.addProfile(profile)` (several profiles may share an email, as Blueshift allows). Each is
 * answered in the documented profile shape: standard fields at the top level, custom attributes
 * inside `custom_attributes`.
 *
 * Forget and delete are accepted at once and done "in a couple of hours" by Blueshift: here they
 * are recorded (`emulator.forgotten`, `emulator.deleted`) and the profiles stay until a test calls
 * `emulator.completeDeletions()`, which stands for those hours passing.
 *
 * Where the pages are silent the choice is said in a comment, and `emulator.lifecycle` lets a test
 * switch to the other reading, so the node is shown to cope with both:
 * - `searchMiss`: 'empty' (200 `{ users: [] }`, the default) or '404': how an unknown email is answered.
 * - `forgetIdentifiers`: the identifiers forget accepts: the current page's four (default), or the
 *   older page's `['email', 'customer_id']` (Blueshift's pages disagree).
 * - `deleteBody`, `forgetBody`: the raw body of a 2xx answer (see the routes).
 *
 * No rate is documented for any of these endpoints, so none is enforced (no `limit`).
 */
const crypto = require('node:crypto');

const NOT_FOUND = { message: 'Resource not found' };
/** The 400 for a call without identifier: the pages give no body; unforget's shape in server.js is reused. */
const NO_IDENTIFIER = { errors: { user_identifier_missing: ['No valid identifier found'] } };

/** The profile fields the reference pages list (get-customer.md, search-customer.md). */
const PROFILE_FIELDS = [
	'activated_at',
	'created_at',
	'custom_attributes',
	'customer_id',
	'device_ids',
	'device_tokens',
	'email',
	'email_hash',
	'facebook',
	'first_lp_url',
	'first_referrer',
	'first_utm_campaign',
	'first_utm_content',
	'first_utm_medium',
	'first_utm_source',
	'first_utm_term',
	'firstname',
	'lastname',
	'joined_at',
	'last_browser_platform',
	'last_browser_type',
	'last_browser_version',
	'last_ip',
	'last_location_city',
	'last_location_country',
	'last_location_country_code',
	'last_location_geo_latitude',
	'last_location_geo_longitude',
	'last_location_pin_code',
	'last_location_state',
	'last_location_timezone',
	'last_lp_url',
	'last_pageview_url',
	'last_purchase_at',
	'last_referrer',
	'last_send_at',
	'last_utm_campaign',
	'last_utm_content',
	'last_utm_medium',
	'last_utm_source',
	'last_utm_term',
	'last_visit_at',
	'lifetime_orders',
	'lifetime_revenue',
	'lifetime_visits',
	'opt_out_of_ads',
	'opted_out_of_ads_at',
	'phone_number',
	'predictive_engagement_percentile',
	'predictive_purchase_intent_percentile',
	'predictive_retention_percentile',
	'session_last_activity_at',
	'subscribed_at',
	'unsubscribed',
	'unsubscribed_at',
	'updated_at',
	'uuid',
];
const PROFILE = new Set(PROFILE_FIELDS);
/** What the upsert routes store that is no profile field and no custom attribute. */
const NOT_ATTRIBUTES = new Set(['subscription_groups', 'email_domain', 'gender']);

/** A stored record in the documented profile shape. */
function profileOf(stored) {
	const profile = {
		activated_at: null,
		created_at: stored.created_at ?? null,
		custom_attributes: {},
		customer_id: null,
		device_ids: [],
		device_tokens: [],
		email: null,
		email_hash: stored.email
			? crypto.createHash('md5').update(String(stored.email)).digest('hex')
			: null,
		firstname: null,
		lastname: null,
		joined_at: null,
		phone_number: null,
		unsubscribed: false,
		updated_at: stored.updated_at ?? stored.created_at ?? null,
	};
	for (const [key, value] of Object.entries(stored)) {
		if (key === 'custom_attributes' && value && typeof value === 'object')
			Object.assign(profile.custom_attributes, value);
		else if (PROFILE.has(key)) profile[key] = value;
		else if (!NOT_ATTRIBUTES.has(key)) profile.custom_attributes[key] = value;
	}
	return profile;
}

function register(emulator) {
	emulator.onReset((emu) => {
		emu.profiles = [];
		emu.forgotten = [];
		emu.deleted = [];
		emu.lifecycle = {
			searchMiss: 'empty',
			forgetIdentifiers: ['email', 'customer_id', 'cookie', 'device_id'],
		};
	});

	/** Adds a profile as Blueshift holds it (a uuid is made when none is given); returns it. */
	emulator.addProfile = (profile) => {
		const stored = { uuid: crypto.randomUUID(), created_at: new Date().toISOString(), ...profile };
		emulator.profiles.push(stored);
		return stored;
	};

	/** Every profile Blueshift holds now: stored by upserts, and added by tests. */
	const allProfiles = () => [...emulator.customers.values(), ...emulator.profiles];

	/** Stands for the hours Blueshift takes: the profiles deleted or forgotten so far are gone. */
	emulator.completeDeletions = () => {
		const gone = new Set(emulator.deleted.flatMap((d) => d.matched));
		for (const f of emulator.forgotten) for (const p of f.matched) gone.add(p);
		for (const [key, stored] of emulator.customers)
			if (gone.has(stored.uuid)) emulator.customers.delete(key);
		emulator.profiles = emulator.profiles.filter((p) => !gone.has(p.uuid));
	};

	const has = (v) => v !== undefined && v !== null && v !== '';
	/** The profiles a body's identifiers match, in the order they were created. */
	const matching = (body, keys) =>
		allProfiles().filter((p) => keys.some((key) => has(body[key]) && matches(p, key, body[key])));
	const matches = (profile, key, value) => {
		if (key === 'device_id') return (profile.device_ids ?? []).map(String).includes(String(value));
		return has(profile[key]) && String(profile[key]) === String(value);
	};

	// GET /api/v1/customers/{uuid}: `{ customer }`. A uuid no profile has: 404 (the documented
	// status; its body is not documented, the generic "Resource not found" is used).
	emulator.addRoute('GET', '/api/v1/customers/:uuid', (entry, { uuid }) => {
		const stored = allProfiles().find((p) => p.uuid === uuid);
		if (!stored) return { status: 404, body: NOT_FOUND };
		return { status: 200, body: { customer: profileOf(stored) } };
	});

	// GET /api/v1/customers?email=: `{ users: [...], user }`, `user` the most relevant match. Which
	// profile Blueshift deems most relevant is not documented: here the most recently updated one
	// (the newest when none says). No match is not documented either (see `searchMiss`). A call
	// without email gets a 400 (its body is not documented).
	emulator.addRoute('GET', '/api/v1/customers', (entry) => {
		const email = entry.query.email;
		if (!has(email)) return { status: 400, body: { errors: { email: ["can't be blank"] } } };
		const found = allProfiles().filter((p) => String(p.email ?? '') === email);
		if (found.length === 0) {
			return emulator.lifecycle.searchMiss === '404'
				? { status: 404, body: NOT_FOUND }
				: { status: 200, body: { users: [] } };
		}
		const time = (p) => Date.parse(p.updated_at ?? p.created_at ?? '') || 0;
		const best = found.reduce((a, b) => (time(b) >= time(a) ? b : a));
		return { status: 200, body: { users: found.map(profileOf), user: profileOf(best) } };
	});

	// POST /api/v1/customers/forget: at least one identifier, or 400. The page's example answer is
	// missing; the sibling unforget answers {"status": "ok"}, which the page says forget most likely
	// does too (unverified): that is the default, `forgetBody` replaces it.
	emulator.addRoute('POST', '/api/v1/customers/forget', (entry) => {
		const body = entry.body;
		const keys = emulator.lifecycle.forgetIdentifiers;
		if (!keys.some((key) => has(body[key]))) return { status: 400, body: NO_IDENTIFIER };
		const matched = matching(body, keys).map((p) => p.uuid);
		emulator.forgotten.push({ body, matched });
		return emulator.lifecycle.forgetBody !== undefined
			? { status: 200, raw: emulator.lifecycle.forgetBody }
			: { status: 200, body: { status: 'ok' } };
	});

	// POST /api/v1/customers/delete[?delete_all_matching_customers=true]: email or customer_id (the
	// only documented identifiers), or 400. Without the flag the first match is deleted; with
	// `true` every match, at most 50 per call. An identifier that matches nobody: not documented,
	// accepted like any other (the deletion is a background job). The answer is a 200 whose body
	// the page does not show and the OpenAPI does not declare: an empty body by default.
	emulator.addRoute('POST', '/api/v1/customers/delete', (entry) => {
		const body = entry.body;
		if (!has(body.email) && !has(body.customer_id)) return { status: 400, body: NO_IDENTIFIER };
		const all = entry.query.delete_all_matching_customers === 'true';
		const found = matching(body, ['email', 'customer_id']);
		const matched = (all ? found.slice(0, 50) : found.slice(0, 1)).map((p) => p.uuid);
		emulator.deleted.push({ body, query: entry.query, all, matched });
		return { status: 200, raw: emulator.lifecycle.deleteBody ?? '' };
	});
}

module.exports = { register, profileOf, PROFILE_FIELDS };
