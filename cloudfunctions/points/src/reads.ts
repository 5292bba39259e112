/** points.balance / points.history / points.ranking: served by ids and declared indexes only. */
import { pointsBalance, pointsHistory, pointsRanking, type Grading } from '../../../core/contracts/points';
import { entryView } from '../../../core/domain/points/ledger';
import { POINT_COLLECTIONS as C, entryDoc, reversalId, tallyDoc, type TallyDoc } from '../../../core/domain/points/model';
import { describePeriod, monthOf, periodType } from '../../../core/domain/points/periods';
import { gradeOf, greaterBefore, rankPage } from '../../../core/domain/points/ranking';
import { maskName } from '../../../core/domain/masking';
import { administers } from '../../../core/domain/org';
import type { PersonDoc } from '../../../core/domain/org-model';
import { AppError, homeCommunity, type Database } from '../../lib';
import { branchOf, canSeePerson, requireMember, secretaryOf } from './access';
import { pointsRoute } from './guarded';
import { getBook, getPersons } from '../../lib/ledger';
import { now } from '../../lib/clock';

/** how many rows before a ranking page are read with it, to place a tie crossing into the page */
const RANK_LOOKBACK = 20;

/** Someone else's person document, read together with the caller's (see `subjectOf`). */
const prefetchSubject = async ({ personId }: { personId?: string }, db: Database) => (personId ? ((await getPersons(db, [personId])).get(personId) ?? null) : null);

/** The person whose points are asked for: the caller, or someone they may see. */
function subjectOf(viewer: PersonDoc, personId: string | undefined, subject: PersonDoc | null): PersonDoc {
  if (!personId || personId === viewer._id) return viewer;
  if (!subject?.communityId || !canSeePerson(viewer, { _id: subject._id, communityId: subject.communityId, branchId: branchOf(subject) })) {
    throw new AppError('FORBIDDEN', '只能查看本人或你负责范围内人员的积分');
  }
  return subject;
}

function rankingFilter(scope: 'branch' | 'community', scopeId: string, periodKey: string) {
  return scope === 'branch' ? { branchId: scopeId, periodKey } : { communityId: scopeId, periodKey };
}

type Rank = { rank: number; of: number } | null;

/**
 * The subject's balance, points of the period and rank in their branch and in the community, in ONE
 * read that needs nothing read before it: an aggregation over the community's accounts (served by
 * the community index; a community has a few hundred accounts) that picks the subject's account
 * and counts who has more points in the period. Only people with points in the period are ranked.
 */
async function standingOf(db: Database, subject: PersonDoc, periodKey: string) {
  const $ = db.command.aggregate;
  const branchId = branchOf(subject);
  const rows = (cond: unknown) => $.filter({ input: '$rows', as: 'r', cond });
  const count = (cond: unknown) => $.size($.filter({ input: '$ranked', as: 'r', cond }));
  const above = $.gt(['$$r.p', '$me.p']);
  const inBranch = $.eq(['$$r.b', branchId]);
  const { data } = await db
    .collection(C.accounts)
    .aggregate()
    .match({ communityId: subject.communityId })
    .group({ _id: null, rows: $.push({ id: '$personId', b: '$branchId', p: $.ifNull([`$periods.${periodKey}.points`, null]), balance: '$balance' }) })
    .project({ me: $.arrayElemAt([rows($.eq(['$$r.id', subject._id])), 0]), ranked: rows($.neq(['$$r.p', null])) })
    .project({ me: 1, of: $.size('$ranked'), greater: count(above), branchOf: count(inBranch), branchGreater: count($.and([inBranch, above])) })
    .end();
  type Counts = { me?: { p: number | null; balance: number }; of: number; greater: number; branchOf: number; branchGreater: number };
  const n = data[0] as Counts | undefined;
  const me = n?.me;
  const ranked = n && me && me.p !== null;
  return {
    balance: me?.balance ?? 0,
    points: me?.p ?? 0,
    community: ranked ? ({ rank: n.greater + 1, of: n.of } satisfies Rank) : null,
    branch: ranked && branchId ? ({ rank: n.branchGreater + 1, of: n.branchOf } satisfies Rank) : null,
  };
}

