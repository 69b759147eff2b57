import { clock, onClockSwap } from './clock';
import { AccountPacer } from './pacer';

/** The shared pacers of this process, by endpoint family and account fingerprint. Memory only. */
const accountPacers = new Map<string, AccountPacer>();

onClockSwap(() => accountPacers.clear());

/**
 * The pacer every execution in this process shares for this account (`fingerprint`: a hash of the
 * base URL and key, never the key) and endpoint family. Pacers idle for IDLE_MS are dropped.
 */
export function accountPacer(family: string, fingerprint: string): AccountPacer {
	const time = clock();
	const now = time.now();
	for (const [id, pacer] of accountPacers) if (pacer.idle(now)) accountPacers.delete(id);
	const id = `${family}\u0000${fingerprint}`;
	let pacer = accountPacers.get(id);
	if (!pacer) {
		pacer = new AccountPacer(time);
		accountPacers.set(id, pacer);
	}
	return pacer;
}

/** How many shared pacers this process holds (for tests). */
export const accountPacerCount = () => accountPacers.size;
