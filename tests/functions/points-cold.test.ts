/**
 * Budgets that must hold on a cold function instance too, not only once an instance has cached
 * what it may cache: a local cloud restarted on a seeded data dir has no `points` instance, so
 * the first call starts one.
 */
import fs from 'node:fs';
import { startTestCloud, tempDir, type TestCloud } from '../helpers/localcloud';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seedDemo } from '../../tools/seed/seed';
import { ok, resetStats, roundTrips, setLatency, stats } from './points-fixture';

let t: TestCloud;
const dataDir = tempDir('cold');

beforeAll(async () => {
  const seeding = await startTestCloud({ dataDir, unindexedQueryThreshold: 0 });
  await seedDemo(seeding.app);
  await seeding.close();
}, 120_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** a fresh local cloud on the seeded data: no function instance is running */
async function restart(): Promise<void> {
  await t?.close();
  t = await startTestCloud({ dataDir, unindexedQueryThreshold: 0 });
}

it.each([
  ['community', { scope: 'community' }],
  ['branch', { scope: 'branch' }],
] as const)('a %s ranking page on a cold instance waits for 2 sequential round trips, as on a warm one', async (_, input) => {
  await restart();
  // with latency every concurrent request is still open when the next one of its wave arrives
  await setLatency(t, 100);
  await resetStats(t);
  const cold = await ok<{ rows: { grade: string }[] }>(t, 'points.ranking', input, P.leader);
  const s = await stats(t);
  expect(cold.rows.length).toBeGreaterThan(0);
  expect(cold.rows.every((r) => r.grade !== '')).toBe(true);
  // caller; then the page with the grading thresholds beside it
  expect([s.sequentialRoundTrips, roundTrips(s)]).toEqual([2, 3]);

  await resetStats(t);
  expect(await ok(t, 'points.ranking', input, P.leader)).toEqual(cold);
  const warm = await stats(t);
  expect([warm.sequentialRoundTrips, roundTrips(warm)]).toEqual([2, 2]); // the thresholds are cached
  await setLatency(t, 0);
}, 120_000);
