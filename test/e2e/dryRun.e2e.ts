import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Emulator } from '../emulator/server';
import { jsonOf, paired, useHost } from './host';
import { output, ROOT, VERSIONS } from './n8n';

/**
 * The example workflow (examples/blueshift-example.json) with Dry Run on in each of its Blueshift
 * nodes, in a real n8n with the packed package: nothing reaches the emulator, every valid item
 * comes out with the request a real run would send, and bad input goes down the error branch as
 * in the real run (test/e2e/workflows.e2e.ts runs the same inputs for real).
 */
const KEY = 'e2e-dry-run-key-3c9e51';
const EXAMPLE = JSON.parse(
	readFileSync(path.join(ROOT, 'examples/blueshift-example.json'), 'utf8'),
) as { nodes: Array<Record<string, any>> } & Record<string, any>;

const DRY_EXAMPLE = {
	...EXAMPLE,
	id: 'bsE2eDryRunExam1',
	name: 'E2E: the example workflow with Dry Run on',
	nodes: EXAMPLE.nodes.map((node) =>
		node.type === 'n8n-nodes-blueshift.blueshift'
			? {
					...node,
					parameters: {
						...node.parameters,
						options: { ...(node.parameters.options ?? {}), dryRun: true },
					},
					credentials: { blueshiftApi: { id: 'bsE2eCredential1', name: 'Blueshift (emulator)' } },
				}
			: node,
	),
};

describe.each(VERSIONS)('n8n %s: the example workflow with Dry Run on', (version) => {
	const emulator = new Emulator({ keys: [KEY] });
	const { run } = useHost(version, emulator, [DRY_EXAMPLE], { apiKey: KEY });

	it('sends nothing, shows each request with its URL, body and call, and routes bad input as a real run does', async () => {
		const result = await run(DRY_EXAMPLE.name);
		expect(emulator.requests).toHaveLength(0);

		const upserts = output(result, 'Upsert Customer', 0);
		expect(paired(upserts)).toEqual([0, 2]);
		expect(upserts[0].json).toMatchObject({
			dryRun: true,
			note: expect.stringMatching(/^Dry run: nothing was sent to Blueshift/),
			method: 'POST',
			url: `${emulator.url}/api/v1/customers`,
			body: { email: 'ada@example.com', firstname: 'Ada', phone_number: '+447700900123' },
		});
		const upsertErrors = output(result, 'Upsert Customer', 1);
		expect(paired(upsertErrors)).toEqual([1]);
		expect(upsertErrors[0].json.error).toMatch(/^Invalid input in item 1: Phone Number/);

		const bulk = jsonOf(output(result, 'Bulk Upsert', 0));
		expect(bulk).toHaveLength(117);
		expect(bulk.map((json) => json.call.number)).toEqual([
			...Array(50).fill(1),
			...Array(50).fill(2),
			...Array(17).fill(3),
		]);
		expect(bulk.every((json) => json.url === `${emulator.url}/api/v1/customers/bulk`)).toBe(true);
		expect(bulk[0].body.customers).toHaveLength(50);
		expect(paired(output(result, 'Bulk Upsert', 1))).toEqual([17, 64, 99]);

		const tracking = jsonOf(output(result, 'Start Tracking', 0));
		expect(tracking.map((json) => json.body)).toEqual([
			{ email: 'ada@example.com' },
			{ customer_id: 'CUST-12345' },
		]);
		expect(paired(output(result, 'Start Tracking', 1))).toEqual([2]);
	});
});
