import {
	accountPacer,
	accountPacerCount,
	clock,
	IDLE_MS,
	pause,
	realClock,
	useClock,
} from '../../nodes/shared/pacing';
import { FakeClock } from './support';

describe('the clock', () => {
	afterEach(() => useClock());

	it('is the real, monotonic one in n8n; a test swaps in a fake one, and back', () => {
		expect(clock()).toBe(realClock);
		const fake = new FakeClock();
		useClock(fake);
		expect(clock()).toBe(fake);
		useClock();
		expect(clock()).toBe(realClock);
	});

	it("a pause stops when the execution is cancelled (n8n's sleep with a signal)", async () => {
		const controller = new AbortController();
		const waiting = pause(60_000, controller.signal);
		controller.abort();
		await expect(waiting).rejects.toThrow();
	});
});

describe('the registry: one pacer per account and endpoint family in this process', () => {
	const fake = new FakeClock();
	beforeEach(() => useClock(fake));
	afterAll(() => useClock());

	it('one pacer per account fingerprint and endpoint family; dropped when idle', async () => {
		const a = accountPacer('customers', 'fp-a');
		expect(accountPacer('customers', 'fp-a')).toBe(a);
		expect(accountPacer('customersBulk', 'fp-a')).not.toBe(a);
		expect(accountPacer('customers', 'fp-b')).not.toBe(a);
		expect(accountPacerCount()).toBe(3);
		// a pacer with a call open is kept however long it lasts
		const lease = a.join(5);
		const ticket = (await a.acquire(lease))!;
		fake.t += IDLE_MS + 1;
		expect(accountPacer('customers', 'fp-a')).toBe(a);
		expect(accountPacerCount()).toBe(1);
		a.settle(ticket, 'ok');
		fake.t += IDLE_MS + 1;
		accountPacer('other', 'fp-c');
		expect(accountPacerCount()).toBe(1);
		expect(accountPacer('customers', 'fp-a')).not.toBe(a);
	});

	it('forgets every pacer when a test swaps the clock', () => {
		accountPacer('customers', 'fp-a');
		expect(accountPacerCount()).toBeGreaterThan(0);
		useClock(new FakeClock());
		expect(accountPacerCount()).toBe(0);
	});
});