export const readRoutes = [
  pointsRoute(pointsBalance, { access: 'bound', prefetch: prefetchSubject }, async ({ personId, period }, { db, person, prefetched }) => {
    const subject = subjectOf(person, personId, prefetched);
    const key = period ?? monthOf(now());
    const communityId = homeCommunity(subject);
    const [{ balance, points, branch, community }, grading] = await Promise.all([standingOf(db, subject, key), gradingFor(db, communityId)]);
    return {
      person: { id: subject._id, name: subject.name },
      communityId,
      branchId: branchOf(subject),
      balance,
      period: { ...describePeriod(key), points },
      rank: { branch, community },
      grade: gradeOf(points, grading[periodType(key)]),
    };
  }),

  pointsRoute(pointsHistory, { access: 'bound', prefetch: prefetchSubject }, async ({ personId, page, pageSize }, { db, person, prefetched }) => {
    const subject = subjectOf(person, personId, prefetched);
    const $ = db.command.aggregate;
    // the page and, in the same read, each entry's reversal: its id derives from the original's
    const { data } = await db
      .collection(C.entries)
      .aggregate()
      .match({ personId: subject._id })
      .sort({ seq: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize + 1)
      .addFields({ reversalId: $.concat([reversalId(''), '$_id']) })
      .lookup({ from: C.entries, localField: 'reversalId', foreignField: '_id', as: 'reversal' })
      .addFields({ reversedBy: $.arrayElemAt(['$reversal._id', 0]) })
      .project({ reversal: 0, reversalId: 0 })
      .end();
    const rows = (data as { reversedBy?: string }[]).map((d) => ({ entry: entryDoc.parse(d), reversedBy: d.reversedBy ?? null }));
    const shown = rows.slice(0, pageSize);
    return { entries: shown.map((r) => entryView(r.entry, r.reversedBy)), page, hasMore: rows.length > pageSize };
  }),

  pointsRoute(pointsRanking, { access: 'bound' }, async ({ period, scope, scopeId, page, pageSize }, { db, person }) => {
    const key = period ?? monthOf(now());
    const id = scopeId ?? (scope === 'branch' ? branchOf(person) : person.communityId);
    if (!id) throw new AppError('NOT_FOUND', '你不属于任何支部，请选择要查看的支部');
    const offset = (page - 1) * pageSize;
    // the rows just before the page tell where a tie crossing into it starts
    const from = Math.max(offset - RANK_LOOKBACK, 0);
    const filter = rankingFilter(scope, id, key);
    // the grades' thresholds are read with the page (a cold instance has none cached), for the
    // community the page most likely belongs to: a branch of another community costs one more read
    const likelyCommunity = scope === 'community' ? id : homeCommunity(person);
    const likelyGrading = gradingFor(db, likelyCommunity);
    likelyGrading.catch(() => undefined); // awaited below only when the page has rows there
    const { data } = await db
      .collection(C.tallies)
      .where(filter)
      .orderBy('points', 'desc')
      .orderBy('personId', 'asc')
      .skip(from)
      .limit(pageSize + 1 + (offset - from))
      .get();
    const fetched = (data as unknown[]).map((d) => tallyDoc.parse(d));
    const before = fetched.splice(0, offset - from);
    const rows = fetched.slice(0, pageSize);
    // readable by the community it belongs to (a branch's rows carry their community)
    const communityId = rows[0]?.communityId ?? before[0]?.communityId ?? (scope === 'community' ? id : person.communityId);
    requireMember(person, communityId);
    const greater =
      !rows.length
        ? offset
        : (greaterBefore(before, rows[0], offset) ??
          // a tie longer than the look-back: count who is above it
          (await db.collection(C.tallies).where({ ...filter, points: db.command.gt(rows[0].points) }).count()).total);
    const grading = !rows.length ? null : communityId === likelyCommunity ? await likelyGrading : await gradingFor(db, communityId);
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
 * minute (a provisional grade may lag that long) and saves a request; callers start this read
 * alongside their own, so a cold instance waits no longer than a warm one.
 */
const GRADING_TTL_MS = 60_000;
const gradingCache = new Map<string, { at: number; grading: Grading }>();
async function gradingFor(db: Database, communityId: string): Promise<Grading> {
  const hit = gradingCache.get(communityId);
  if (hit && Date.now() - hit.at < GRADING_TTL_MS) return hit.grading;
  const { grading } = await getBook(db, communityId);
  gradingCache.set(communityId, { at: Date.now(), grading });
  return grading;
}
