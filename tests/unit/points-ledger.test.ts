/**
 * Property tests of the pure ledger: random sequences of awards, adjustments, claims, approvals,
 * reversals and retries, run against an in-memory store that follows the same rules as the
 * function (deterministic ids, replay by id, one write per step), keep every invariant.
 */
import fc from 'fast-check';
import type { RuleItem } from '../../core/contracts/points';
import { planPostings, planReversal, replayOf, PointsError, type LedgerWrite } from '../../core/domain/points/ledger';
import { entryId, reversalId, type AccountDoc, type BookDoc, type EntryDoc, type TallyDoc } from '../../core/domain/points/model';
import { verifyLedger } from '../../core/domain/points/verify';
import { hashOf } from '../../core/domain/points/canonical';
import { periodOfMonth } from '../../core/domain/points/periods';
import { newBook } from '../../tools/seed/points-catalogue';

const C = 'cm-test';
const PEOPLE = ['p1', 'p2', 'p3', 'p4'].map((id, i) => ({ personId: id, name: `张${'一二三四'[i]}`, branchId: i < 2 ? 'b1' : 'b2' }));

/** The in-memory store: what the database would hold after each committed transaction. */
class Store {
  entries = new Map<string, EntryDoc>();
  accounts = new Map<string, AccountDoc>();
  tallies = new Map<string, TallyDoc>();
  claims = new Map<string, { personId: string; itemCode: string; status: 'pending' | 'approved' | 'rejected' }>();
  constructor(public book: BookDoc) {}
  commit(w: LedgerWrite) {
    for (const e of w.entries) {
      if (this.entries.has(e._id)) throw new Error('duplicate id'); // the insert collides: transaction aborts
    }
    for (const e of w.entries) this.entries.set(e._id, e);
    this.book = w.book;
    for (const a of w.accounts) this.accounts.set(a.personId, a);
    for (const t of w.tallies) this.tallies.set(t._id, t);
  }
  ordered() {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }
}

const items = (book: BookDoc) => book.items;
const MONTHS = ['2026-02', '2026-03', '2026-04', '2026-12', '2027-01'];

type Op =
  | { t: 'award'; key: number; person: number; item: number | null; points: number; month: number }
  | { t: 'claim'; key: number; person: number; item: number }
  | { t: 'review'; claim: number; approve: boolean; month: number }
  | { t: 'reverse'; entry: number; key: number }
  | { t: 'retry'; back: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('award' as const), key: fc.nat(30), person: fc.nat(3), item: fc.option(fc.nat(34), { nil: null }), points: fc.integer({ min: -20, max: 30 }).filter((p) => p !== 0), month: fc.nat(4) }),
  fc.record({ t: fc.constant('claim' as const), key: fc.nat(30), person: fc.nat(3), item: fc.nat(34) }),
  fc.record({ t: fc.constant('review' as const), claim: fc.nat(20), approve: fc.boolean(), month: fc.nat(4) }),
  fc.record({ t: fc.constant('reverse' as const), entry: fc.nat(60), key: fc.nat(30) }),
  fc.record({ t: fc.constant('retry' as const), back: fc.nat(5) }),
);

