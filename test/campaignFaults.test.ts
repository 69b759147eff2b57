import type { INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from './emulator/server';
import { CAMPAIGNS } from './emulator/routes/campaigns';
import { seeded } from './emulator/server';
import {
	FAULT_OPTIONS,
	FAULT_RATES,
	FAULT_TEST_MS,
	leaveUnanswered,
	SLOW_MS,
} from './support/faults';
import { run, useEmulator } from './support/fixtures';

/**
 * Fault injection over campaign triggers: every fault the emulator knows (429, 404, 409, 500,
 * 502-504, resets, slow answers, malformed and truncated JSON) plus answers lost or late AFTER
 * Blueshift sent the message (the connection reset, or the answer held back, once the trigger was
 * processed). The node retries a lost one with the same transaction_uuid, so:
 * - no message is sent twice (one per transaction_uuid, one per recipient);
 * - none is lost: every item on the success output has its message sent, and every message sent
 *   belongs to an item on the success output, or on the error output saying it may have been sent;
 * - every item ends on exactly one output, paired to itself; no trigger is tried more often than
 *   the retry budget allows.
 * No attempt in the random runs ends by the node's Timeout (see FAULT_OPTIONS): the last test
 * leaves a processed trigger unanswered on purpose instead.
 */
const SEEDS = (process.env.FAULT_SEEDS ?? '1,2,3').split(',').map(Number);
const SINGLE = Number(process.env.FAULT_CAMPAIGN_SINGLE ?? 500);
const BULK = Number(process.env.FAULT_CAMPAIGN_BULK ?? 3000);
const SCALE = Number(process.env.FAULT_RATE_SCALE ?? 1);
const rates = Object.fromEntries(Object.entries(FAULT_RATES).map(([k, v]) => [k, v * SCALE]));
/** Answers after the trigger was processed: lost (the connection reset), and late (by SLOW_MS). */
const LOST_RESET = 0.03 * SCALE;
const LATE = 0.02 * SCALE;

interface Message {
	email?: string;
	transaction_uuid?: string;
}
type CampaignEmulator = Emulator & {
	messages: Message[];
	transactions: Map<string, Message>;
	triggerArrivals: Map<string, number>;
	answer: (entry: { path: string; skipFaults?: boolean }) => unknown;
	expand: (answer: object, entry: object) => unknown;
};

const MAY_HAVE_BEEN_SENT = /may or may not have reached Blueshift/;

function checkMessages(
	emulator: CampaignEmulator,
	count: number,
	success: INodeExecutionData[],
	errors: INodeExecutionData[],
) {
	const paired = [...success, ...errors].map((item) => (item.pairedItem as { item: number }).item);
	expect(paired.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));

	// no message twice: per transaction_uuid and per recipient
	const perRecipient = new Map<string, number>();
	for (const m of emulator.messages)
		perRecipient.set(String(m.email), (perRecipient.get(String(m.email)) ?? 0) + 1);
	expect([...perRecipient.entries()].filter(([, n]) => n > 1)).toEqual([]);
	expect(emulator.transactions.size).toBe(emulator.messages.length);

	// none lost: a success was sent (under its own transaction_uuid); a message sent is a success or
	// an error that says it may have been sent. Each rule is one assertion over every item that
	// breaks it (one `expect` per item costs more CPU than the run it checks).
	const sent = new Set(emulator.messages.map((m) => String(m.email)));
	expect({
		'success not sent': success
			.filter(
				(item) =>
					!sent.has(String(item.json.email)) ||
					emulator.transactions.get(String(item.json.transaction_uuid))?.email !== item.json.email,
			)
			.map((item) => item.json),
	}).toEqual({ 'success not sent': [] });
	const maybe = new Set(
		errors
			.filter((e) => MAY_HAVE_BEEN_SENT.test(String(e.json.message)))
			.map((e) => String(e.json.email)),
	);
	const succeeded = new Set(success.map((s) => String(s.json.email)));
	expect({
		'sent, not reported': [...sent].filter((email) => !succeeded.has(email) && !maybe.has(email)),
	}).toEqual({
		'sent, not reported': [],
	});
	expect(
		errors.filter((item) => String(item.json.error).length <= 10).map((item) => item.json),
	).toEqual([]);

	// the retry budget holds per trigger
	expect(
		[...emulator.triggerArrivals].filter(([, arrivals]) => arrivals > FAULT_OPTIONS.maxRetries + 1),
	).toEqual([]);
}

