'use strict';
/**
 * Creating and reading custom user lists, as create-custom-list.md and get-custom-list.md (the
 * OpenAPI pages) document them:
 *
 * - POST /api/v1/custom_user_lists/create `{ name, description, is_seed_list?, source? }`: name and
 *   description required; source `email` (the default) or `customer_id`. 200: the new list, an
 *   object (the schema) `{ id, account_id, filename, description, user_count, status, created_at,
 *   ..., source, uuid, is_seed_list, import_method, version, author }`; the page's example is a list
 *   of one such object (`emulator.listCreateAsArray = true` answers that reading). Not in the pages,
 *   this emulator's choices: a missing field is 400 `{"errors": [{"detail": ...}]}` (the body the
 *   list pages show for 400), a name already used is 422 `{"success": false, "error": ...}` (the
 *   page asks for a unique name but does not say how a duplicate is refused), new IDs from 60001,
 *   and `filename` holding the name (the schema has no name field).
 * - GET /api/v1/custom_user_lists/id/:id: the list's object; an unknown ID: 404 (no body documented;
 *   here `{"message": "Not Found"}`).
 * - No rate is documented, so none is enforced.
 *
 * State: `emulator.lists` (lists.js's map; a created list joins it, so the add and remove calls
 * take it), `emulator.listDetails` (id -> the object answered).
 */

function register(emulator) {
	let next = 60000;
	emulator.onReset((emu) => {
		emu.listDetails = new Map();
		emu.listCreateAsArray = false;
		next = 60000;
	});

	const detailsOf = (id, list) =>
		emulator.listDetails.get(id) ?? {
			id: Number(id),
			account_id: 182,
			filename: `list ${id}`,
			description: '',
			filesize: null,
			user_count: list.members.size,
			status: 'ready',
			created_at: '2026-01-01T00:00:00.000Z',
			updated_at: '2026-01-01T00:00:00.000Z',
			is_exporting: false,
			user_id: 4981,
			source: list.source,
			uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
			is_seed_list: false,
			deleted_at: null,
			import_method: 'api',
			version: 'v2',
			author: 'Ada Lovelace',
		};

	emulator.addRoute('POST', '/api/v1/custom_user_lists/create', (entry) => {
		const { name, description, source = 'email', is_seed_list: seed } = entry.body;
		const missing = ['name', 'description'].find(
			(k) => typeof entry.body[k] !== 'string' || entry.body[k].trim() === '',
		);
		if (missing) return { status: 400, body: { errors: [{ detail: `${missing} is required` }] } };
		if (source !== 'email' && source !== 'customer_id')
			return { status: 400, body: { errors: [{ detail: 'source must be email or customer_id' }] } };
		if ([...emulator.listDetails.values()].some((l) => l.filename === name))
			return { status: 422, body: { success: false, error: 'Name has already been taken' } };
		const id = String(++next);
		emulator.lists.set(id, { source, members: new Set(), old: false });
		const now = new Date().toISOString();
		const details = {
			...detailsOf(id, emulator.lists.get(id)),
			filename: name,
			description,
			created_at: now,
			updated_at: now,
			uuid: require('node:crypto').randomUUID(),
			is_seed_list: seed === 1,
		};
		emulator.listDetails.set(id, details);
		return { status: 200, body: emulator.listCreateAsArray ? [details] : details };
	});

	emulator.addRoute(
		'GET',
		'/api/v1/custom_user_lists/id/:id',
		(_entry, { id }) => {
			const list = emulator.lists.get(String(id));
			if (!list) return { status: 404, body: { message: 'Not Found' } };
			return {
				status: 200,
				body: { ...detailsOf(String(id), list), user_count: list.members.size },
			};
		},
		{ body: false },
	);
}

module.exports = { register };
