/** points.balance / points.history / points.ranking: served by ids and declared indexes only. */
import { pointsBalance, pointsHistory, pointsRanking, type Grading } from '../../../core/contracts/points';
import { entryView } from '../../../core/domain/points/ledger';
import { POINT_COLLECTIONS as C, accountDoc, accountId, entryDoc, reversalId, tallyDoc, type TallyDoc } from '../../../core/domain/points/model';
import { describePeriod, monthOf, periodType } from '../../../core/domain/points/periods';
import { gradeOf, rankPage } from '../../../core/domain/points/ranking';
import { maskName } from '../../../core/domain/masking';
import { administers } from '../../../core/domain/org';
import type { PersonDoc } from '../../../core/domain/org-model';
import { AppError, type Database } from '../../lib';
import { branchOf, canSeePerson, requireMember, secretaryOf } from './access';
import { pointsRoute } from './guarded';
import { getBook, getDoc, getEntries, getPersons } from './store';

/** Someone else's person document, read together with the caller's (see `subjectOf`). */
const prefetchSubject = async ({ personId }: { personId?: string }, db: Database) => (personId ? ((await getPersons(db, [personId])).get(personId) ?? null) : null);

/** The person whose points are asked for: the caller, or someone they may see. */
function subjectOf(viewer: PersonDoc, personId: string | undefined, prefetched: PersonDoc | null): PersonDoc {
  if (!personId || personId === viewer._id) return viewer;
  const subject = prefetched;
  if (!subject || !canSeePerson(viewer, { _id: subject._id, communityId: subject.communityId, branchId: branchOf(subject) })) {
    throw new AppError('FORBIDDEN', '只能查看本人或你负责范围内人员的积分');
  }
  return subject;
}

function rankingFilter(scope: 'branch' | 'community', scopeId: string, periodKey: string) {
  return scope === 'branch' ? { branchId: scopeId, periodKey } : { communityId: scopeId, periodKey };
}

type Rank = { rank: number; of: number } | null;

/**
 * The subject's rank in their branch and in the community for a period, in ONE read that needs
 * nothing read before it: an aggregation over the community's tallies of that period (its $match is
 * served by the community/period index; a community has a few hundred ranked people a period) that
 * finds the subject's own points and counts who is above them. No tally: not ranked this period.
 */
async function ranksOf(db: Database, communityId: string, branchId: string | null, periodKey: string, personId: string) {
  const $ = db.command.aggregate;
  const above = $.gt(['$$r.points', '$mine']);
  const inBranch = $.eq(['$$r.branchId', branchId]);
  const count = (cond: unknown) => $.size($.filter({ input: '$rows', as: 'r', cond }));
  const { data } = await db
    .collection(C.tallies)
    .aggregate()
    .match({ communityId, periodKey })
    .group({
      _id: null,
      mine: $.max($.cond([$.eq(['$personId', personId]), '$points', null])),
      rows: $.push({ points: '$points', branchId: '$branchId' }),
    })
    .project({ mine: 1, of: $.size('$rows'), greater: count(above), branchOf: count(inBranch), branchGreater: count($.and([inBranch, above])) })
    .end();
  const n = data[0] as Record<'of' | 'greater' | 'branchOf' | 'branchGreater', number> & { mine: number | null } | undefined;
  if (n?.mine == null) return { branch: null, community: null };
  const community: Rank = { rank: n.greater + 1, of: n.of };
  const branch: Rank = branchId ? { rank: n.branchGreater + 1, of: n.branchOf } : null;
  return { branch, community };
}

