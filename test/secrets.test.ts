import { API_KEY, BASIC, FAST, run, useEmulator } from './support/fixtures';
import { runWorkflow } from './support/harness';

/** The key, its Basic form and the header appear nowhere: outputs, errors, descriptions, logs. */
describe('secret hygiene on every error path', () => {
	const emulator = useEmulator();
	let written: string[] = [];
	const spies: jest.SpyInstance[] = [];

	beforeEach(() => {
		written = [];
		const capture = (...args: unknown[]) => {
			written.push(
				args
					.map((a) =>
						typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})),
					)
					.join(' '),
			);
			return true;
		};
		for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			spies.push(jest.spyOn(console, method).mockImplementation(capture));
		}
		spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(capture as never));
		spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(capture as never));
	});
	afterEach(() => {
		for (const spy of spies.splice(0)) spy.mockRestore();
	});

	const leaks = (value: unknown) => {
		const text = `${JSON.stringify(value, (_k, v: unknown) =>
			v instanceof Error
				? {
						...v,
						message: v.message,
						stack: v.stack,
						description: (v as { description?: string }).description,
					}
				: v,
		)}\n${written.join('\n')}`;
		return [API_KEY, BASIC, `Basic ${BASIC}`].filter((secret) => text.includes(secret));
	};

	const paths: Array<[string, () => void]> = [
		['401', () => emulator.script('/api/v1/customers', [{ status: 401 }])],
		['403', () => emulator.script('/api/v1/customers', [{ status: 403 }])],
		['500', () => emulator.script('/api/v1/customers', [{ status: 500 }])],
		[
			'503 until the retries run out',
			() =>
				emulator.script(
					'/api/v1/customers',
					Array.from({ length: 4 }, () => ({ status: 503 })),
				),
		],
		[
			'a connection reset',
			() =>
				emulator.script(
					'/api/v1/customers',
					Array.from({ length: 4 }, () => ({ reset: true })),
				),
		],
		[
			'an answer that echoes the key',
			() =>
				emulator.script('/api/v1/customers', [
					{
						status: 400,
						body: { message: `bad key ${API_KEY}`, errors: { auth: [`Basic ${BASIC}`] } },
					},
				]),
		],
		['bad input', () => undefined],
	];

	it.each(paths)('%s, with every On Error setting', async (name, arrange) => {
		for (const onError of [
			'continueErrorOutput',
			'continueRegularOutput',
			'stopWorkflow',
		] as const) {
			emulator.reset();
			arrange();
			const email = name === 'bad input' ? 'not-an-email' : 'a@example.com';
			const result = await run(
				emulator,
				{ operation: 'upsert', email, options: { ...FAST, maxRetries: 3 } },
				[{}],
				onError,
			);
			const failed =
				result.errors.length +
				result.success.filter((i) => i.json.error).length +
				(result.error ? 1 : 0);
			expect({ onError, failed }).toEqual({ onError, failed: 1 });
			expect({ onError, leaks: leaks(result) }).toEqual({ onError, leaks: [] });
		}
	});

	it('a network error to an unreachable base URL', async () => {
		for (const onError of ['continueErrorOutput', 'stopWorkflow'] as const) {
			const result = await runWorkflow({
				credentials: { region: 'custom', baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY },
				parameters: {
					resource: 'customer',
					operation: 'upsert',
					email: 'a@example.com',
					options: FAST,
				},
				items: [{}],
				onError,
			});
			const message = result.error?.message ?? String(result.errors[0]?.json.error);
			const description = result.error?.description ?? String(result.errors[0]?.json.message);
			expect(message).toBe('Could not reach Blueshift (after 4 attempts)');
			expect(description).toMatch(/^ECONNREFUSED: .*Nothing was sent/);
			expect(leaks(result)).toEqual([]);
		}
	});
});
