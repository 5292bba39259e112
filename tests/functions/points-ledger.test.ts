/**
 * The ledger through the real local cloud: concurrency, idempotency, tamper detection, validation
 * and the database round trips an action costs.
 */
import type { AwardOutput, BalanceOut, RankingOut, VerifyOut } from './points-types';
import { rankAll } from '../../core/domain/points/ranking';
import type { TestCloud } from '../helpers/localcloud';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { PERSON_IDS } from '../../tools/seed/demo';
import { POINT_COLLECTIONS as C, accountId } from '../../core/domain/points/model';
import { addPerson, fail, key, ok, pointsCloud, resetStats, roundTrips, setLatency, stats, thisMonth } from './points-fixture';
import { functionsWithEnv } from '../helpers/function-env';

let t: TestCloud;
let functions: ReturnType<typeof functionsWithEnv>;
const CID = 'cm-xingfuli';
/** concurrent invocations per test: each runs in its own function instance (a process) */
const PARALLEL = 6;
beforeAll(async () => {
  // these tests verify far more often than a person may (5 in 10 minutes by default)
  functions = functionsWithEnv({ RATE_LIMIT_VERIFY: '500/10m' });
  t = await pointsCloud({ functionsDir: functions.dir });
  // people with no points yet, so caps and balances start from zero
  for (let i = 1; i <= 6; i++) {
    await addPerson(t, { id: `p-new-${i}`, name: `新人${i}`, openid: `new-${i}`, communityId: CID, roles: [['leader', { communityId: CID, branchId: 'br-heping' }]].map(([role, scope]) => ({ role, scope, scopeLabel: '和平小区党支部' })) as never });
  }
  // start the instances the parallel tests use (a cold start takes seconds on a small machine)
  await Promise.all(Array.from({ length: PARALLEL }, () => ok(t, 'points.rules.list', {}, P.staff)));
}, 120_000);
afterAll(async () => {
  await t?.close();
  functions?.remove();
});

const balance = async (personId: string) => (await ok<BalanceOut>(t, 'points.balance', { personId }, P.staff)).balance;
const verify = () => ok<VerifyOut>(t, 'points.verify', { full: true }, P.staff);
/** a person's entries (read by the declared personId index), filtered here */
const countEntries = async (personId: string, where: (e: { idempotencyKey: string; item: { code: string } | null }) => boolean) => {
  const { data } = await t.app.database().collection(C.entries).where({ personId }).limit(1000).get();
  return (data as Parameters<typeof where>[0][]).filter(where).length;
};

describe('concurrency', () => {
  it('many parallel identical awards (one key) book one entry', async () => {
    const k = key('same');
    const before = await balance('p-new-1');
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () => t.call<AwardOutput>('points.award', { kind: 'adjustment', idempotencyKey: k, personIds: ['p-new-1'], points: 7, reason: '并发测试' }, P.staff)),
    );
    for (const r of results) expect(r.ok).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.data.entries[0].id : '')));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.data.replayed)).toHaveLength(1);
    expect(await countEntries('p-new-1', (e) => e.idempotencyKey === k)).toBe(1);
    expect(await balance('p-new-1')).toBe(before + 7);
  }, 60_000);

  it('many parallel distinct awards are all booked and balances are exact', async () => {
    const people = ['p-new-2', 'p-new-3', PERSON_IDS.leader];
    const before = await Promise.all(people.map(balance));
    const calls = Array.from({ length: PARALLEL }, (_, i) => ({ person: people[i % 3], points: i + 1 }));
    const results = await Promise.all(
      calls.map((c) => t.call<AwardOutput>('points.award', { kind: 'adjustment', idempotencyKey: key('many'), personIds: [c.person], points: c.points, reason: '并发测试' }, P.staff)),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const after = await Promise.all(people.map(balance));
    people.forEach((p, i) => expect(after[i] - before[i]).toBe(calls.filter((c) => c.person === p).reduce((s, c) => s + c.points, 0)));
    const seqs = results.map((r) => (r.ok ? r.data.entries[0].seq : 0)).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(PARALLEL); // one chain, no two entries at one position
    const report = await verify();
    expect(report.problems).toEqual([]);
  }, 90_000);

  it('parallel awards at a cap never go over it', async () => {
    // ZC02 (组织政策宣讲或微党课): at most twice a month per person
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () => t.call<AwardOutput>('points.award', { kind: 'item', idempotencyKey: key('cap'), personIds: ['p-new-4'], itemCode: 'ZC02' }, P.staff)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    for (const r of results.filter((x) => !x.ok)) {
      expect(r.ok ? null : r.error).toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('每人每月最多 2 次') });
    }
    expect(await countEntries('p-new-4', (e) => e.item?.code === 'ZC02')).toBe(2);
    expect(await balance('p-new-4')).toBe(20);
    const { data } = await t.app.database().collection(C.accounts).doc(accountId(CID, 'p-new-4')).get();
    expect(data[0].caps[`ZC02@${thisMonth()}`]).toEqual({ points: 20, count: 2 });
  }, 60_000);
});

