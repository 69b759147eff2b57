/**
 * The Blueshift Trigger's reading of a delivery, as pure functions (dist/, as n8n loads it): the
 * timestamps Blueshift may send, the shapes, and the campaign list. The node over HTTP and n8n's
 * engine is in trigger.test.ts.
 */
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const delivery = require(path.join(__dirname, '..', 'dist/nodes/BlueshiftTrigger/delivery.js'));
const { campaignList, decode, isoTimestamp, normalise, filterValue } = delivery;

describe('Blueshift Trigger: trigger_timestamp as ISO 8601 (UTC)', () => {
	it.each([
		[
			"ISO 8601 with Z, as in Blueshift's sample",
			'2018-12-12T06:57:06.016Z',
			'2018-12-12T06:57:06.016Z',
		],
		['an offset with a colon', '2018-12-12T12:27:06.016+05:30', '2018-12-12T06:57:06.016Z'],
		['an offset without a colon', '2018-12-12T01:57:06-0500', '2018-12-12T06:57:06.000Z'],
		['an hour-only offset', '2018-12-12T08:57:06+02', '2018-12-12T06:57:06.000Z'],
		[
			"no zone: read as UTC, not as the server's local time",
			'2018-12-12T06:57:06',
			'2018-12-12T06:57:06.000Z',
		],
		['a space instead of T', '2018-12-12 06:57:06.5Z', '2018-12-12T06:57:06.500Z'],
		[
			'microseconds, cut to milliseconds',
			'2018-12-12T06:57:06.016789Z',
			'2018-12-12T06:57:06.016Z',
		],
		['minutes only', '2018-12-12T06:57Z', '2018-12-12T06:57:00.000Z'],
		['a date alone: midnight UTC', '2018-12-12', '2018-12-12T00:00:00.000Z'],
		['epoch seconds', 1544597826, '2018-12-12T06:57:06.000Z'],
		['epoch milliseconds', 1544597826016, '2018-12-12T06:57:06.016Z'],
		['epoch seconds as text', '1544597826', '2018-12-12T06:57:06.000Z'],
		['epoch seconds with a fraction', 1544597826.5, '2018-12-12T06:57:06.500Z'],
	])('reads %s', (_name, value, iso) => {
		expect(isoTimestamp(value)).toBe(iso);
	});

	it.each([
		['missing', undefined],
		['null', null],
		['text', 'yesterday'],
		['an impossible date', '2018-13-45T06:57:06Z'],
		['an object', { at: 1 }],
		['not finite', Infinity],
		['empty', ''],
	])('gives null for %s', (_name, value) => {
		expect(isoTimestamp(value)).toBeNull();
	});
});

describe('Blueshift Trigger: shapes', () => {
	it('takes {"batch": [...]} for the activity export, whatever else the object holds', () => {
		expect(decode({ batch: [{ action: 'opened' }], account: 'x' })).toEqual({
			kind: 'activity',
			entries: [{ action: 'opened' }],
			notObjects: 0,
		});
	});

	it('takes an object with a status and a campaign_uuid or a user for the execution status', () => {
		expect(decode({ status: 'success', campaign_uuid: 'c' }).kind).toBe('executionStatus');
		expect(decode({ status: 'failed', user: { email: 'a@b.c' } }).kind).toBe('executionStatus');
		expect(decode({ status: 200, campaign_uuid: 'c' }).kind).toBe('invalid');
	});

	it('names at most five keys of an object of neither shape', () => {
		const { reason } = decode({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 });
		expect(reason).toMatch(/\(keys: a, b, c, d, e\)/);
		expect(decode({}).reason).toMatch(/\(keys: none\)/);
	});
});

describe('Blueshift Trigger: normalised fields', () => {
	it("prefers the activity's own email and customer_id, and turns a numeric customer_id into text", () => {
		const fields = normalise(
			'activity',
			{ action: ' Opened ', email: 'a@b.c', customer_id: 1234 },
			'now',
		);
		expect(fields).toMatchObject({
			eventAction: 'opened',
			customerEmail: 'a@b.c',
			customerId: '1234',
		});
	});

	it('gives null for what an entry lacks, never undefined', () => {
		const fields = normalise('activity', {}, '2020-01-01T00:00:00.000Z');
		expect(fields).toEqual({
			eventKind: 'activity',
			eventAction: null,
			campaignUuid: null,
			customerEmail: null,
			customerId: null,
			eventTimestamp: null,
			receivedAt: '2020-01-01T00:00:00.000Z',
		});
		expect(filterValue(fields)).toBe('otherActivity');
	});

	it('uses camelCase names that no documented Blueshift field has', () => {
		const fields = Object.keys(normalise('activity', {}, 'now'));
		for (const name of fields) expect(name).toMatch(/^[a-z]+[A-Z][A-Za-z]*$/);
	});
});

describe('Blueshift Trigger: the Campaign UUIDs parameter', () => {
	it('splits on commas, semicolons, spaces and new lines, and lowercases', () => {
		expect(campaignList(' A-1, b-2;c-3\n\nD-4 ')).toEqual(['a-1', 'b-2', 'c-3', 'd-4']);
		expect(campaignList('')).toEqual([]);
		expect(campaignList(undefined)).toEqual([]);
	});
});