function run(store: Store, op: Op, history: Op[]): void {
  const now = `2027-01-15T00:00:${String(history.length % 60).padStart(2, '0')}.000Z`;
  switch (op.t) {
    case 'award': {
      const item: RuleItem | null = op.item === null ? null : items(store.book)[op.item];
      const key = `k${op.key}`;
      const points = item ? item.points : op.points;
      const hash = hashOf({ item: item?.code ?? null, points, person: op.person });
      const id = entryId(C, key, PEOPLE[op.person].personId);
      const existing = store.entries.get(id);
      if (existing) {
        // a retry: the same payload gets the original, another payload a conflict
        try {
          expect(replayOf([existing], hash)).toEqual([existing]);
          expect(existing.requestHash).toBe(hash);
        } catch (err) {
          expect((err as PointsError).code).toBe('IDEMPOTENCY_CONFLICT');
          expect(existing.requestHash).not.toBe(hash);
        }
        return;
      }
      const req = {
        id,
        recipient: PEOPLE[op.person],
        points,
        item,
        source: { type: item ? ('award' as const) : ('adjustment' as const), id: null },
        reason: null,
        month: MONTHS[op.month],
        idempotencyKey: key,
        requestHash: hash,
      };
      try {
        store.commit(planPostings(store.book, new Map([[req.recipient.personId, store.accounts.get(req.recipient.personId) ?? null]]), [req], 'staff', now));
      } catch (err) {
        if (!(err instanceof PointsError)) throw err;
        expect(err.code).toBe('PRECONDITION_FAILED'); // a cap
      }
      return;
    }
    case 'claim': {
      const id = `c${op.key}:${op.person}`;
      if (!store.claims.has(id)) store.claims.set(id, { personId: PEOPLE[op.person].personId, itemCode: items(store.book)[op.item].code, status: 'pending' });
      return;
    }
    case 'review': {
      const ids = [...store.claims.keys()];
      if (!ids.length) return;
      const cid = ids[op.claim % ids.length];
      const claim = store.claims.get(cid)!;
      if (claim.status !== 'pending') return; // reviewed once
      if (!op.approve) {
        claim.status = 'rejected';
        return;
      }
      const item = items(store.book).find((i) => i.code === claim.itemCode)!;
      const recipient = PEOPLE.find((p) => p.personId === claim.personId)!;
      const key = `claim:${cid}:approved`;
      try {
        store.commit(
          planPostings(
            store.book,
            new Map([[recipient.personId, store.accounts.get(recipient.personId) ?? null]]),
            [{ id: entryId(C, key, recipient.personId), recipient, points: item.points, item, source: { type: 'claim', id: cid }, reason: null, month: MONTHS[op.month], idempotencyKey: key, requestHash: hashOf({ cid }) }],
            'secretary',
            now,
          ),
        );
        claim.status = 'approved';
      } catch (err) {
        if (!(err instanceof PointsError)) throw err;
      }
      return;
    }
    case 'reverse': {
      const all = store.ordered();
      if (!all.length) return;
      const original = all[op.entry % all.length];
      const id = reversalId(original._id);
      if (store.entries.has(id)) return; // reversed already: at most once
      try {
        store.commit(
          planReversal(
            store.book,
            store.accounts.get(original.personId) ?? null,
            { id, original, recipient: PEOPLE.find((p) => p.personId === original.personId)!, reason: '录入有误', idempotencyKey: `r${op.key}`, requestHash: hashOf({ id }) },
            'staff',
            now,
          ),
        );
      } catch (err) {
        expect(err).toBeInstanceOf(PointsError);
        expect(original.kind).toBe('reversal'); // only a reversal may not be reversed
      }
      return;
    }
    case 'retry': {
      const previous = history.filter((h) => h.t !== 'retry');
      if (previous.length) run(store, previous[Math.max(previous.length - 1 - op.back, 0)], history);
    }
  }
}

function checkInvariants(store: Store, seen: Map<string, EntryDoc>) {
  const entries = store.ordered();
  // append-only: every entry seen before is still there, unchanged
  for (const [id, e] of seen) expect(store.entries.get(id)).toEqual(e);
  for (const e of entries) seen.set(e._id, e);
  // the verifier agrees with the stored documents: chain, balances, tallies, cap counters, issuing total
  const report = verifyLedger({ communityId: C, book: store.book, entries, accounts: [...store.accounts.values()], tallies: [...store.tallies.values()] });
  expect(report.problems).toEqual([]);
  // sum over the community is zero: issuing account + every person
  const balances = [...store.accounts.values()].reduce((s, a) => s + a.balance, 0);
  expect(-store.book.issued + balances).toBe(0);
  for (const e of entries) expect(e.postings.reduce((s, p) => s + p.delta, 0)).toBe(0);
  // balances = entries
  for (const a of store.accounts.values()) {
    const sum = entries.filter((e) => e.personId === a.personId).reduce((s, e) => s + e.postings.find((p) => p.account === `person:${a.personId}`)!.delta, 0);
    expect(a.balance).toBe(sum);
  }
  // tallies = entries
  for (const t of store.tallies.values()) {
    const sum = entries
      .filter((e) => e.personId === t.personId && periodOfMonth(e.month, t.periodType) === t.periodKey)
      .reduce((s, e) => s + e.postings.find((p) => p.account === `person:${t.personId}`)!.delta, 0);
    expect(t.points).toBe(sum);
  }
  // one reversal per entry, never of a reversal
  const reversed = entries.filter((e) => e.reverses).map((e) => e.reverses!);
  expect(new Set(reversed).size).toBe(reversed.length);
  for (const r of reversed) expect(store.entries.get(r)!.kind).toBe('award');
  // caps: net awards of an item per person per cap period stay within the cap
  for (const item of store.book.items.filter((i) => i.cap)) {
    const usage = new Map<string, { count: number; points: number }>();
    for (const e of entries.filter((x) => x.item?.code === item.code)) {
      const k = `${e.personId}@${periodOfMonth(e.month, item.cap!.period)}`;
      const u = usage.get(k) ?? { count: 0, points: 0 };
      const delta = e.postings.find((p) => p.account === `person:${e.personId}`)!.delta;
      usage.set(k, { count: u.count + (e.kind === 'award' ? 1 : -1), points: u.points + delta });
    }
    for (const u of usage.values()) {
      if (item.cap!.count !== undefined) expect(u.count).toBeLessThanOrEqual(item.cap!.count);
      if (item.cap!.points !== undefined) expect(u.points).toBeLessThanOrEqual(item.cap!.points);
    }
  }
}