describe('idempotency', () => {
  it('a retry returns the first result; the same key with another payload is IDEMPOTENCY_CONFLICT', async () => {
    const k = key('retry');
    const first = await ok<AwardOutput>(t, 'points.award', { kind: 'item', idempotencyKey: k, personIds: ['p-new-5'], itemCode: 'HJ01' }, P.staff);
    const again = await ok<AwardOutput>(t, 'points.award', { kind: 'item', idempotencyKey: k, personIds: ['p-new-5'], itemCode: 'HJ01' }, P.staff);
    expect(again).toEqual({ ...first, replayed: true });
    const conflict = await fail(t, 'points.award', { kind: 'item', idempotencyKey: k, personIds: ['p-new-5'], itemCode: 'HJ03' }, P.staff);
    expect(conflict.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(conflict.message).toMatch(/[\u4e00-\u9fff]/);

    const rk = key('rev');
    const reversal = await ok<{ entry: { id: string; points: number }; replayed: boolean }>(t, 'points.reverse', { idempotencyKey: rk, entryId: first.entries[0].id, reason: '录入有误' }, P.staff);
    expect(reversal.entry.points).toBe(-first.entries[0].points);
    expect((await ok<{ replayed: boolean }>(t, 'points.reverse', { idempotencyKey: rk, entryId: first.entries[0].id, reason: '录入有误' }, P.staff)).replayed).toBe(true);
    expect((await fail(t, 'points.reverse', { idempotencyKey: rk, entryId: first.entries[0].id, reason: '另一个原因' }, P.staff)).code).toBe('IDEMPOTENCY_CONFLICT');
    // at most one reversal per entry, and a reversal cannot be reversed
    expect((await fail(t, 'points.reverse', { idempotencyKey: key('rev2'), entryId: first.entries[0].id, reason: '再次冲正' }, P.staff)).code).toBe('CONFLICT');
    expect((await fail(t, 'points.reverse', { idempotencyKey: key('rev3'), entryId: reversal.entry.id, reason: '冲正冲正' }, P.staff)).message).toBe('冲正记录不能再被冲正');
    expect(await balance('p-new-5')).toBe(0);
    // the history shows the reversal first and marks the original as reversed
    const history = await ok<{ entries: { id: string; reverses: string | null; reversedBy: string | null }[] }>(t, 'points.history', { personId: 'p-new-5' }, P.staff);
    expect(history.entries.map((e) => [e.id, e.reverses, e.reversedBy])).toEqual([
      [reversal.entry.id, first.entries[0].id, null],
      [first.entries[0].id, null, reversal.entry.id],
    ]);
  }, 60_000);
});

describe('rules', () => {
  it('are versioned: a change never touches past entries', async () => {
    const first = await ok<AwardOutput>(t, 'points.award', { kind: 'item', idempotencyKey: key('v1'), personIds: ['p-new-6'], itemCode: 'DD01' }, P.staff);
    expect(first.entries[0]).toMatchObject({ points: 2, item: { code: 'DD01', version: 1 } });
    const upsert = { code: 'DD01', categoryCode: 'DD', name: '劝导不文明养犬', points: 4, cap: { period: 'month', count: 10 }, evidenceRequired: false, approver: 'secretary', active: true };
    const changed = await ok<{ item: { version: number; points: number }; created: boolean }>(t, 'points.rules.upsert', { idempotencyKey: key('rule'), item: upsert }, P.staff);
    expect(changed).toMatchObject({ item: { version: 2, points: 4 }, created: false });
    const second = await ok<AwardOutput>(t, 'points.award', { kind: 'item', idempotencyKey: key('v2'), personIds: ['p-new-6'], itemCode: 'DD01' }, P.staff);
    expect(second.entries[0]).toMatchObject({ points: 4, item: { version: 2 } });
    const history = await ok<{ entries: { id: string; points: number; item: { version: number } | null }[] }>(t, 'points.history', { personId: 'p-new-6' }, P.staff);
    expect(history.entries.find((e) => e.id === first.entries[0].id)).toMatchObject({ points: 2, item: { version: 1 } });
    // an inactive item cannot be awarded
    await ok(t, 'points.rules.upsert', { idempotencyKey: key('off'), item: { ...upsert, active: false } }, P.staff);
    expect((await fail(t, 'points.award', { kind: 'item', idempotencyKey: key(), personIds: ['p-new-6'], itemCode: 'DD01' }, P.staff)).message).toBe('事项「劝导不文明养犬」已停用');
    const rules = await ok<{ categories: { code: string; items: unknown[] }[] }>(t, 'points.rules.list', {}, P.leader);
    expect(rules.categories.map((c) => c.items.length)).toEqual([5, 5, 5, 5, 5, 4, 5]);
  });
});

describe('validation', () => {
  it('answers bad input with Chinese field messages and writes nothing', async () => {
    const bad: [string, unknown][] = [
      ['points.award', { kind: 'item', idempotencyKey: 'short', personIds: [], itemCode: 'zc1' }],
      ['points.award', { kind: 'adjustment', idempotencyKey: key(), personIds: ['p-new-1'], points: 0, reason: '' }],
      ['points.award', { kind: 'bonus', idempotencyKey: key(), personIds: ['p-new-1'] }],
      ['points.award', { kind: 'adjustment', idempotencyKey: key(), personIds: ['p-new-1'], points: 3, reason: '正常原因', openid: 'someone-else' }],
      ['points.reverse', { idempotencyKey: key(), entryId: '', reason: 'x' }],
      ['points.rules.upsert', { idempotencyKey: key(), item: { code: 'ZC01', categoryCode: 'ZC', name: '入', points: 1.5, cap: { period: 'week' }, evidenceRequired: 'yes', approver: 'boss', active: true } }],
      ['points.grading.upsert', { idempotencyKey: key(), grading: { month: [{ label: '优秀', minPoints: 10 }, { label: '良好', minPoints: 20 }], quarter: [], year: [] } }],
      ['points.publication.create', { idempotencyKey: key(), period: '2026-13', noticeDays: 30 }],
      ['points.publication.resolve', { idempotencyKey: key(), objectionId: 'o_x', answer: '', corrections: [{ personId: 'p-new-1', points: 0, reason: '' }] }],
      ['points.ranking', { period: '2026/11', scope: 'district', pageSize: 100 }],
    ];
    await resetStats(t);
    for (const [action, data] of bad) {
      const error = await fail(t, action, data, P.staff);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.issues?.length).toBeGreaterThan(0);
      for (const issue of error.issues ?? []) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const s = await stats(t);
    expect(Object.keys(s).filter((k) => /insert|modify|remove|Transaction/.test(k) && s[k] > 0)).toEqual([]);
    // a leader's claim of an item that needs photos, without photos
    const claim = await fail(t, 'points.claim.submit', { idempotencyKey: key(), itemCode: 'BF01', date: '2099-01-01' }, P.leader);
    expect(claim).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.date', message: '服务日期不能晚于今天' }] });
  });
});

describe('tamper detection', () => {
  it('names an edited entry, balance and tally', async () => {
    expect((await verify()).problems).toEqual([]);
    const db = t.app.database();
    const { data: entries } = await db.collection(C.entries).where({ communityId: CID, seq: 20 }).get();
    const entry = entries[0];
    const edited = entry.postings.map((p: { account: string; delta: number }) => ({ ...p, delta: p.delta * 10 }));
    await db.collection(C.entries).doc(entry._id).update({ postings: edited });
    const acc = accountId(CID, 'p-new-2');
    const { data: accs } = await db.collection(C.accounts).doc(acc).get();
    await db.collection(C.accounts).doc(acc).update({ balance: accs[0].balance + 100 });
    const tallyId = `${thisMonth()}:${CID}:p-new-3`;
    await db.collection(C.tallies).doc(tallyId).update({ points: 999 });

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'entry', collection: C.entries, docId: entry._id, field: 'hash', message: `第 20 条记录的内容与其哈希不符，记录被改动过` }));
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'account', docId: acc, field: 'balance', actual: String(accs[0].balance + 100) }));
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'tally', docId: tallyId, field: 'points', actual: '999' }));

    // put everything back: the ledger verifies again
    await db.collection(C.entries).doc(entry._id).update({ postings: entry.postings });
    await db.collection(C.accounts).doc(acc).update({ balance: accs[0].balance });
    const { data: acc3 } = await db.collection(C.accounts).doc(accountId(CID, 'p-new-3')).get();
    await db.collection(C.tallies).doc(tallyId).update({ points: acc3[0].periods[thisMonth()].points });
    expect((await verify()).problems).toEqual([]);
  }, 60_000);

  it('notices a removed entry and a forged head', async () => {
    const db = t.app.database();
    const { data } = await db.collection(C.entries).where({ communityId: CID, seq: 30 }).get();
    await db.collection(C.entries).doc(data[0]._id).remove();
    const report = await verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'chain', field: 'seq', message: '第 29 条之后缺少记录或序号不连续' }));
    await db.collection(C.entries).add(data[0]);
    expect((await verify()).problems).toEqual([]);

    const { data: books } = await db.collection(C.books).doc(CID).get();
    await db.collection(C.books).doc(CID).update({ head: { seq: books[0].head.seq - 1, hash: books[0].head.hash } });
    expect((await verify()).problems).toContainEqual(expect.objectContaining({ kind: 'book', docId: CID, field: 'head.seq' }));
    await db.collection(C.books).doc(CID).update({ head: books[0].head });
    expect((await verify()).problems).toEqual([]);
  }, 60_000);
});

