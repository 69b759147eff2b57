import { FAST, jsonOf, pairedOf, run, runV2, useEmulator } from './support/fixtures';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
const listOp = (operation: string, fields: Record<string, unknown> = {}) => ({
	resource: 'customList',
	operation,
	options: FAST,
	...fields,
});
const create = (fields: Record<string, unknown> = {}) =>
	listOp('create', {
		name: '={{ $json.name }}',
		listDescription: '={{ $json.description }}',
		...fields,
	});

describe('Custom User List: Create and Get, and the List field of version 2', () => {
	const emulator = useEmulator() as ReturnType<typeof useEmulator> & {
		lists: Map<string, { source: string; members: Set<string> }>;
		listCreateAsArray: boolean;
	};

	it('Create: the new list with its ID first, paired to its item; a missing field names the item and field', async () => {
		const result = await runV2(emulator, create({ source: 'customer_id' }), [
			{ name: 'Webinar', description: 'Attendees' },
			{ name: 'No description', description: '' },
		]);
		expect(Object.keys(result.success[0].json)[0]).toBe('id');
		expect(result.success[0].json).toMatchObject({
			id: 60001,
			name: 'Webinar',
			source: 'customer_id',
		});
		expect(pairedOf(result.errors)).toEqual([1]);
		expect(result.errors[0].json.error).toBe(
			'Invalid input in item 1: Description is required: what the list holds',
		);
		expect(emulator.requests.map((r) => r.body)).toEqual([
			{ name: 'Webinar', description: 'Attendees', source: 'customer_id', is_seed_list: 0 },
		]);
	});

	it("Create reads the page's example too (a list of one list)", async () => {
		emulator.listCreateAsArray = true;
		const result = await run(emulator, create(), [{ name: 'A', description: 'B' }]);
		expect(jsonOf(result.success)).toEqual([expect.objectContaining({ id: 60001, name: 'A' })]);
	});

	it('Create is not sent again after a 502 (a second list, or a duplicate name)', async () => {
		emulator.script('/custom_user_lists/create', [{ status: 502 }]);
		const result = await runV2(emulator, create(), [{ name: 'A', description: 'B' }]);
		expect(result.errors).toHaveLength(1);
		expect(emulator.requests).toHaveLength(1);
	});

	it('the created list is filled by the next call: Add Customer with the List by ID from the output', async () => {
		const made = await runV2(emulator, create(), [{ name: 'Fill me', description: 'x' }]);
		const id = String(made.success[0].json.id);
		const added = await runV2(
			emulator,
			listOp('addCustomer', {
				list: byId('={{ $json.id }}'),
				identifierKey: 'email',
				identifierValue: 'ada@example.com',
			}),
			[{ id }],
		);
		expect(added.errors).toEqual([]);
		expect([...emulator.lists.get(id)!.members]).toEqual(['ada@example.com']);
	});

	it('Get: by ID and by URL; an unknown list is the item 404; a bad ID names the field, nothing sent', async () => {
		const result = await runV2(emulator, listOp('get', { list: '={{ $json.list }}' }), [
			{ list: byId('52817') },
			{ list: byUrl('https://app.getblueshift.com/dashboard#/app/custom_list/52818/edit') },
			{ list: byId('99999') },
			{ list: byId('abc') },
		]);
		expect(jsonOf(result.success).map((l) => [l.id, l.source])).toEqual([
			[52817, 'email'],
			[52818, 'customer_id'],
		]);
		expect(pairedOf(result.errors)).toEqual([2, 3]);
		expect(result.errors[0].json.error).toMatch(/^List not found/);
		expect(result.errors[1].json.error).toMatch(
			/^Invalid input in item 3: List \(By ID\) must be the list's number/,
		);
		expect(emulator.requests).toHaveLength(3);
	});

	it('a workflow saved with version 1 (List ID as text) runs unchanged', async () => {
		const result = await run(
			emulator,
			listOp('addCustomer', {
				listId: '52817',
				identifierKey: 'email',
				identifierValue: 'ada@example.com',
			}),
			[{}],
		);
		expect(result.errors).toEqual([]);
		expect(emulator.requests[0].path).toBe('/api/v1/custom_user_lists/add_user_to_list/52817');
	});
});