describe('campaign triggers under injected faults: no message twice, none lost', () => {
	const emulator = useEmulator({ limits: false }) as CampaignEmulator;
	const original = emulator.answer;
	let lost = 0;
	let unhandled: unknown[] = [];
	const onUnhandled = (reason: unknown) => unhandled.push(reason);
	beforeAll(() => process.on('unhandledRejection', onUnhandled));
	afterAll(() => process.off('unhandledRejection', onUnhandled));
	beforeEach(() => {
		unhandled = [];
		lost = 0;
	});
	afterEach(() => {
		emulator.answer = original;
		expect(unhandled).toEqual([]);
	});

	/** Seeded faults, and answers lost or late after the trigger was processed. */
	const inject = (seed: number) => {
		emulator.randomFaults(seed, rates, SLOW_MS);
		const random = seeded(seed * 7919);
		emulator.answer = function (this: CampaignEmulator, entry) {
			if (!entry.skipFaults && entry.path.startsWith('/api/v1/campaigns/')) {
				const roll = random();
				if (roll < LOST_RESET)
					return (lost++, this.expand({ passThrough: true, reset: true }, entry));
				if (roll < LOST_RESET + LATE)
					return (lost++, this.expand({ passThrough: true, delayMs: SLOW_MS }, entry));
			}
			return original.call(this, entry);
		};
	};

	const people = (n: number) =>
		Array.from({ length: n }, (_, i) => ({
			campaign: i % 2 ? CAMPAIGNS.orderShipped : CAMPAIGNS.passwordReset,
			email: `p${i}@example.com`,
		}));
	const params = (operation: string) => ({
		resource: 'campaign',
		operation,
		campaignUuid: '={{ $json.campaign }}',
		email: '={{ $json.email }}',
		options: FAULT_OPTIONS,
	});

	it.each(SEEDS)(
		`Trigger of ${SINGLE} recipients, seed %i`,
		async (seed) => {
			inject(seed);
			const result = await run(emulator, params('trigger'), people(SINGLE));
			checkMessages(emulator, SINGLE, result.success, result.errors);
			expect(lost).toBeGreaterThan(0);
			// some retries after a lost answer were answered "already processed": the duplicate that was not sent
			expect(result.success.some((s) => s.json.message === 'Request already processed')).toBe(true);
			expect(emulator.messages.length).toBeGreaterThan(SINGLE * 0.8);
		},
		FAULT_TEST_MS,
	);

	it.each(SEEDS)(
		`Trigger Many of ${BULK} recipients, seed %i`,
		async (seed) => {
			inject(seed);
			const result = await run(emulator, params('triggerBulk'), people(BULK));
			checkMessages(emulator, BULK, result.success, result.errors);
			expect(lost).toBeGreaterThan(0);
			expect(emulator.messages.length).toBeGreaterThan(BULK * 0.8);
		},
		FAULT_TEST_MS,
	);

	it('a trigger processed whose answer never came is retried after the Timeout and sent once', async () => {
		// one call in flight: the retry's answer comes within the lowest Timeout (1 s) on a busy
		// machine too; only the unanswered attempt meets it
		const answerAgain = leaveUnanswered(emulator, '/api/v1/campaigns/execute');
		try {
			const result = await run(
				emulator,
				{ ...params('trigger'), options: { ...FAULT_OPTIONS, timeout: 1000 } },
				people(1),
			);
			expect(result.errors).toEqual([]);
			expect(result.success).toHaveLength(1);
			expect(result.success[0].json.message).toBe('Request already processed');
			expect(emulator.received('/api/v1/campaigns/execute').map((r) => r.status)).toEqual([
				'unanswered',
				200,
			]);
			checkMessages(emulator, 1, result.success, result.errors);
			expect(emulator.messages).toHaveLength(1);
		} finally {
			answerAgain();
		}
	});
});