describe('the ledger model under random operations', () => {
  it('keeps every invariant', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 120 }), (ops) => {
        const store = new Store(newBook(C, new Date('2026-01-01T00:00:00Z')));
        const seen = new Map<string, EntryDoc>();
        const history: Op[] = [];
        for (const op of ops) {
          history.push(op);
          run(store, op, history);
          checkInvariants(store, seen);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('enforces a cap by count', () => {
    const store = new Store(newBook(C, new Date('2026-01-01T00:00:00Z')));
    const item = store.book.items.find((i) => i.code === 'DD03')!; // once a month
    const award = (key: string, month: string) =>
      planPostings(store.book, new Map([['p1', store.accounts.get('p1') ?? null]]), [
        { id: entryId(C, key, 'p1'), recipient: PEOPLE[0], points: item.points, item, source: { type: 'award', id: null }, reason: null, month, idempotencyKey: key, requestHash: key },
      ], 'staff', '2026-03-02T00:00:00.000Z');
    store.commit(award('a', '2026-03'));
    expect(() => award('b', '2026-03')).toThrow(/每人每月最多 1 次/);
    store.commit(award('c', '2026-04')); // a new month, a new allowance
    // a reversal frees the allowance again
    const first = store.ordered()[0];
    store.commit(planReversal(store.book, store.accounts.get('p1')!, { id: reversalId(first._id), original: first, recipient: PEOPLE[0], reason: '录入有误', idempotencyKey: 'r', requestHash: 'r' }, 'staff', '2026-03-03T00:00:00.000Z'));
    store.commit(award('d', '2026-03'));
    expect(store.accounts.get('p1')!.balance).toBe(2 * item.points);
  });

  it('refuses to reverse a reversal', () => {
    const store = new Store(newBook(C, new Date('2026-01-01T00:00:00Z')));
    store.commit(planPostings(store.book, new Map([['p1', null]]), [
      { id: entryId(C, 'a', 'p1'), recipient: PEOPLE[0], points: 5, item: null, source: { type: 'adjustment', id: null }, reason: '调整', month: '2026-03', idempotencyKey: 'a', requestHash: 'a' },
    ], 'staff', '2026-03-02T00:00:00.000Z'));
    const original = store.ordered()[0];
    store.commit(planReversal(store.book, store.accounts.get('p1')!, { id: reversalId(original._id), original, recipient: PEOPLE[0], reason: '录入有误', idempotencyKey: 'r', requestHash: 'r' }, 'staff', '2026-03-03T00:00:00.000Z'));
    const reversal = store.ordered()[1];
    expect(() => planReversal(store.book, store.accounts.get('p1')!, { id: reversalId(reversal._id), original: reversal, recipient: PEOPLE[0], reason: '再冲正', idempotencyKey: 'r2', requestHash: 'r2' }, 'staff', '2026-03-04T00:00:00.000Z')).toThrow('冲正记录不能再被冲正');
  });
});
