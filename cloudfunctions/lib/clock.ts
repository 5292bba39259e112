/**
 * The functions' time source: code that decides by the time (deadlines, sweeps, windows) asks
 * `now()`, never `new Date()`, so that tests can move time.
 *
 * In CloudBase it is the machine's clock. The local cloud can shift the time its functions see
 * (`POST /__localcloud/clock`); its runner passes the shift with each invocation in
 * LOCALCLOUD_CLOCK_OFFSET_MS. Nothing else sets that variable: a function's config.json may not
 * (the local cloud refuses to load one that does, and deploy ships config.json's variables only).
 * Read per call, not through config(), because it changes between invocations of a warm instance.
 */
export const CLOCK_OFFSET_ENV = 'LOCALCLOUD_CLOCK_OFFSET_MS';

export function now(): Date {
  const raw = process.env[CLOCK_OFFSET_ENV];
  // eslint-disable-next-line no-restricted-syntax -- the one place that reads the machine's clock
  if (raw === undefined) return new Date();
  const offsetMs = Number(raw);
  if (!Number.isSafeInteger(offsetMs)) throw new Error(`${CLOCK_OFFSET_ENV} must be a whole number of milliseconds, got "${raw}"`);
  return new Date(Date.now() + offsetMs);
}
