'use strict';
/**
 * Blueshift's custom user list endpoints, as add-user-to-list.md, remove-user-from-list.md,
 * bulk-add-users-to-list.md and bulk-remove-users-from-list.md document them (all PUT):
 *
 * - /api/v1/custom_user_lists/add_user_to_list/:listId and .../remove_user_from_list/:listId with
 *   `{ identifier_key, identifier_value }`: 200. The pages declare no body; this answers an empty
 *   body, the least the node must cope with.
 * - /api/v1/custom_user_lists/bulk_add_users_to_list/:listId and .../bulk_remove_users_from_list/:listId
 *   [?async=true] with `{ identifier_key, identifier_values }`: 200 `{"status": "ok", "errors": []}`;
 *   more than 25 values (500 with async=true) is 413 with the documented text.
 * - The identifier key must match the list's source type (the single-add page says so). The pages do
 *   not say how a mismatch is answered: here it is 400 with the documented "Input params not valid"
 *   body, as for an unsupported identifier_key.
 * - A value the list refuses (`emulator.refuseListValue(value, reason)`): the single calls answer
 *   400 `{"errors": [{"detail": reason}]}`; the bulk calls list it in the 200 answer's `errors`.
 *   The element shape of `errors` is not documented ("array of objects"); here it is
 *   `{ identifier_value, error }`, and the node places an entry by any field naming a value.
 * - Unknown list: 404 (single: "Resource not found", which the page says to retry; bulk: the list
 *   has been deleted, not retried). An old list (`old: true`) answers 422 "Functionality not
 *   supported for old list" to the bulk calls.
 * - Bulk remove with async (Blueshift's pages disagree): the current page documents async=true (500 values);
 *   an older version has no async option. `emulator.listRemoveAsync` = 'supported' (default),
 *   'ignored' (async=true is ignored: the sync limit of 25 applies) or 'refused' (400).
 * - Async mode: accepted at once, done "in the background": here applied at once, recorded in
 *   `emulator.listCalls` with `async: true`.
 * - No rate is documented for any list endpoint, so none is enforced.
 *
 * State: `emulator.lists` (id -> { source, members: Set, old }), `emulator.listCalls` (one entry per
 * accepted or refused call: { action, bulk, async, listId, key, values, status }).
 */

const SYNC_MAX = 25;
const ASYNC_MAX = 500;
const INVALID = { errors: [{ detail: 'Input params not valid' }] };

/** The lists every test starts with. */
const DEFAULT_LISTS = [
	{ id: '52817', source: 'email' },
	{ id: '52818', source: 'customer_id' },
	{ id: '40001', source: 'email', old: true },
];

function register(emulator) {
	emulator.onReset((emu) => {
		emu.lists = new Map(
			DEFAULT_LISTS.map((l) => [l.id, { source: l.source, members: new Set(), old: !!l.old }]),
		);
		emu.listRefusals = new Map();
		emu.listCalls = [];
		emu.listRemoveAsync = 'supported';
	});
	emulator.addList = (id, source, { old = false, members = [] } = {}) => {
		emulator.lists.set(String(id), { source, members: new Set(members), old });
		return emulator;
	};
	emulator.refuseListValue = (value, reason = 'Invalid identifier value') => {
		emulator.listRefusals.set(String(value), reason);
		return emulator;
	};

	const apply = (list, action, value) => {
		if (action === 'add') list.members.add(value);
		else list.members.delete(value); // the pages do not say what removing a non-member does: 200
	};

	const single =
		(action) =>
		(entry, { listId }) => {
			const { identifier_key: key, identifier_value: value } = entry.body;
			const call = { action, bulk: false, async: false, listId, key, values: [value] };
			emulator.listCalls.push(call);
			const list = emulator.lists.get(listId);
			const answer = (status, body, raw) => (
				(call.status = status),
				{ status, body, ...(raw !== undefined ? { raw } : {}) }
			);
			if (!list) return answer(404, { message: 'Resource not found' });
			if (!['email', 'customer_id'].includes(key) || typeof value !== 'string' || value === '')
				return answer(400, INVALID);
			if (key !== list.source) return answer(400, INVALID);
			const refused = emulator.listRefusals.get(value);
			if (refused) return answer(400, { errors: [{ detail: refused }] });
			apply(list, action, value);
			return answer(200, undefined, '');
		};

	const bulk =
		(action) =>
		(entry, { listId }) => {
			const { identifier_key: key, identifier_values: values } = entry.body;
			const asyncMode = entry.query?.async === 'true';
			const call = { action, bulk: true, async: asyncMode, listId, key, values };
			emulator.listCalls.push(call);
			const answer = (status, body) => ((call.status = status), { status, body });
			const list = emulator.lists.get(listId);
			if (!list) return answer(404, { message: 'Not Found' });
			if (list.old) return answer(422, { message: 'Functionality not supported for old list' });
			if (!['email', 'customer_id'].includes(key) || !Array.isArray(values))
				return answer(400, INVALID);
			let max = asyncMode ? ASYNC_MAX : SYNC_MAX;
			if (asyncMode && action === 'remove') {
				if (emulator.listRemoveAsync === 'refused') return answer(400, INVALID);
				if (emulator.listRemoveAsync === 'ignored') {
					max = SYNC_MAX;
					call.async = false;
				}
			}
			const verb = action === 'add' ? 'add' : 'remove';
			if (values.length > max) {
				return answer(413, {
					error: call.async
						? `You can ${verb} maximum ${ASYNC_MAX} users in one async api call`
						: `You can ${verb} maximum ${SYNC_MAX} users in one api call`,
				});
			}
			if (key !== list.source) return answer(400, INVALID);
			const errors = [];
			for (const value of values) {
				const refused = emulator.listRefusals.get(String(value));
				if (refused) errors.push({ identifier_value: value, error: refused });
				else apply(list, action, String(value));
			}
			return answer(200, { status: 'ok', errors });
		};

	const base = '/api/v1/custom_user_lists';
	emulator.addRoute('PUT', `${base}/add_user_to_list/:listId`, single('add'));
	emulator.addRoute('PUT', `${base}/remove_user_from_list/:listId`, single('remove'));
	emulator.addRoute('PUT', `${base}/bulk_add_users_to_list/:listId`, bulk('add'));
	emulator.addRoute('PUT', `${base}/bulk_remove_users_from_list/:listId`, bulk('remove'));
}

module.exports = { register, DEFAULT_LISTS, SYNC_MAX, ASYNC_MAX };
