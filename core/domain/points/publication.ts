/**
 * Public notice of a ranking (公示): frozen rows with grades and consented-or-masked names, the
 * chain head at the cut-off, a notice window for objections (异议), then final.
 */
import type { GradingTable, PublicationRow } from '../../contracts/points';
import { hashOf, type Canonical } from './canonical';
import { PointsError } from './ledger';
import type { PublicationDoc } from './model';
import { publicName } from '../masking';
import { gradeOf, rankAll } from './ranking';

export interface Standing {
  personId: string;
  points: number;
}

/** Ranked rows as the public sees them; `names` holds each person's name and consent. */
export function freezeRows(
  standings: Standing[],
  grading: GradingTable,
  names: Map<string, { name: string; consent: boolean }>,
): PublicationRow[] {
  return rankAll(standings).map((s) => {
    const who = names.get(s.personId);
    return {
      rank: s.rank,
      personId: s.personId,
      name: who ? publicName(who.name, who.consent) : '*',
      points: s.points,
      grade: gradeOf(s.points, grading),
    };
  });
}

/** What the rows hash covers: the ranking itself, not the display names. */
export function rowsHash(rows: PublicationRow[]): string {
  return hashOf(rows.map((r) => ({ rank: r.rank, personId: r.personId, points: r.points, grade: r.grade })) as Canonical);
}

/** Objections everyone in the community sees; held ones (content check: review) and rejected ones only staff see. */
export const PUBLIC_OBJECTION_STATUSES = ['open', 'resolved'] as const;

/**
 * The most characters a publication response shows of each text (names, the title, an objection
 * and its answer), whatever is stored: with ≤ 20 rows and ≤ 10 objections a page this keeps a
 * response under the 64 KB budget (the worst case is asserted in tests/functions/points-objections.test.ts).
 */
export const TEXT_CAPS = { name: 32, title: 80, text: 500 } as const;

export const DAY_MS = 24 * 60 * 60 * 1000;

export function windowEnd(createdAt: Date, noticeDays: number): string {
  return new Date(createdAt.getTime() + noticeDays * DAY_MS).toISOString();
}

export function canObject(pub: Pick<PublicationDoc, 'status' | 'windowEndsAt'>, now: Date): boolean {
  return pub.status === 'open' && now.getTime() < Date.parse(pub.windowEndsAt);
}

export function assertCanObject(pub: Pick<PublicationDoc, 'status' | 'windowEndsAt'>, now: Date): void {
  if (pub.status !== 'open') throw new PointsError('PRECONDITION_FAILED', '公示已结束，不能再提出异议');
  if (!canObject(pub, now)) throw new PointsError('PRECONDITION_FAILED', '公示期已过，不能再提出异议');
}

export function assertCanResolve(pub: Pick<PublicationDoc, 'status'>): void {
  if (pub.status !== 'open') throw new PointsError('PRECONDITION_FAILED', '公示已定稿，不能再处理异议');
}

export function assertCanFinalize(pub: Pick<PublicationDoc, 'status' | 'windowEndsAt' | 'openObjections'>, now: Date): void {
  if (pub.status !== 'open') throw new PointsError('PRECONDITION_FAILED', '公示已定稿');
  if (now.getTime() < Date.parse(pub.windowEndsAt)) throw new PointsError('PRECONDITION_FAILED', '公示期尚未结束，不能定稿');
  if (pub.openObjections > 0) throw new PointsError('PRECONDITION_FAILED', `还有 ${pub.openObjections} 条异议未处理，不能定稿`);
}