describe('incremental verification', () => {
  const db = () => t.app.database();
  /** a member's check: from the checkpoint to the head */
  const check = () => ok<VerifyOut>(t, 'points.verify', {}, P.leader);
  const adjust = () => ok<AwardOutput>(t, 'points.award', { kind: 'adjustment', idempotencyKey: key('inc'), personIds: ['p-new-5'], points: 2, reason: '核验测试' }, P.staff);
  const entryAt = async (seq: number) => (await db().collection(C.entries).where({ communityId: CID, seq }).get()).data[0] as { _id: string; reason: string | null };
  const reads = (s: Record<string, number>) => (s['database.getDocument'] ?? 0) + (s['database.aggregateDocuments'] ?? 0) + (s['database.calculateDocument'] ?? 0);

  it('a full check that passes writes a checkpoint at the head', async () => {
    const full = await verify();
    const [book] = (await db().collection(C.books).doc(CID).get()).data as { head: { seq: number; hash: string }; issued: number }[];
    expect(full).toMatchObject({ ok: true, mode: 'full', from: null, head: book.head });
    const [checkpoint] = (await db().collection(C.checkpoints).doc(CID).get()).data;
    expect(checkpoint).toMatchObject({ head: book.head, issued: book.issued, byId: PERSON_IDS.staff });
  }, 60_000);

  it('after new awards a member checks from the checkpoint in 3 reads, and it passes', async () => {
    const full = await verify();
    await adjust();
    await adjust();
    await check(); // the caller's rate-limit window exists from here on
    await setLatency(t, 100);
    try {
      await resetStats(t);
      const report = await check();
      const s = await stats(t);
      expect(report).toMatchObject({ ok: true, mode: 'incremental', from: full.head, head: { seq: full.head.seq + 2 }, checked: { entries: 2, accounts: 0, tallies: 0 } });
      expect(report.covers).toMatch(/^从上次全面核对通过的第 \d+ 条记录起，核对了之后的 2 条记录：.*各人的积分账户和统计未重算，检查点之前的记录也未重读/);
      // caller; the book with its checkpoint (and the rate-limit counter, alongside); the entries since
      expect([reads(s), s['database.aggregateDocuments'], s.sequentialRoundTrips]).toEqual([3, 1, 3]);
      expect(s['plan.scan'] ?? 0).toBe(0);
    } finally {
      await setLatency(t, 0);
    }
  }, 60_000);

  it('names an entry tampered after the checkpoint; one before it takes the full check', async () => {
    const full = await verify();
    await adjust();
    const after = await entryAt(full.head.seq + 1);
    await db().collection(C.entries).doc(after._id).update({ reason: '改过的理由' });
    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'entry', collection: C.entries, docId: after._id, field: 'hash' }));
    await db().collection(C.entries).doc(after._id).update({ reason: after.reason });

    // the checkpoint's own entry is re-read too
    const anchor = await entryAt(full.head.seq);
    await db().collection(C.entries).doc(anchor._id).update({ reason: '改过的理由' });
    expect((await check()).problems).toContainEqual(expect.objectContaining({ kind: 'entry', docId: anchor._id, field: 'hash' }));
    await db().collection(C.entries).doc(anchor._id).update({ reason: anchor.reason });

    // before the checkpoint: the incremental check does not read it (and says so); the full check names it
    const before = await entryAt(10);
    await db().collection(C.entries).doc(before._id).update({ reason: '改过的理由' });
    expect(await check()).toMatchObject({ ok: true, covers: expect.stringContaining('检查点之前的记录也未重读') });
    const fullReport = await verify();
    expect(fullReport.ok).toBe(false);
    expect(fullReport.problems).toContainEqual(expect.objectContaining({ kind: 'entry', docId: before._id, field: 'hash', message: '第 10 条记录的内容与其哈希不符，记录被改动过' }));
    await db().collection(C.entries).doc(before._id).update({ reason: before.reason });
    expect((await verify()).ok).toBe(true);
  }, 60_000);

  it('a full check is staff only', async () => {
    expect((await fail(t, 'points.verify', { full: true }, P.leader)).code).toBe('FORBIDDEN');
  });
});

