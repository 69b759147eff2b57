import { Emulator } from '../emulator/server';
import { jsonOf, paired, useHost, workflowsIn } from './host';
import { output, VERSIONS } from './n8n';

/**
 * Node version 2 in a real n8n: the campaign and the list as resource locators (From List, By UUID,
 * By URL), the campaign reads and state changes, and a list created then filled by its ID. The
 * workflows saved with version 1 (campaign-*.json, list-*.json) run beside them unchanged.
 */
const KEY = 'e2e-user-api-key-7d41';
const SHIPPED = '4b8e2d10-7c3a-4f96-b1e5-9a0d6c2f8e47';

describe.each(VERSIONS)('n8n %s: node version 2 (campaigns and lists picked)', (version) => {
	const emulator = new Emulator({ keys: [KEY] }) as Emulator & Record<string, any>;
	const { run } = useHost(version, emulator, workflowsIn(/^v2-.*\.json$/), { apiKey: KEY });

	it('lists every campaign, reads each by UUID, pauses each by URL, triggers the one picked from the list', async () => {
		const result = await run(
			'E2E: v2, campaigns listed, read, paused and triggered by picked campaign',
		);
		const listed = output(result, 'List campaigns', 0);
		expect(jsonOf(listed).map((c) => c.name)).toEqual([
			'Order shipped',
			'Password reset',
			'Weekly newsletter',
		]);
		expect(jsonOf(output(result, 'Get campaign', 0)).map((c) => c.uuid)).toEqual(
			jsonOf(listed).map((c) => c.uuid),
		);
		expect(jsonOf(output(result, 'Pause', 0)).map((c) => c.status)).toEqual([
			'paused',
			'paused',
			'paused',
		]);
		const triggered = output(result, 'Trigger picked', 0);
		expect(paired(triggered)).toEqual([0, 1, 2]);
		expect(emulator.messages.map((m: any) => m.campaign_uuid)).toEqual([SHIPPED, SHIPPED, SHIPPED]);
	});

	it('creates a list (a bad item on the error output), fills it by the new ID, reads it back by URL', async () => {
		const result = await run('E2E: v2, a list created, filled by its ID and read back');
		const created = output(result, 'Create list', 0);
		expect(jsonOf(created).map((l) => l.name)).toEqual(['Webinar']);
		expect(output(result, 'Create list', 1).map((i) => i.json.error)).toEqual([
			'Invalid input in item 1: Name is required: the list name, unique in the account',
		]);
		const id = String(created[0].json.id);
		expect([...emulator.lists.get(id).members]).toEqual(['ada@example.com']);
		expect(jsonOf(output(result, 'Get list', 0))).toEqual([
			expect.objectContaining({ id: Number(id), user_count: 1, source: 'email' }),
		]);
	});

	it("reads a customer's activity (every page) and events, merges duplicates; bad rows on the error branch", async () => {
		const day = 86_400_000;
		const at = (ago: number) => new Date(Date.now() - ago * day).toISOString();
		emulator.activity.cap = 2; // the page's 10,000, lowered: the node follows the cursor
		emulator.seedActivities(
			{ email: 'sam.ortiz@example.com' },
			[5, 4, 3, 2, 1].map((ago, k) => ({
				action: 'sent',
				campaign_uuid: SHIPPED,
				trigger_uuid: `62d05640-c5d8-b63d-938a-00000000000${k}`,
				trigger_timestamp: at(ago),
				campaign_name: 'Order shipped',
			})),
		);
		emulator.seedEvents('51aceb79-2cbc-4e2b-a132-b02de69bba15', [
			{ event: 'identify', timestamp: at(1) },
			{ event: 'purchase', timestamp: at(2) },
		]);
		const result = await run("E2E: v2, a customer's activity and events read, duplicates merged");
		const activity = output(result, 'Activity', 0);
		expect(activity).toHaveLength(5);
		expect(new Set(jsonOf(activity).map((a) => a.trigger_uuid)).size).toBe(5);
		expect(paired(activity)).toEqual([0, 0, 0, 0, 0]);
		expect(jsonOf(output(result, 'Activity', 1)).map((e) => e.error)).toEqual([
			expect.stringMatching(/^Customer not found/),
		]);
		expect(jsonOf(output(result, 'Events', 0)).map((e) => e.event)).toEqual([
			'identify',
			'purchase',
		]);
		expect(jsonOf(output(result, 'Events', 1)).map((e) => e.error)).toEqual([
			expect.stringMatching(/^Invalid input in item 1: /),
		]);
		expect(emulator.merged).toEqual([{ customer_id: 'C-2', into: 'C-1' }]);
		expect(jsonOf(output(result, 'Merge', 1)).map((e) => e.error)).toEqual([
			expect.stringMatching(/^Invalid input in item 1: Customer ID to Keep must differ/),
		]);
	});
});
