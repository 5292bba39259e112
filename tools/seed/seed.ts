/**
 * Writes the demo data (demo.ts, the points ledger of points-demo.ts, the requests of requests-demo.ts) through node-sdk, as a
 * deployed tool would: batch inserts per collection, and the directory document of every compound,
 * built by core/domain/org. Idempotent: data already there is left alone.
 */
import type { CloudbaseApp as App } from '../localcloud/sdk';
import { buildDirectories } from '../../core/domain/org';
import { COLLECTIONS } from '../../cloudfunctions/lib/collections';
import { demoData } from './demo';
import { seedPoints } from './points-demo';
import { seedRequests } from './requests-demo';

/** Documents per insert request: well under CloudBase's request size limits. */
const BATCH = 500;

export async function insertAll(app: App, collection: string, docs: object[]): Promise<void> {
  const coll = app.database().collection(collection);
  for (let i = 0; i < docs.length; i += BATCH) {
    await coll.add(docs.slice(i, i + BATCH));
  }
}

/**
 * Seeds the demo org, the demo points ledger (tools/seed/points-demo.ts) and the demo requests
 * (requests-demo.ts), each only where it is missing; returns false when there was nothing to write.
 */
export async function seedDemo(app: App, now = new Date()): Promise<boolean> {
  const org = await seedOrg(app, now);
  const points = await seedPoints(app, now);
  const requests = await seedRequests(app, now);
  return org || points || requests;
}

/** The org, the people and the directories; nothing when the database already holds a community. */
export async function seedOrg(app: App, now: Date): Promise<boolean> {
  const { total } = await app.database().collection(COLLECTIONS.communities).count();
  if (total) return false;

  const { snapshot, households } = demoData();
  const writes: Array<[string, object[]]> = [
    [COLLECTIONS.compounds, snapshot.compounds],
    [COLLECTIONS.branches, snapshot.branches],
    [COLLECTIONS.grids, snapshot.grids],
    [COLLECTIONS.buildings, snapshot.buildings],
    [COLLECTIONS.households, households],
    [COLLECTIONS.centralHouseholds, snapshot.centralHouseholds],
    [COLLECTIONS.teams, snapshot.teams],
    [COLLECTIONS.partners, snapshot.partners],
    [COLLECTIONS.persons, snapshot.persons],
    [COLLECTIONS.directories, buildDirectories(snapshot, now)],
  ];
  for (const [collection, docs] of writes) await insertAll(app, collection, docs);
  // last: its presence is what marks the database as seeded
  await insertAll(app, COLLECTIONS.communities, [snapshot.community]);
  return true;
}
