/**
 * 注销 through the real local cloud: a person holding points and a role deletes their account; their
 * name, phone, WeChat identity, household and roles are gone everywhere, their ledger entries keep
 * the person id with the name 已注销用户, the 公示牌 drops them, their open bind request is withdrawn,
 * and a full points.verify still passes — while a changed name on another entry is still found.
 */
import type { BindApplyResult, MeView } from '../../core/contracts/account';
import type { DirectoryView } from '../../core/contracts/org';
import type { VerifyReport } from '../../core/contracts/points';
import type { InviteView } from '../../core/contracts/org-invites';
import { POINT_COLLECTIONS as C } from '../../core/domain/points/model';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { COMMUNITY_ID, COMPOUND_IDS, PERSON_IDS } from '../../tools/seed/demo';
import { seedDemo } from '../../tools/seed/seed';
import { resetStats, setLatency, startTestCloud, stats, type TestCloud } from '../helpers/localcloud';

jest.setTimeout(60_000);

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ unindexedQueryThreshold: 0 });
  await seedDemo(t.app);
}, 120_000);
afterAll(() => t?.close());

const db = () => t.app.database();
let n = 0;
const key = () => `delete-test-${++n}-${Date.now()}`;
const ERASED = '已注销用户';

async function ok<T>(action: string, data: unknown, openid: string): Promise<T> {
  const res = await t.call<T>(action, data, openid);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}
const all = async (collection: string, where: object) => (await db().collection(collection).where(where).limit(1000).get()).data as Record<string, unknown>[];

