'use strict';
/**
 * Blueshift's event endpoints, as send-event.md and send-bulk-events.md document them:
 *
 * - POST /api/v1/event: one event; answers 200 `{"status": "OK"}` (upper case, as documented).
 * - POST /api/v1/bulkevents: `{ events: [...] }`; answers 200 `{"status": "ok", "count": n}` (lower
 *   case, as documented); more events than `emulator.eventsPerCall` gives 413 with the documented
 *   (catalog) text. The pages say 30 (reference) or 100 (help) per call: 30 unless a test sets it.
 *   5 bulk calls/s per key (429 beyond); no rate is documented for single events, so none is
 *   enforced for them.
 * - Processing is asynchronous: an event with a bad name or no identifier is still accepted (200);
 *   it lands in `emulator.processingErrors` (Blueshift's Click-stream page), not in the answer.
 *   Only a body that is no event at all (no `event`, `events` not a list) gets a 400, in the
 *   documented `{"errors": [{field: message}]}` shape. The pages are silent on what a 400 for a
 *   missing event name looks like; this is the documented example's shape.
 * - Which key: the pages disagree. With `emulator.eventKeys` unset any
 *   accepted key works; set to a list, only those keys may send events (401 otherwise), as the
 *   Authorization page says of the wrong key class. The key class of each event call is recorded
 *   (`keyClass: 'event' | 'user'`), never the key.
 * - `event_uuid`: the pages do not say that a repeated one is deduplicated, so every copy is kept;
 *   `emulator.eventUuidCounts` counts arrivals per event_uuid.
 */

const NAME_RULES = (name) =>
	typeof name === 'string' &&
	name.length > 0 &&
	name.length <= 64 &&
	!name.includes('.') &&
	!/\s/.test(name) &&
	!/^[+-]?\d+$/.test(name);
const has = (v) => v !== undefined && v !== null && v !== '';

function register(emulator) {
	if (emulator.limits) emulator.limits.bulkEvents ??= 5;
	emulator.onReset((emu) => {
		emu.events = [];
		emu.processingErrors = [];
		emu.eventUuidCounts = new Map();
		emu.eventsPerCall = 30;
		emu.eventKeys = undefined;
		emu.eventCalls = [];
	});

	const keyRefused = (entry) => {
		const keys = emulator.eventKeys;
		entry.keyClass = keys && new Set(keys).has(entry.user?.user) ? 'event' : 'user';
		if (keys && entry.keyClass !== 'event')
			return { status: 401, body: { message: 'Not authorized' } };
		return undefined;
	};

	const accept = (event) => {
		emulator.events.push(event);
		if (has(event?.event_uuid)) {
			const id = String(event.event_uuid);
			emulator.eventUuidCounts.set(id, (emulator.eventUuidCounts.get(id) ?? 0) + 1);
		}
		const problems = [];
		if (!NAME_RULES(event?.event)) problems.push('invalid event name');
		if (!['email', 'customer_id', 'device_id', 'cookie'].some((k) => has(event?.[k]))) {
			problems.push('No valid identifier found');
		}
		if (problems.length) emulator.processingErrors.push({ event, problems });
	};

	emulator.addRoute('POST', '/api/v1/event', (entry) => {
		const refused = keyRefused(entry);
		if (refused) return refused;
		if (!has(entry.body.event))
			return { status: 400, body: { errors: [{ event: "can't be blank" }] } };
		emulator.eventCalls.push({ path: entry.path, keyClass: entry.keyClass, events: 1 });
		accept(entry.body);
		return { status: 200, body: { status: 'OK' } };
	});

	emulator.addRoute(
		'POST',
		'/api/v1/bulkevents',
		(entry) => {
			const refused = keyRefused(entry);
			if (refused) return refused;
			const { events } = entry.body;
			if (!Array.isArray(events))
				return { status: 400, body: { errors: [{ events: "can't be blank" }] } };
			if (events.length > emulator.eventsPerCall) {
				return {
					status: 413,
					body: { message: 'You can upload maximum 100 products in one api call' },
				};
			}
			emulator.eventCalls.push({
				path: entry.path,
				keyClass: entry.keyClass,
				events: events.length,
			});
			for (const event of events) accept(event);
			return { status: 200, body: { status: 'ok', count: events.length } };
		},
		{ limit: 'bulkEvents' },
	);
}

module.exports = { register };
