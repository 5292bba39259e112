import fc from 'fast-check';
import { compareScored, gradeOf, greaterBefore, rankAll, rankPage, DEFAULT_GRADING } from '../../core/domain/points/ranking';
import { freezeRows, rowsHash } from '../../core/domain/points/publication';
import { verifyLedger } from '../../core/domain/points/verify';
import { demoLedger } from '../../tools/seed/points-demo';

describe('ranking with ties', () => {
  it('gives equal points the same rank and skips after a tie', () => {
    const ranked = rankAll([
      { personId: 'a', points: 90 },
      { personId: 'b', points: 100 },
      { personId: 'c', points: 90 },
      { personId: 'd', points: 80 },
    ]);
    expect(ranked.map((r) => [r.personId, r.rank])).toEqual([['b', 1], ['a', 2], ['c', 2], ['d', 4]]);
  });

  it('pages agree with the whole ranking, whatever the page size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ personId: fc.string({ minLength: 1, maxLength: 4 }), points: fc.integer({ min: -5, max: 8 }) }), { selector: (r) => r.personId, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (rows, size) => {
          const sorted = [...rows].sort(compareScored);
          const whole = rankAll(rows);
          for (let offset = 0; offset < sorted.length; offset += size) {
            const page = sorted.slice(offset, offset + size);
            // what the function does: the count of rows with more points than the page's first
            const greater = sorted.filter((r) => r.points > page[0].points).length;
            expect(rankPage(page, greater, offset)).toEqual(whole.slice(offset, offset + size));
          }
          for (const r of whole) expect(r.rank).toBe(1 + rows.filter((x) => x.points > r.points).length);
        },
      ),
    );
  });

  it('the rows read before a page place a tie crossing into it, or say they cannot', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ personId: fc.string({ minLength: 1, maxLength: 4 }), points: fc.integer({ min: 0, max: 6 }) }), { selector: (r) => r.personId, minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 25 }),
        (rows, size, lookback) => {
          const sorted = [...rows].sort(compareScored);
          for (let offset = 0; offset < sorted.length; offset += size) {
            const first = sorted[offset];
            const before = sorted.slice(Math.max(offset - lookback, 0), offset);
            const greater = sorted.filter((r) => r.points > first.points).length;
            const told = greaterBefore(before, first, offset);
            if (told === null) expect(offset > before.length && before.every((r) => r.points === first.points)).toBe(true);
            else expect(told).toBe(greater);
          }
        },
      ),
    );
    const tie = [{ personId: 'a', points: 9 }, { personId: 'b', points: 5 }, { personId: 'c', points: 5 }];
    expect(greaterBefore(tie.slice(0, 2), tie[2], 2)).toBe(1);
    expect(greaterBefore(tie.slice(1, 2), tie[2], 2)).toBeNull(); // only the tie was read: unknown
  });

  it('grades by the community thresholds', () => {
    expect(gradeOf(60, DEFAULT_GRADING.month)).toBe('优秀');
    expect(gradeOf(59, DEFAULT_GRADING.month)).toBe('良好');
    expect(gradeOf(20, DEFAULT_GRADING.month)).toBe('合格');
    expect(gradeOf(-3, DEFAULT_GRADING.month)).toBe('不合格');
  });
});

describe('publication rows', () => {
  it('shows a consenting name and masks the others, never a phone', () => {
    const rows = freezeRows(
      [
        { personId: 'p1', points: 30 },
        { personId: 'p2', points: 30 },
        { personId: 'p3', points: 10 },
      ],
      DEFAULT_GRADING.month,
      new Map([
        ['p1', { name: '王建国', consent: true }],
        ['p2', { name: '欧阳娜娜', consent: false }],
        ['p3', { name: '张三', consent: false }],
      ]),
    );
    expect(rows).toEqual([
      { rank: 1, personId: 'p1', name: '王建国', points: 30, grade: '合格' },
      { rank: 1, personId: 'p2', name: '欧阳**', points: 30, grade: '合格' },
      { rank: 3, personId: 'p3', name: '张*', points: 10, grade: '不合格' },
    ]);
    // the hash covers the ranking, so an edited row is detectable
    expect(rowsHash(rows)).not.toBe(rowsHash([{ ...rows[0], points: 31 }, ...rows.slice(1)]));
  });
});

describe('the demo ledger', () => {
  const seed = demoLedger(new Date('2026-11-22T02:00:00Z'));

  it('verifies, publications included', () => {
    expect(seed.entries.length).toBeGreaterThan(60);
    expect(seed.entries.some((e) => e.kind === 'reversal')).toBe(true);
    for (const publication of seed.publications) {
      const report = verifyLedger({ communityId: seed.book.communityId, book: seed.book, entries: seed.entries, accounts: seed.accounts, tallies: seed.tallies, publication });
      expect(report.problems).toEqual([]);
    }
    expect(seed.publications.map((p) => [p.periodKey, p.status])).toEqual([['2026-09', 'final'], ['2026-10', 'open']]);
  });

  it('names the document that was tampered with', () => {
    const entries = seed.entries.map((e, i) => (i === 5 ? { ...e, postings: e.postings.map((p) => ({ ...p, delta: p.delta * 10 })) } : e));
    const accounts = seed.accounts.map((a, i) => (i === 2 ? { ...a, balance: a.balance + 100 } : a));
    const report = verifyLedger({ communityId: seed.book.communityId, book: seed.book, entries, accounts, tallies: seed.tallies });
    expect(report.problems[0]).toMatchObject({ kind: 'entry', docId: seed.entries[5]._id, field: 'hash' });
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'account', docId: seed.accounts[2]._id, field: 'balance' }));
    const pub = seed.publications[0];
    const edited = { ...pub, rows: pub.rows.map((r, i) => (i === 0 ? { ...r, points: r.points + 1 } : r)) };
    const pubReport = verifyLedger({ communityId: seed.book.communityId, book: seed.book, entries: seed.entries, accounts: seed.accounts, tallies: seed.tallies, publication: edited });
    expect(pubReport.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['rowsHash', `rows.${pub.rows[0].personId}`]));
  });
});
