/**
 * The emulator's arrival jitter (the bench counts calls with it): each call counted 0..J ms after
 * it arrived, from a seeded generator, and answered after that. Real HTTP against the emulator.
 */
// the emulator's typings predate the jitter options: reach them through a loose type
// eslint-disable-next-line @typescript-eslint/no-require-imports
interface JitteryEmulator {
	start(): Promise<JitteryEmulator>;
	stop(): Promise<void>;
	reset(): void;
	countDelay(): number;
	requests: Array<{ at: number; countedAt: number; status?: number }>;
	url: string;
}
const { Emulator } = require('../emulator/server') as {
	Emulator: new (options: Record<string, unknown>) => JitteryEmulator;
};

describe("the emulator's arrival jitter", () => {
	it('counts a call on arrival by default', () => {
		const emulator = new Emulator({ keys: ['k'] });
		expect(Array.from({ length: 20 }, () => emulator.countDelay())).toEqual(Array(20).fill(0));
	});

	it('draws 0..J ms per call from its seed, the same again after reset', () => {
		const emulator = new Emulator({ keys: ['k'], arrivalJitterMs: 40, arrivalJitterSeed: 7 });
		const first = Array.from({ length: 200 }, () => emulator.countDelay());
		expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...first)).toBeLessThanOrEqual(40);
		expect(new Set(first).size).toBeGreaterThan(20);
		emulator.reset();
		expect(Array.from({ length: 200 }, () => emulator.countDelay())).toEqual(first);
		const other = new Emulator({ keys: ['k'], arrivalJitterMs: 40, arrivalJitterSeed: 8 });
		expect(Array.from({ length: 200 }, () => other.countDelay())).not.toEqual(first);
	});

	it('counts each call after its delay and answers after that', async () => {
		const emulator = await new Emulator({ keys: ['k'], arrivalJitterMs: 30, latencyMs: 0 }).start();
		try {
			const auth = `Basic ${Buffer.from('k:').toString('base64')}`;
			for (let i = 0; i < 10; i++) {
				const answer = await fetch(`${emulator.url}/api/v1/customers`, {
					method: 'POST',
					headers: { authorization: auth, 'content-type': 'application/json' },
					body: JSON.stringify({ email: `a${i}@example.com` }),
				});
				expect(answer.status).toBe(200);
			}
			for (const request of emulator.requests) {
				expect(request.countedAt).toBeGreaterThanOrEqual(request.at);
			}
			expect(emulator.requests.some((r) => r.countedAt > r.at)).toBe(true);
		} finally {
			await emulator.stop();
		}
	});
});
