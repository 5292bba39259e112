/**
 * lib/org-change.ts through the real node-sdk and the local cloud: a change lands with its audit
 * entry and the boards it changes, replays by key, writes nothing when its plan refuses, and
 * concurrent changes never leave a board stale or half-applied.
 */
import { buildDirectory } from '../../core/domain/org';
import type { OrgChange } from '../../core/domain/org-change';
import { directoryDoc, type BuildingDoc, type PersonDoc } from '../../core/domain/org-model';
import { COLLECTIONS as C } from '../../cloudfunctions/lib/collections';
import { AppError } from '../../cloudfunctions/lib/errors';
import { changeOrg, loadOrgSnapshot } from '../../cloudfunctions/lib/org-change';
import type { Database } from '../../cloudfunctions/lib/cloud';
import { COMPOUND_IDS, PERSON_IDS, buildingId } from '../../tools/seed/demo';
import { setLatency } from '../helpers/localcloud';
import { resetStats, seededTestCloud, stats } from '../helpers/seeded';

const CID = 'cm-xingfuli';
const t = seededTestCloud();
const db = () => t.app.database() as unknown as Database;
let counter = 0;
const key = () => `k-${Date.now().toString(36)}-${counter++}`;

async function staff(): Promise<PersonDoc> {
  const snapshot = await loadOrgSnapshot(db(), CID);
  const { data } = await t.app.database().collection(C.persons).doc(PERSON_IDS.staff).get();
  expect(snapshot).not.toBeNull();
  return data[0] as PersonDoc;
}

/** A plan renaming one building. */
const rename = (id: string, name: string) => (snapshot: NonNullable<Awaited<ReturnType<typeof loadOrgSnapshot>>>): OrgChange => {
  const before = snapshot.buildings.find((b) => b._id === id) as BuildingDoc;
  const after = { ...before, name };
  return { writes: [{ collection: C.buildings, doc: after }], audit: { target: { kind: 'building', id, label: name }, summary: `楼栋改名为${name}`, before, after } };
};

async function board(compoundId: string) {
  const { data } = await t.app.database().collection(C.directories).doc(compoundId).get();
  return directoryDoc.parse(data[0]);
}

/** The stored boards equal boards rebuilt now from what the database holds. */
async function expectBoardsFresh(): Promise<void> {
  const snapshot = (await loadOrgSnapshot(db(), CID))!;
  for (const compound of snapshot.compounds) {
    const stored = await board(compound._id);
    const fresh = buildDirectory(snapshot, compound._id, new Date(stored.board.updatedAt));
    expect(stored).toEqual(fresh);
  }
}

it('lands the writes, one audit entry, the version and the changed board only, in 6 round trips with the caller', async () => {
  const actor = await staff();
  const id = buildingId('heping', 2);
  const untouched = await board(COMPOUND_IDS.hongxing);
  await setLatency(t, 50);
  let res: Awaited<ReturnType<typeof changeOrg>>;
  let s: Record<string, number>;
  try {
    await resetStats(t);
    res = await changeOrg(db(), { communityId: CID, actor, action: 'test.rename', idempotencyKey: key(), input: { id }, plan: rename(id, '2号楼（东）') });
    s = await stats(t);
  } finally {
    await setLatency(t, 0);
  }
  // start ‖ audit, version, snapshot, writes, commit: 5 here; the function's caller read makes 6
  expect(s.sequentialRoundTrips).toBe(5);
  expect(res.replayed).toBe(false);

  const heping = await board(COMPOUND_IDS.heping);
  expect(heping.board.buildings.find((b) => b.id === id)?.name).toBe('2号楼（东）');
  expect(await board(COMPOUND_IDS.hongxing)).toEqual(untouched);
  const { data: audit } = await t.app.database().collection(C.orgAudit).doc(res.auditId).get();
  expect(audit[0]).toMatchObject({ communityId: CID, actorId: PERSON_IDS.staff, actorName: actor.name, action: 'test.rename', target: { kind: 'building', id }, summary: '楼栋改名为2号楼（东）' });
  expect((audit[0] as { before: { name: string } }).before.name).toBe('2号楼');
  const { data: building } = await t.app.database().collection(C.buildings).doc(id).get();
  expect(building[0]).toMatchObject({ name: '2号楼（东）', rev: 1 });
  await expectBoardsFresh();
});

