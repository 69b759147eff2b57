/**
 * The bounds of the Options fields, which the runner also holds expressions to (an expression can
 * pass any number): a rate near 0 would hold every execution on the account (the lowest rate in
 * use applies to all), retries are at most 10, and a timeout past what a timer holds would fire at
 * once.
 */

/** The lowest calls-per-second option. */
export const MIN_RATE_OPTION = 0.1;

/** The most retries of one call. */
export const MAX_RETRIES = 10;

/** The Timeout field's minimum, and the longest wait a timer holds (about 24.8 days). */
export const MIN_TIMEOUT_MS = 1000;
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
