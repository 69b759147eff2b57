import type { IDataObject } from 'n8n-workflow';

import { failedRecords } from '../dist/nodes/Blueshift/helpers/bulkAnswer';

/**
 * The bulk matching rule (helpers/bulkAnswer.ts, docs/customer.md "The bulk matching rule"), each case
 * with the answer written out by hand from the bulk page's documented shape.
 */
describe('reading a 200 bulk answer back onto the records of the call', () => {
	const chunk = [
		{ email: 'a@example.com' },
		{ customer_id: 'C-2', lastname: 'Doe' },
		{ email: 'c@example.com', customer_id: 'C-3' },
		{ lastname: 'Williams' },
	];
	const error = {
		status: 400,
		error_data: { user_identifier_missing: ['No valid identifier found'] },
	};
	const failed = (body: IDataObject, records: IDataObject[] = chunk) =>
		[...failedRecords(records, body).keys()].sort();

	it.each([
		['an empty list', { customers: [], errors: [] }],
		['no errors key', { customers: [] }],
		['errors null', { errors: null }],
		['an empty object', { errors: {} }],
	])('finds nothing in %s', (_name, body) => {
		expect(failed(body)).toEqual([]);
	});

	it('matches by email first, then customer_id', () => {
		expect(
			failed({
				customers: [{ email: 'c@example.com', customer_id: 'C-9' }, { customer_id: 'C-2' }],
				errors: [error, error],
			}),
		).toEqual([1, 2]);
	});

	it("matches the page's echo of a record without identifier by its other fields", () => {
		const result = failedRecords(chunk, {
			customers: [{ lastname: 'Williams', customer_id: null }],
			errors: [error],
		});
		expect([...result.keys()]).toEqual([3]);
		expect(result.get(3)?.reason).toBe(
			'Blueshift refused the record in its bulk answer (status 400): user_identifier_missing: No valid identifier found',
		);
	});

	it('matches an echoed email without regard to case (Blueshift may lower-case it)', () => {
		const records = [
			{ email: 'Ada@Example.com' },
			{ email: 'b@example.com' },
			{ email: 'c@example.com' },
		];
		expect(failed({ customers: [{ email: 'ada@example.com' }], errors: [error] }, records)).toEqual(
			[0],
		);
	});

	it('the same refused record twice in the answer fails that record only, not the rest of the call', () => {
		expect(
			failed({
				customers: [{ email: 'a@example.com' }, { email: 'a@example.com' }],
				errors: [error, error],
			}),
		).toEqual([0]);
	});

	it('an errors value that is not a list (the 400 shape) fails every record: none is shown saved', () => {
		const result = failedRecords(chunk, { errors: { email: ['is invalid'] } });
		expect([...result.keys()].sort()).toEqual([0, 1, 2, 3]);
		expect(result.get(0)?.reason).toMatch(/without saying which record .*email: is invalid/);
		expect(failed({ errors: 'something went wrong' })).toEqual([0, 1, 2, 3]);
	});

	it('compares fields of a record without identifier by content, not as "[object Object]"', () => {
		const records = [
			{ lastname: 'X', address: { city: 'Paris' } },
			{ lastname: 'X', address: { city: 'Rome' } },
		];
		expect(
			failed(
				{
					customers: [{ lastname: 'X', address: { city: 'Rome' }, customer_id: null }],
					errors: [error],
				},
				records,
			),
		).toEqual([1]);
	});

	it('fails every record sharing an identifier when it cannot tell which one failed', () => {
		const twice = [
			{ email: 'x@example.com', firstname: 'A' },
			{ email: 'x@example.com', firstname: 'B' },
			{ email: 'y@example.com' },
		];
		const result = failedRecords(twice, {
			customers: [{ email: 'x@example.com' }],
			errors: [error],
		});
		expect([...result.keys()]).toEqual([0, 1]);
		expect(result.get(0)?.reason).toMatch(/more than once/);
	});

	it('fails the whole call when a reported failure matches no record', () => {
		const result = failedRecords(chunk, {
			customers: [{ email: 'nobody@example.com' }],
			errors: [error],
		});
		expect([...result.keys()]).toEqual([0, 1, 2, 3]);
		expect(result.get(0)?.reason).toMatch(/match no input item/);
	});

	it('fails the whole call when errors come without the echoed records, or with an empty echo', () => {
		expect(failed({ errors: [error] })).toEqual([0, 1, 2, 3]);
		expect(failed({ customers: [{}], errors: [error] })).toEqual([0, 1, 2, 3]);
		expect(failed({ customers: [{ customer_id: null }], errors: [error] })).toEqual([0, 1, 2, 3]);
	});

	it('places an entry that names its record itself when the echo is missing (its customer, or its identifiers)', () => {
		expect(failed({ errors: [{ ...error, email: 'C@example.com' }] })).toEqual([2]);
		expect(
			failed({
				errors: [
					{ ...error, customer: { customer_id: 'C-2' } },
					{ ...error, customer_id: 'C-3' },
				],
			}),
		).toEqual([1, 2]);
		// the echo, where there is one, decides
		expect(
			failed({
				customers: [{ email: 'a@example.com' }],
				errors: [{ ...error, email: 'c@example.com' }],
			}),
		).toEqual([0]);
	});

	it('an entry naming several identifiers fits only a record that holds them all; none: the whole call fails', () => {
		const records = [
			{ email: 'a@example.com', customer_id: 'C-1' },
			{ email: 'b@example.com', customer_id: 'C-2' },
			{ email: 'a@example.com', customer_id: 'C-3' },
		];
		expect(
			failed({ errors: [{ ...error, customer_id: 'C-3', email: 'A@example.com' }] }, records),
		).toEqual([2]);
		expect(
			failed({ errors: [{ ...error, email: 'a@example.com', customer_id: 'C-2' }] }, records),
		).toEqual([0, 1, 2]);
	});

	it('keeps placed failures with their own reason when another cannot be placed', () => {
		const result = failedRecords(chunk, {
			customers: [{ email: 'a@example.com' }, { email: 'nobody@example.com' }],
			errors: [{ status: 400, error_data: { email: ['is invalid'] } }, error],
		});
		expect(result.get(0)?.reason).toMatch(/email: is invalid/);
		expect(result.get(1)?.reason).toMatch(/match no input item/);
		expect(result.size).toBe(4);
	});
});
