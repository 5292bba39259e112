/** The incremental verifier on the demo ledger: what it vouches for from a checkpoint, and what it leaves out. */
import { verifyFrom, verifyLedger } from '../../core/domain/points/verify';
import { ISSUING, type CheckpointDoc } from '../../core/domain/points/model';
import { demoLedger } from '../../tools/seed/points-demo';

const seed = demoLedger(new Date('2026-11-22T02:00:00Z'));
const AT = 40;
/** the checkpoint a full check that passed at entry AT would have written */
const full = verifyLedger({ communityId: seed.book.communityId, book: seed.book, entries: seed.entries.filter((e) => e.seq <= AT), accounts: [], tallies: [] });
const checkpoint: CheckpointDoc = {
  _id: seed.book.communityId,
  communityId: seed.book.communityId,
  head: full.head,
  issued: seed.entries.filter((e) => e.seq <= AT).reduce((sum, e) => sum - (e.postings.find((p) => p.account === ISSUING)?.delta ?? 0), 0),
  at: '2026-11-21T00:00:00.000Z',
  byId: 'p-staff',
};
const since = seed.entries.filter((e) => e.seq >= AT);
const edit = (seq: number) => since.map((e) => (e.seq === seq ? { ...e, reason: '改过的理由' } : e));

it('passes from a checkpoint, checking only the entries after it', () => {
  const report = verifyFrom({ book: seed.book, checkpoint, entries: since });
  expect(report).toMatchObject({ mode: 'incremental', problems: [], head: seed.book.head, from: { seq: AT }, checked: { entries: since.length - 1, accounts: 0, tallies: 0 } });
  expect(report.covers).toContain('各人的积分账户和统计未重算，检查点之前的记录也未重读');
});

it('names an edited entry after the checkpoint, and an edited checkpoint entry', () => {
  for (const seq of [AT + 3, AT]) {
    const target = since.find((e) => e.seq === seq)!;
    expect(verifyFrom({ book: seed.book, checkpoint, entries: edit(seq) }).problems).toContainEqual(expect.objectContaining({ kind: 'entry', docId: target._id, field: 'hash' }));
  }
});

it('notices a missing entry, a missing checkpoint entry, an edited head and issuing total', () => {
  const gap = since.filter((e) => e.seq !== AT + 5);
  expect(verifyFrom({ book: seed.book, checkpoint, entries: gap }).problems).toContainEqual(expect.objectContaining({ kind: 'chain', field: 'seq' }));
  expect(verifyFrom({ book: seed.book, checkpoint, entries: since.slice(1) }).problems).toContainEqual(expect.objectContaining({ kind: 'chain', collection: 'pointCheckpoints', field: 'head.seq' }));
  const book = { ...seed.book, head: { ...seed.book.head, seq: seed.book.head.seq + 1 }, issued: seed.book.issued + 5 };
  expect(verifyFrom({ book, checkpoint, entries: since }).problems.map((p) => p.field)).toEqual(['head.seq', 'issued']);
});

it('without a checkpoint, checks the chain from the first entry', () => {
  expect(verifyFrom({ book: seed.book, checkpoint: null, entries: seed.entries })).toMatchObject({ problems: [], from: null, checked: { entries: seed.entries.length } });
});
