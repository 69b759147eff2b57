import { rejectedRecords } from '../dist/nodes/Blueshift/actions/customer/bulkUpsert.operation';

/** The rule that maps a 200 bulk answer's `errors` back to the records of the call. */
describe('matching failed bulk records to input items', () => {
	const chunk = [
		{ email: 'a@example.com' },
		{ customer_id: 'C-2', lastname: 'Doe' },
		{ email: 'c@example.com', customer_id: 'C-3' },
		{ lastname: 'Williams' },
	];
	const error = { status: 400, error_data: { user_identifier_missing: ['No valid identifier found'] } };

	it('finds nothing in a clean answer', () => {
		expect(rejectedRecords(chunk, { customers: [], errors: [] }).size).toBe(0);
	});

	it('matches by email first, then customer_id', () => {
		const rejected = rejectedRecords(chunk, {
			customers: [{ email: 'c@example.com', customer_id: 'C-9' }, { customer_id: 'C-2' }],
			errors: [error, error],
		});
		expect([...rejected.keys()].sort()).toEqual([1, 2]);
	});

	it('matches the documented echo of a record without identifier by its other fields', () => {
		const rejected = rejectedRecords(chunk, {
			customers: [{ lastname: 'Williams', customer_id: null }],
			errors: [error],
		});
		expect([...rejected.keys()]).toEqual([3]);
		expect(rejected.get(3)?.reason).toBe(
			'Blueshift rejected the record in its bulk call (status 400): user_identifier_missing: No valid identifier found',
		);
	});

	it('fails every record sharing an identifier when it cannot tell which one failed', () => {
		const twice = [{ email: 'x@example.com', firstname: 'A' }, { email: 'x@example.com', firstname: 'B' }, { email: 'y@example.com' }];
		const rejected = rejectedRecords(twice, { customers: [{ email: 'x@example.com' }], errors: [error] });
		expect([...rejected.keys()]).toEqual([0, 1]);
		expect(rejected.get(0)?.reason).toMatch(/more than once/);
	});

	it('fails the whole chunk when a reported failure matches no record', () => {
		const rejected = rejectedRecords(chunk, { customers: [{ email: 'nobody@example.com' }], errors: [error] });
		expect([...rejected.keys()]).toEqual([0, 1, 2, 3]);
		expect(rejected.get(0)?.reason).toMatch(/match no input item/);
	});

	it('fails the whole chunk when errors come without the echoed records', () => {
		const rejected = rejectedRecords(chunk, { errors: [error] });
		expect(rejected.size).toBe(4);
	});
});
