import { Emulator } from '../emulator/server';
import { N8n, startEditor } from '../e2e/n8n';
import { accountFigures, triggerAtOnce, webhookWorkflow } from './concurrent';

/**
 * n8n 2.41.1 in regular mode (one process, `n8n start`), several webhook-triggered executions of the
 * Blueshift node at once on one account, as a user's CRM triggers start them. Every execution in the
 * process draws from one pacer per account and endpoint family, so the account sees one rate
 * whatever the number of executions. Asserted: every record stored exactly once, every item on the
 * success output, every execution answered. The rates are printed; `npm run bench` measures them
 * at full size and docs/throughput.md reports them.
 */
const BULK_EXECUTIONS = 4;
const BULK_RECORDS = 1000;
const UPSERT_EXECUTIONS = 5;
const UPSERT_RECORDS = 100;
const KEY = 'regular-mode-key';

describe('n8n 2.41.1 in regular mode: executions at once on one account', () => {
	const emulator = new Emulator({ keys: [KEY], latencyMs: 150 });
	let editor: Awaited<ReturnType<typeof startEditor>>;

	beforeAll(async () => {
		await emulator.start();
		const n8n = new N8n('2.41.1');
		await n8n.importCredentials([
			{
				id: 'regularCredent01',
				name: 'regularCredent01',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY },
			},
		]);
		await n8n.importWorkflows([
			webhookWorkflow({
				id: 'regularBulkWf001',
				path: 'regular-bulk',
				credential: 'regularCredent01',
				operation: 'bulkUpsert',
			}),
			webhookWorkflow({
				id: 'regularUpsertW01',
				path: 'regular-upsert',
				credential: 'regularCredent01',
				operation: 'upsert',
			}),
		]);
		for (const id of ['regularBulkWf001', 'regularUpsertW01'])
			await n8n.cli(['publish:workflow', `--id=${id}`]);
		editor = await startEditor(n8n, 5698);
		// the webhooks answer a few seconds after /healthz does
		for (let i = 0; i < 120; i++) {
			const probe = await fetch(`${editor.url}/webhook/regular-upsert`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ run: 'probe', count: 0 }),
			}).catch(() => undefined);
			if (probe?.status === 200) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}, 600_000);

	afterAll(async () => {
		await editor?.stop();
		await emulator.stop();
	});

	async function runAtOnce(path: string, executions: number, records: number) {
		emulator.reset();
		const runs = Array.from({ length: executions }, (_, r) => ({
			path,
			run: `${path}-r${r}`,
			count: records,
		}));
		const { answers, seconds } = await triggerAtOnce(editor.url, runs);
		// every execution ended and put every item on the success output
		expect(answers).toEqual(runs.map(() => ({ status: 200, body: { accepted: records } })));
		// every record reached the account exactly once
		const stored = emulator.stored.map((r) => String(r.email));
		const expected = runs.flatMap(({ run }) =>
			Array.from({ length: records }, (_, i) => `${run}-${i}@example.com`),
		);
		expect(stored.length).toBe(expected.length);
		expect(new Set(stored)).toEqual(new Set(expected));
		return { seconds, stored: stored.length };
	}

	it(`${BULK_EXECUTIONS} Bulk Upsert executions x ${BULK_RECORDS} records at once: each record once, no error`, async () => {
		const { seconds, stored } = await runAtOnce('regular-bulk', BULK_EXECUTIONS, BULK_RECORDS);
		const f = accountFigures(emulator, {
			path: '/api/v1/customers/bulk',
			user: KEY,
			limit: 5,
			items: stored,
		});
		console.log(
			`regular mode, ${BULK_EXECUTIONS} Bulk Upsert executions x ${BULK_RECORDS} at once, one account, 150 ms: ${f.calls} calls, ` +
				`${f.r429} answered 429 (${((100 * f.r429) / f.calls).toFixed(1)}%), busiest second ${f.busiestSecond} calls (limit 5), ` +
				`${f.itemsPerSecond.toFixed(1)} customers/s = ${((100 * f.itemsPerSecond) / 250).toFixed(1)}% of 250; all answered in ${seconds.toFixed(1)} s`,
		);
	});

	it(`${UPSERT_EXECUTIONS} Upsert Customer executions x ${UPSERT_RECORDS} records at once: each record once, no error`, async () => {
		const { seconds } = await runAtOnce('regular-upsert', UPSERT_EXECUTIONS, UPSERT_RECORDS);
		const f = accountFigures(emulator, { path: '/api/v1/customers', user: KEY, limit: 50 });
		console.log(
			`regular mode, ${UPSERT_EXECUTIONS} Upsert Customer executions x ${UPSERT_RECORDS} at once, one account, 150 ms: ${f.calls} calls, ` +
				`${f.r429} answered 429 (${((100 * f.r429) / f.calls).toFixed(1)}%), busiest second ${f.busiestSecond} calls (limit 50), ` +
				`${f.acceptedPerSecond.toFixed(1)} calls/s = ${((100 * f.acceptedPerSecond) / 50).toFixed(1)}% of 50; all answered in ${seconds.toFixed(1)} s`,
		);
	});
});