it('replays a key without writing again, and refuses the key with other input', async () => {
  const actor = await staff();
  const id = buildingId('heping', 3);
  const k = key();
  const first = await changeOrg(db(), { communityId: CID, actor, action: 'test.rename', idempotencyKey: k, input: { n: 1 }, plan: rename(id, '3号楼（甲）') });
  const { data: v1 } = await t.app.database().collection(C.orgVersions).doc(CID).get();
  const again = await changeOrg(db(), { communityId: CID, actor, action: 'test.rename', idempotencyKey: k, input: { n: 1 }, plan: rename(id, '3号楼（乙）') });
  expect(again).toMatchObject({ auditId: first.auditId, replayed: true });
  const { data: v2 } = await t.app.database().collection(C.orgVersions).doc(CID).get();
  expect(v2).toEqual(v1);
  expect((await board(COMPOUND_IDS.heping)).board.buildings.find((b) => b.id === id)?.name).toBe('3号楼（甲）');
  await expect(changeOrg(db(), { communityId: CID, actor, action: 'test.rename', idempotencyKey: k, input: { n: 2 }, plan: rename(id, 'x') })).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
});

it('writes nothing when the plan refuses the change', async () => {
  const actor = await staff();
  const { data: before } = await t.app.database().collection(C.orgVersions).doc(CID).get();
  const refusing = () => {
    throw new AppError('VALIDATION_ERROR', '楼栋名称不能为空');
  };
  const k = key();
  await expect(changeOrg(db(), { communityId: CID, actor, action: 'test.refuse', idempotencyKey: k, input: {}, plan: refusing })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  const { data: after } = await t.app.database().collection(C.orgVersions).doc(CID).get();
  expect(after).toEqual(before);
  const { total } = await t.app.database().collection(C.orgAudit).where({ communityId: CID, action: 'test.refuse' }).count();
  expect(total).toBe(0);
});

it('lands concurrent changes of one community one after another, and no board is stale or half-applied', async () => {
  const actor = await staff();
  const { data: v0 } = await t.app.database().collection(C.orgVersions).doc(CID).get();
  const names = [1, 2, 3, 4, 5, 6].map((n) => [buildingId('heping', n), `${n}号楼·并发`] as const);
  // and a change of two documents at once: a leader's grant moved to building 4, which is renamed by another
  const leader = (await t.app.database().collection(C.persons).doc('p-007').get()).data[0] as PersonDoc;
  const move = (): OrgChange => {
    const roles = leader.roles.map((g) => (g.role === 'leader' ? { ...g, scope: { ...g.scope, buildingIds: [buildingId('heping', 4)] } } : g));
    const after = { ...leader, roles };
    return { writes: [{ collection: C.persons, doc: after }], audit: { target: { kind: 'person', id: leader._id, label: leader.name }, summary: '调整联系楼栋', before: leader, after } };
  };
  const results = await Promise.all([
    ...names.map(([id, name]) => changeOrg(db(), { communityId: CID, actor, action: 'test.rename', idempotencyKey: key(), input: { id, name }, plan: rename(id, name) })),
    changeOrg(db(), { communityId: CID, actor, action: 'test.move', idempotencyKey: key(), input: {}, plan: move }),
  ]);
  expect(results.every((r) => !r.replayed)).toBe(true);
  const { data: v1 } = await t.app.database().collection(C.orgVersions).doc(CID).get();
  expect((v1[0] as { version: number }).version).toBe((v0[0] as { version: number }).version + names.length + 1);

  const heping = await board(COMPOUND_IDS.heping);
  for (const [id, name] of names) expect(heping.board.buildings.find((b) => b.id === id)?.name).toBe(name);
  const four = heping.board.buildings.find((b) => b.id === buildingId('heping', 4));
  expect(four?.leaders.map((l) => l.personId)).toContain('p-007');
  await expectBoardsFresh();
}, 60_000);