describe('round trips', () => {
  it('an award, a ranking page and a balance stay within their measured budgets, all served by indexes', async () => {
    await ok(t, 'points.ranking', {}, P.leader); // warms the instance's grading cache
    await resetStats(t);
    await ok(t, 'points.award', { kind: 'item', idempotencyKey: key('rt'), personIds: [PERSON_IDS.leader], itemCode: 'ZY02' }, P.staff);
    const award = await stats(t);
    // caller + recipients + book + account; start; entry; book, account, 3 tallies; commit
    expect(roundTrips(award)).toBe(12);
    expect(award['plan.scan'] ?? 0).toBe(0);

    await resetStats(t);
    await ok(t, 'points.ranking', { scope: 'community' }, P.leader);
    const ranking = await stats(t);
    expect(roundTrips(ranking)).toBe(2); // caller + one indexed page
    expect(ranking['plan.scan'] ?? 0).toBe(0);

    await resetStats(t);
    await ok(t, 'points.ranking', { scope: 'branch' }, P.leader);
    expect(roundTrips(await stats(t))).toBe(2);

    // caller + one aggregation — balance: over the community's accounts (balance, period points,
    // ranks); own history: the page, each entry's reversal looked up by id (someone else's adds
    // their person, read together with the caller)
    for (const action of ['points.balance', 'points.history']) {
      await resetStats(t);
      await ok(t, action, {}, P.leader);
      const s = await stats(t);
      expect([action, roundTrips(s), s['database.aggregateDocuments'], s['plan.scan'] ?? 0]).toEqual([action, 2, 1, 0]);
    }
  }, 60_000);

  it('an award waits for 5 sequential round trips (caller with recipients, start, reads, writes, commit); a page, a balance or a history for 2', async () => {
    // with latency every concurrent request is still open when the next one of its wave arrives
    await setLatency(t, 100);
    try {
      await resetStats(t);
      await ok(t, 'points.award', { kind: 'item', idempotencyKey: key('seq'), personIds: [PERSON_IDS.leader, PERSON_IDS.secretary], itemCode: 'ZY03' }, P.staff);
      const s = await stats(t);
      expect(s.sequentialRoundTrips).toBe(5);
      // caller, recipients; start; book, 2 accounts; book; per recipient entry, account, 3 tallies; commit
      expect(roundTrips(s)).toBe(2 + 1 + 3 + 1 + 2 * 5 + 1);

      await ok(t, 'points.ranking', { scope: 'community' }, P.leader); // warms the grading cache
      await resetStats(t);
      await ok(t, 'points.ranking', { scope: 'community' }, P.leader);
      expect((await stats(t)).sequentialRoundTrips).toBe(2);

      // own: caller, then the aggregation; someone else's: their person read with the caller's
      for (const action of ['points.balance', 'points.history'])
        for (const input of [{}, { personId: PERSON_IDS.leader }]) {
          await resetStats(t);
          await ok(t, action, input, input.personId ? P.staff : P.leader);
          expect([action, (await stats(t)).sequentialRoundTrips]).toEqual([action, 2]);
        }
    } finally {
      await setLatency(t, 0);
    }
  }, 60_000);
});