export const readRoutes = [
  pointsRoute(pointsBalance, { access: 'bound', prefetch: prefetchSubject }, async ({ personId, period }, { db, person, prefetched }) => {
    const subject = subjectOf(person, personId, prefetched);
    const key = period ?? monthOf(new Date());
    const branchId = branchOf(subject);
    const [account, grading, { branch, community }] = await Promise.all([
      getDoc(db, C.accounts, accountId(subject.communityId, subject._id), accountDoc),
      cachedGrading(db, subject.communityId),
      ranksOf(db, subject.communityId, branchId, key, subject._id),
    ]);
    const points = account?.periods[key]?.points ?? 0;
    return {
      person: { id: subject._id, name: subject.name },
      communityId: subject.communityId,
      branchId,
      balance: account?.balance ?? 0,
      period: { ...describePeriod(key), points },
      rank: { branch, community },
      grade: gradeOf(points, grading[periodType(key)]),
    };
  }),

  pointsRoute(pointsHistory, { access: 'bound', prefetch: prefetchSubject }, async ({ personId, page, pageSize }, { db, person, prefetched }) => {
    const subject = subjectOf(person, personId, prefetched);
    const { data } = await db
      .collection(C.entries)
      .where({ personId: subject._id })
      .orderBy('seq', 'desc')
      .skip((page - 1) * pageSize)
      .limit(pageSize + 1)
      .get();
    const entries = (data as unknown[]).map((d) => entryDoc.parse(d));
    const shown = entries.slice(0, pageSize);
    // which of these were reversed (a reversal's id derives from its original's): one read by ids
    const reversals = await getEntries(db, shown.filter((e) => e.kind === 'award').map((e) => reversalId(e._id)));
    const reversedBy = new Map(reversals.map((r) => [r.reverses, r._id]));
    return { entries: shown.map((e) => entryView(e, reversedBy.get(e._id) ?? null)), page, hasMore: entries.length > pageSize };
  }),

  pointsRoute(pointsRanking, { access: 'bound' }, async ({ period, scope, scopeId, page, pageSize }, { db, person }) => {
    const key = period ?? monthOf(new Date());
    const id = scopeId ?? (scope === 'branch' ? branchOf(person) : person.communityId);
    if (!id) throw new AppError('NOT_FOUND', '你不属于任何支部，请选择要查看的支部');
    const offset = (page - 1) * pageSize;
    // one row before the page tells whether the first row ties with the previous page
    const from = Math.max(offset - 1, 0);
    const filter = rankingFilter(scope, id, key);
    const { data } = await db
      .collection(C.tallies)
      .where(filter)
      .orderBy('points', 'desc')
      .orderBy('personId', 'asc')
      .skip(from)
      .limit(pageSize + 1 + (offset - from))
      .get();
    const fetched = (data as unknown[]).map((d) => tallyDoc.parse(d));
    const before = offset > from ? fetched.shift() : undefined;
    const rows = fetched.slice(0, pageSize);
    // readable by the community it belongs to (a branch's rows carry their community)
    const communityId = rows[0]?.communityId ?? before?.communityId ?? (scope === 'community' ? id : person.communityId);
    requireMember(person, communityId);
    let greater = offset;
    if (before && rows.length && before.points === rows[0].points) {
      greater = (await db.collection(C.tallies).where({ ...filter, points: db.command.gt(rows[0].points) }).count()).total;
    }
    const grading = rows.length ? await cachedGrading(db, communityId) : null;
    const seesNames = (t: TallyDoc) => administers(person, t.communityId) || secretaryOf(person, t.branchId) || t.personId === person._id;
    return {
      period: describePeriod(key),
      scope: { type: scope, id },
      rows: rankPage(rows, greater, offset).map((t) => ({
        rank: t.rank,
        personId: t.personId,
        name: seesNames(t) ? t.name : maskName(t.name),
        branchId: t.branchId,
        points: t.points,
        grade: grading ? gradeOf(t.points, grading[periodType(key)]) : '',
        isMe: t.personId === person._id,
      })),
      page,
      hasMore: fetched.length > pageSize,
    };
  }),
];

/**
 * Live grades need the community's thresholds. They change rarely, so an instance keeps them for a
 * minute rather than spend a read on every ranking page (a provisional grade may lag that long).
 */
const GRADING_TTL_MS = 60_000;
const gradingCache = new Map<string, { at: number; grading: Grading }>();
async function cachedGrading(db: Database, communityId: string): Promise<Grading> {
  const hit = gradingCache.get(communityId);
  if (hit && Date.now() - hit.at < GRADING_TTL_MS) return hit.grading;
  const { grading } = await getBook(db, communityId);
  gradingCache.set(communityId, { at: Date.now(), grading });
  return grading;
}
