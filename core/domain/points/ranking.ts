/**
 * Rankings with ties (standard competition ranking: 100, 90, 90, 80 → 1, 2, 2, 4) and grades.
 * Rows are always ordered by points descending, then person id, so paging is stable.
 */
import type { GradingTable } from '../../contracts/points';

export interface Scored {
  personId: string;
  points: number;
}

export function compareScored(a: Scored, b: Scored): number {
  return b.points - a.points || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);
}

/**
 * Ranks a page of rows already in ranking order. `greaterCount` is how many rows in the whole
 * ranking have more points than the page's first row (0 on the first page).
 */
export function rankPage<T extends Scored>(rows: T[], greaterCount: number, offset: number): (T & { rank: number })[] {
  const out: (T & { rank: number })[] = [];
  rows.forEach((row, i) => {
    const rank = i > 0 && rows[i - 1].points === row.points ? out[i - 1].rank : i === 0 ? greaterCount + 1 : offset + i + 1;
    out.push({ ...row, rank });
  });
  return out;
}

/**
 * How many rows have more points than `first`, the first row of a page at `offset`, told by the
 * rows read just before it (`before`, in ranking order, starting at `offset - before.length`):
 * the page's offset when no tie crosses into the page; else the position after the last row above
 * the tie; null when nothing was read before a later page, or every row read ties with `first`.
 */
export function greaterBefore(before: Scored[], first: Scored, offset: number): number | null {
  const from = offset - before.length;
  if (!before.length) return offset === 0 ? 0 : null;
  if (before[before.length - 1].points !== first.points) return offset;
  for (let i = before.length - 1; i >= 0; i--) if (before[i].points > first.points) return from + i + 1;
  return from === 0 ? 0 : null;
}

/** Ranks a whole ranking. */
export function rankAll<T extends Scored>(rows: T[]): (T & { rank: number })[] {
  return rankPage([...rows].sort(compareScored), 0, 0);
}

/** The first grade whose minimum the points reach; the last grade's minimum is 0. */
export function gradeOf(points: number, table: GradingTable): string {
  return (table.find((g) => points >= g.minPoints) ?? table[table.length - 1]).label;
}

/** Default grading when a community has not set its own (points per month, quarter, year). */
export const DEFAULT_GRADING = {
  month: [
    { label: '优秀', minPoints: 60 },
    { label: '良好', minPoints: 40 },
    { label: '合格', minPoints: 20 },
    { label: '不合格', minPoints: 0 },
  ],
  quarter: [
    { label: '优秀', minPoints: 180 },
    { label: '良好', minPoints: 120 },
    { label: '合格', minPoints: 60 },
    { label: '不合格', minPoints: 0 },
  ],
  year: [
    { label: '优秀', minPoints: 720 },
    { label: '良好', minPoints: 480 },
    { label: '合格', minPoints: 240 },
    { label: '不合格', minPoints: 0 },
  ],
};