describe('ranking pages', () => {
  it('page after page agree with the whole ranking, also inside a tie longer than the look-back', async () => {
    // 25 people on the same points: pages deep inside that tie cannot place it from the rows before
    const tied = Array.from({ length: 25 }, (_, i) => `p-tie-${i}`);
    for (const id of tied) {
      await addPerson(t, { id, name: `同分${id.slice(6)}`, openid: `tie-${id}`, communityId: CID, roles: [] });
    }
    await ok(t, 'points.award', { kind: 'adjustment', idempotencyKey: key('tie'), personIds: tied, points: 1, reason: '排名分页测试' }, P.staff);

    const { data } = await t.app.database().collection(C.tallies).where({ communityId: CID, periodKey: thisMonth() }).limit(1000).get();
    const ranked = rankAll(data as { personId: string; points: number }[]);
    const whole = new Map(ranked.map((r) => [r.personId, r.rank]));
    expect(whole.size).toBeGreaterThan(30);
    // a page needs a count when all 20 rows before it (not reaching the top) tie with its first row
    const needsCount = (offset: number) => offset > 20 && ranked.slice(offset - 20, offset).every((r) => r.points === ranked[offset].points);

    await ok(t, 'points.ranking', { scope: 'community' }, P.staff); // warms the grading cache
    for (const pageSize of [5, 7, 20]) {
      const seen: [string, number][] = [];
      const reads: number[] = [];
      for (let page = 1; ; page++) {
        await resetStats(t);
        const res = await ok<RankingOut>(t, 'points.ranking', { scope: 'community', page, pageSize }, P.staff);
        reads.push(roundTrips(await stats(t)));
        seen.push(...res.rows.map((r): [string, number] => [r.personId, r.rank]));
        if (!res.hasMore) break;
      }
      expect(seen).toEqual(seen.map(([id]) => [id, whole.get(id)]));
      expect(seen).toHaveLength(whole.size);
      // caller + the page, and a count only where the rows read before the page cannot place the tie
      expect(reads).toEqual(reads.map((_, i) => (needsCount(i * pageSize) ? 3 : 2)));
      if (pageSize === 5) expect(reads).toContain(3);
    }
  }, 60_000);
});
