/**
 * One local cloud per test file, seeded with the demo org (tools/seed): started in `beforeAll`,
 * closed in `afterAll`. Counters of what the functions asked of the cloud, for tests of how much a
 * call reads or writes.
 */
import { seedOrg } from '../../tools/seed/seed';
import { lazyCloud, startTestCloud, type TestCloud } from './localcloud';

export { resetStats, stats } from './localcloud';

/**
 * Registers the hooks and answers a stand-in for the cloud: its members reach the running one, so
 * they work inside tests and hooks, not at the top level of the file. Queries without an index fail.
 */
export function seededTestCloud(): TestCloud {
  let running: TestCloud | undefined;
  const current = (): TestCloud => {
    if (!running) throw new Error('the seeded test cloud is not running: use it inside tests or hooks');
    return running;
  };
  beforeAll(async () => {
    running = await startTestCloud({ unindexedQueryThreshold: 0 });
    await seedOrg(running.app, new Date());
  }, 60_000);
  afterAll(() => running?.close());
  return lazyCloud(current);
}