describe('account.delete', () => {
  it('asks for the confirmation word', async () => {
    expect(await t.call('account.delete', { idempotencyKey: key() }, P.leader)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', issues: [{ path: 'data.confirm' }] } });
    expect(await t.call('account.delete', { idempotencyKey: key(), confirm: '确定' }, P.leader)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await t.call('account.delete', { idempotencyKey: key(), confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('erases a leader holding points, keeps the ledger verifying, and takes them off the board', async () => {
    await setLatency(t, 10);
    const entriesBefore = await all(C.entries, { personId: PERSON_IDS.leader });
    expect(entriesBefore.length).toBeGreaterThan(0);
    expect(entriesBefore.every((e) => e.personName === '王建国')).toBe(true);
    const balanceBefore = (await all(C.accounts, { personId: PERSON_IDS.leader }))[0].balance;
    expect(balanceBefore).toBeGreaterThan(0);
    const boardBefore = await ok<DirectoryView>('org.directory', { compoundId: COMPOUND_IDS.heping }, P.staff);
    expect(JSON.stringify(boardBefore)).toContain('王建国');

    await resetStats(t);
    expect(await t.call('account.delete', { idempotencyKey: key(), confirm: '注销' }, P.leader)).toEqual({ ok: true, data: { deleted: true } });
    // Over ARCHITECTURE's 5 for a write: the caller, the erasure of the name everywhere (one round of
    // updates sent together), then an org change (lib/org-change.ts: 5–6 besides the caller; a board
    // listing people without a board role reads them in a second query). Capped so it cannot grow unnoticed.
    const cost = await stats(t);
    await setLatency(t, 0);
    expect(cost.sequentialRoundTrips).toBeLessThanOrEqual(8);
    expect(cost['plan.scan'] ?? 0).toBe(0);

    // the WeChat user is a stranger now
    expect(await ok<MeView>('account.me', {}, P.leader)).toMatchObject({ bound: false });
    // the person stays as a pseudonym: no name, phone, identity, home or role
    expect((await db().collection('persons').doc(PERSON_IDS.leader).get()).data[0]).toMatchObject({
      openid: null, name: ERASED, phone: null, householdId: null, householdLabel: null, buildingId: null, compoundId: null, roles: [], partyMember: false, partyCategory: null,
    });
    // the ledger keeps every entry and the person id, without the name or its salt
    const entries = await all(C.entries, { personId: PERSON_IDS.leader });
    expect(entries.map((e) => [e._id, e.hash])).toEqual(entriesBefore.map((e) => [e._id, e.hash]));
    expect(entries.every((e) => e.personName === ERASED && e.nameSalt === null && typeof e.nameDigest === 'string')).toBe(true);
    expect((await all(C.accounts, { personId: PERSON_IDS.leader }))[0]).toMatchObject({ name: ERASED, balance: balanceBefore });
    // no record of theirs still names them
    const theirs = [
      ...entries,
      ...(await all(C.accounts, { personId: PERSON_IDS.leader })),
      ...(await all(C.tallies, { personId: PERSON_IDS.leader })),
      ...(await all(C.claims, { personId: PERSON_IDS.leader })),
      ...(await all('orgAudit', { communityId: COMMUNITY_ID, action: 'account.delete' })),
    ];
    expect(JSON.stringify(theirs)).not.toMatch(/王建国|13800000002/);
    // the board no longer lists them
    const boardAfter = await ok<DirectoryView>('org.directory', { compoundId: COMPOUND_IDS.heping }, P.staff);
    expect(JSON.stringify(boardAfter)).not.toContain('王建国');

    // the whole ledger still verifies, recomputed from the first entry
    const report = await ok<VerifyReport>('points.verify', { full: true }, P.staff);
    expect(report).toMatchObject({ ok: true, mode: 'full', problems: [] });
    expect(report.checked.entries).toBeGreaterThan(entries.length);
  });

  it('still finds a changed name on someone else’s entry', async () => {
    const [entry] = await all(C.entries, { personId: 'p-007' });
    await db().collection(C.entries).doc(entry._id as string).update({ personName: '改过的名字' });
    const report = await ok<VerifyReport>('points.verify', { full: true }, P.staff);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'entry', docId: entry._id, field: 'personName' }));
    await db().collection(C.entries).doc(entry._id as string).update({ personName: entry.personName });
    expect((await ok<VerifyReport>('points.verify', { full: true }, P.staff)).problems).toEqual([]);
  });

  it('withdraws a pending bind request, and erases what it held', async () => {
    const invite = (await ok<{ invite: InviteView }>('org.invite.create', { idempotencyKey: key(), role: 'staff', target: { communityId: COMMUNITY_ID } }, P.staff)).invite;
    await ok('account.bind.invite', { idempotencyKey: key(), code: invite.code, name: '韩冬' }, 'o-hand');
    const applied = await ok<BindApplyResult>('account.bind.apply', { idempotencyKey: key(), compoundId: COMPOUND_IDS.heping, householdId: 'hh-heping-5-2-102', name: '韩冬', phone: '13911112222' }, 'o-hand');
    if (applied.outcome !== 'pending') throw new Error('expected a request');
    expect(await t.call('account.delete', { idempotencyKey: key(), confirm: '注销' }, 'o-hand')).toMatchObject({ ok: true });
    expect((await db().collection('bindRequests').doc(applied.request.id).get()).data[0]).toMatchObject({ status: 'withdrawn', openid: null, name: ERASED, phone: null, maskedPhone: null });
    // the invite they used no longer names them either
    expect((await db().collection('invites').doc(invite.id).get()).data[0]).toMatchObject({ usedBy: { name: ERASED } });
    // nobody can review a withdrawn request
    expect(await t.call('account.bind.review', { idempotencyKey: key(), requestId: applied.request.id, decision: 'approve' }, P.staff)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });
    // the same WeChat user may start again as a newcomer, with a new person id
    const again = await t.call<BindApplyResult>('account.bind.apply', { idempotencyKey: key(), compoundId: COMPOUND_IDS.heping, householdId: 'hh-heping-5-2-102', name: '韩冬', phone: '13911112222' }, 'o-hand');
    expect(again).toMatchObject({ ok: true, data: { outcome: 'pending' } });
  });
});
