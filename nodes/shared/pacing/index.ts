/**
 * Pacing: one pacer per account and endpoint family in this process, with one door (`slot`) that
 * owns a call's start slot from acquiring it to settling or refunding it. The units: clock (n8n's
 * sleep, a monotonic clock, the seam for a fake one), window (the sliding window with arrival
 * estimates), turns (executions in turn), adaptive (the rate learnt from 429s), registry (one
 * pacer per account and family), permits (calls open at once per transport).
 */
export { clock, pause, realClock, useClock, type Clock } from './clock';
export { ADAPTIVE, AdaptiveRate, type Refusal } from './adaptive';
export {
	ALONE_BURST,
	BURST,
	CAP_MS,
	LATE_MS,
	WINDOW_MS,
	ArrivalWindow,
	shapeOf,
	type Shape,
} from './window';
export { Turns, type Lease, type Waiting } from './turns';
export {
	AccountPacer,
	IDLE_MS,
	type Outcome,
	type RetryOf,
	type SlotResult,
	type Ticket,
} from './pacer';
export { accountPacer, accountPacerCount } from './registry';
export { Permits } from './permits';
