import { Emulator } from '../emulator/server';
import { errorOf, expectErrorOutput, jsonOf, paired, useHost, workflowsIn } from './host';
import { output, VERSIONS } from './n8n';

const KEY = 'e2e-user-api-key-7d41';
const workflows = workflowsIn(/\.json$/);

/** The numbers a Stop Workflow error states: accepted before the stop, in flight, never sent. */
function stopCounts(error: { message?: string; description?: string }) {
	const text = `${error.message ?? ''} ${error.description ?? ''}`;
	const number = (regex: RegExp) => {
		const match = regex.exec(text);
		expect(match).not.toBeNull();
		return Number(match![1]);
	};
	return {
		text,
		accepted: number(/accepted\D{0,20}?(\d+)/i),
		inFlight: number(/(\d+)\D{0,20}in flight/i),
		neverSent: number(/(\d+)\D{0,20}never sent/i),
	};
}

describe.each(VERSIONS)('n8n %s with the packed community node', (version) => {
	const emulator = new Emulator({ keys: [KEY] });
	const { run } = useHost(version, emulator, workflows, { apiKey: KEY });

	it('Upsert Customer, define below: expressions map each field; bad input goes down the error branch', async () => {
		const result = await run('E2E: Upsert Customer, define below');
		expect(emulator.requests.map((r) => [r.path, r.body])).toEqual([
			[
				'/api/v1/customers',
				{
					email: 'ada@example.com',
					firstname: 'Ada',
					phone_number: '+447700900123',
					subscription_groups: [{ id: 'sg-newsletter', subscribed: true }],
					loyalty_tier: 'gold',
				},
			],
			[
				'/api/v1/customers',
				{
					customer_id: 'CUST-4',
					firstname: 'Linus',
					subscription_groups: [{ id: 'sg-newsletter', subscribed: false }],
					loyalty_tier: 'bronze',
				},
			],
		]);
		const success = output(result, 'Blueshift', 0);
		expect(paired(success)).toEqual([0, 3]);
		expect(success[0].json).toMatchObject({ email: 'ada@example.com', uuid: expect.any(String) });
		const errors = expectErrorOutput(result, {
			1: /^Invalid input in item 1: Phone Number \(phone_number\) must be in E\.164/,
			2: /^Invalid input in item 2: Email \(email\) must be an email address/,
		});
		expect(errors[0].json).toMatchObject({
			email: 'grace@example.com',
			first: 'Grace',
			phone: '0044 7700',
		});
		// the error branch continues into an Edit Fields node, paired to the Blueshift error items
		const handled = output(result, 'Handle errors');
		expect(jsonOf(handled).map((j) => j.followUp)).toEqual([
			expect.stringMatching(/^check grace@example\.com: Invalid input in item 1/),
			expect.stringMatching(/^check not-an-email: Invalid input in item 2/),
		]);
		expect(paired(handled)).toEqual([0, 1]);
		expect(output(result, 'Saved')).toHaveLength(2);
	});

	it('Bulk Upsert of 120 in calls of 50, 50 and 17, with bad inputs and a record Blueshift rejects', async () => {
		emulator.reject('customer42@example.com', { email: ['has been blocked'] });
		const result = await run('E2E: Bulk Upsert of 120, three bad inputs');
		const calls = emulator.received('/api/v1/customers/bulk');
		expect(calls.map((c) => c.body.customers.length)).toEqual([50, 50, 17]);
		expect(calls[0].body.customers[0]).toEqual({ email: 'customer0@example.com', firstname: 'C0' });
		const success = output(result, 'Blueshift', 0);
		expect(success).toHaveLength(116);
		const errors = expectErrorOutput(result, {
			17: /^Invalid input in item 17: Email \(email\) must be an email address/,
			42: /^Blueshift re(jected|fused) the record in its bulk (call|answer) \(status 400\): email: has been blocked/,
			64: /^Invalid input in item 64: Email \(email\) must be at most 64 characters/,
			99: /^Invalid input in item 99: Email or Customer ID is required/,
		});
		expect(errors[1].json.email).toBe('customer42@example.com');
		expect([...paired(success), ...paired(errors)].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 120 }, (_, i) => i),
		);
		expect(emulator.stored).toHaveLength(116);
		expect(output(result, 'Handle errors')).toHaveLength(4);
	});

	it('Bulk Upsert auto-mapped with Batch Size 25 sends the items as given', async () => {
		const result = await run('E2E: Bulk Upsert auto-mapped, batch size 25');
		const calls = emulator.received('/api/v1/customers/bulk');
		expect(calls.map((c) => c.body.customers.length)).toEqual([25, 25, 10]);
		expect(calls[2].body.customers[9]).toEqual({
			customer_id: 'C-59',
			firstname: 'N59',
			plan: 'pro',
		});
		expect(output(result, 'Blueshift', 0)).toHaveLength(60);
		expectErrorOutput(result, {
			60: /^Invalid input in item 60: Email or Customer ID is required/,
		});
	});

	it('Start Tracking posts the identifiers and routes an item without one to the error branch', async () => {
		const result = await run('E2E: Start Tracking');
		expect(emulator.requests.map((r) => [r.path, r.body])).toEqual([
			['/api/v1/customers/unforget', { email: 'ada@example.com' }],
			['/api/v1/customers/unforget', { customer_id: 'CUST-12345' }],
		]);
		expect(jsonOf(output(result, 'Blueshift', 0))).toEqual([
			{ status: 'ok', email: 'ada@example.com' },
			{ status: 'ok', customer_id: 'CUST-12345' },
		]);
		expectErrorOutput(result, { 2: /^Invalid input in item 2: .*Customer ID/ });
	});

	it('On Error = Continue keeps every item on the main output in order', async () => {
		const result = await run('E2E: On Error = Continue');
		const main = output(result, 'Blueshift', 0);
		expect(paired(main)).toEqual([0, 1, 2]);
		expect(main[1].json).toEqual({
			error: expect.stringMatching(/^Invalid input in item 1: Email \(email\)/),
			message: expect.any(String),
			details: expect.objectContaining({ itemIndex: 1, field: 'email' }),
		});
		expect(output(result, 'Blueshift', 1)).toHaveLength(0);
		expect(emulator.requests).toHaveLength(2);
	});

	it('On Error = Stop Workflow stops on bad input before anything is sent', async () => {
		const result = await run('E2E: On Error = Stop Workflow');
		const error = errorOf(result);
		expect(error.message).toMatch(/Invalid input in item 1: Email \(email\)/);
		expect(emulator.requests).toHaveLength(0);
		expect(output(result, 'Saved')).toHaveLength(0);
	});

	it('retries a bulk call after 429 and 503 and loses nothing', async () => {
		emulator.script('/api/v1/customers/bulk', [{ status: 429 }, { status: 503 }]);
		const result = await run('E2E: Bulk Upsert retried after 429 and 503');
		expect(emulator.requests.map((r) => r.status)).toEqual([429, 503, 200, 200]);
		expect(output(result, 'Blueshift', 0)).toHaveLength(70);
		expect(emulator.stored).toHaveLength(70);
	});

	/**
	 * Watches the emulator's answers: `received` is how many requests it had received when it sent
	 * the first answer that `isRefusal` picks. Calls that reach it later must have started before
	 * the node could know of the refusal.
	 */
	const watchRefusal = (isRefusal: (answer: { status?: number; body?: any }) => boolean) => {
		const emu = emulator as unknown as { send: (...args: any[]) => void };
		const send = emu.send.bind(emulator);
		const seen: { received?: number; restore: () => void } = {
			restore: () => delete (emu as { send?: unknown }).send,
		};
		emu.send = (res: unknown, entry: unknown, answer: { status?: number; body?: any }) => {
			if (seen.received === undefined && isRefusal(answer))
				seen.received = emulator.requests.length;
			send(res, entry, answer);
		};
		return seen;
	};

	/** Runs a Stop Workflow case with no rate limit (a retried 429 would blur the counts) and slow answers. */
	const runStopping = async (
		name: string,
		latencyMs: number,
		isRefusal: Parameters<typeof watchRefusal>[0],
	) => {
		const { limits } = emulator;
		emulator.limits = false;
		emulator.latencyMs = latencyMs;
		const refusal = watchRefusal(isRefusal);
		try {
			const result = await run(name);
			expect(refusal.received).toBeDefined();
			return { result, receivedAtRefusal: refusal.received!, error: errorOf(result) };
		} finally {
			refusal.restore();
			emulator.limits = limits;
			emulator.latencyMs = 0;
		}
	};

	it('On Error = Stop Workflow: once Blueshift refuses one of 200 upserts, no new call starts, and the error says what was and was not sent', async () => {
		// the sixth call to arrive (item 5 when they arrive in order) is refused; the rest are stored
		emulator.script('/api/v1/customers', [
			...Array.from({ length: 5 }, () => ({ passThrough: true })),
			{ status: 400, body: { errors: { email: ['has been blocked'] } } },
		]);
		const { result, receivedAtRefusal, error } = await runStopping(
			'E2E: Stop Workflow, Blueshift refuses one of 200 upserts',
			250,
			(answer) => answer.status === 400,
		);
		const calls = emulator.received('/api/v1/customers');
		const refused = calls.filter((c) => c.status === 400);
		expect(refused).toHaveLength(1);
		const item = Number(/^stop(\d+)@/.exec(refused[0].body.email)![1]);
		expect(item).toBeLessThan(20);
		// each item sent at most once, and far from all of them
		expect(new Set(calls.map((c) => c.body.email)).size).toBe(calls.length);
		expect(calls.length).toBeLessThan(200);
		expect(output(result, 'Saved')).toHaveLength(0);

		expect(error).toBeDefined();
		const counts = stopCounts(error);
		expect(error.context?.itemIndex).toBe(item);
		expect(counts.neverSent).toBe(200 - calls.length);
		expect(counts.accepted + 1 + counts.inFlight + counts.neverSent).toBe(200);
		// what reached Blueshift after the refusal was answered had started before: it was in flight
		expect(calls.length - receivedAtRefusal).toBeLessThanOrEqual(counts.inFlight);
		// the calls in flight were let finish: every record sent but the refused one was stored
		expect(emulator.stored).toHaveLength(calls.length - 1);
		// the message or its description names the refused item
		expect(counts.text).toMatch(new RegExp(`\\bitem ${item}\\b`));
	});

	it('On Error = Stop Workflow: a Bulk Upsert of 1000 whose second call holds a refused record sends no further call', async () => {
		emulator.reject('bulkstop60@example.com', { email: ['has been blocked'] });
		const { result, receivedAtRefusal, error } = await runStopping(
			'E2E: Stop Workflow, Blueshift refuses a record of the second of 20 bulk calls',
			300,
			(answer) => Array.isArray(answer.body?.errors) && answer.body.errors.length > 0,
		);
		const calls = emulator.received('/api/v1/customers/bulk');
		expect(calls.length).toBeGreaterThanOrEqual(2);
		expect(calls.length).toBeLessThan(20);
		expect(calls.flatMap((c) => c.body.customers.map((r: { email: string }) => r.email))).toEqual(
			Array.from({ length: calls.length * 50 }, (_, i) => `bulkstop${i}@example.com`),
		);
		expect(output(result, 'Saved')).toHaveLength(0);

		expect(error).toBeDefined();
		const counts = stopCounts(error);
		expect(error.context?.itemIndex).toBe(60);
		expect(counts.neverSent).toBe(1000 - 50 * calls.length);
		expect(counts.accepted + 1 + counts.inFlight + counts.neverSent).toBe(1000);
		expect((calls.length - receivedAtRefusal) * 50).toBeLessThanOrEqual(counts.inFlight);
		expect(emulator.stored).toHaveLength(50 * calls.length - 1);
		expect(counts.text).toMatch(/\bitem 60\b/);
	});
});
