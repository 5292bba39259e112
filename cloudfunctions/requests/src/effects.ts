/**
 * What a transition asked for besides itself (lifecycle Effect), done after its write and idempotent,
 * so running it again — a retry, or the sweep after a crash — changes nothing:
 * - `award`: the handler's points for a request closed with a rating, through the ledger with the key
 *   `request:<id>:closed` (ARCHITECTURE decision 9), only if the handler is a Red Neighbor Leader;
 *   reopening and closing again finds the first entry and books nothing;
 * - `returnVisit`: a return visit (回访) task for staff, one per low rating (its id says which).
 * Once done, the effects are removed from the request over the version that listed them; if the
 * request changed meanwhile they stay and the sweep removes them on its next pass.
 */
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { dueAt } from '../../../core/domain/requests/deadlines';
import { REQUEST_COLLECTION, type RequestDoc } from '../../../core/domain/requests/model';
import { RETURN_VISIT_COLLECTION, RETURN_VISIT_LIMIT, returnVisitDoc, returnVisitId, type ReturnVisitDoc } from '../../../core/domain/requests/return-visit';
import { projectionsOf } from '../../../core/domain/requests/schedule';
import { check, log, type CloudApp, type Database } from '../../lib';
import { isDuplicate } from '../../lib/db-errors';
import { awardForSource, getPersons } from '../../lib/ledger';

type Effect = RequestDoc['pendingEffects'][number];

async function award(db: Database, request: RequestDoc, personId: string): Promise<void> {
  const person = (await getPersons(db, [personId])).get(personId);
  if (!person?.roles.some((g) => g.role === 'leader')) return; // grid workers and staff are not paid in points
  const item = DEFAULT_CATEGORIES.find((c) => c.code === request.category)!.pointsItem;
  await awardForSource(db, { source: { type: 'request', id: request._id }, communityId: request.communityId, personId, itemCode: item });
}

async function returnVisit(db: Database, request: RequestDoc): Promise<void> {
  const ratings = request.timeline.filter((e) => e.type === 'rate');
  const last = ratings.at(-1);
  if (!last) return;
  const createdAt = last.at;
  const doc: ReturnVisitDoc = {
    _id: returnVisitId(request._id, ratings.length),
    communityId: request.communityId,
    compoundId: request.compoundId,
    gridId: request.gridId,
    branchId: request.branchId,
    requestId: request._id,
    ratingNo: ratings.length,
    score: Number(last.detail.score),
    comment: String(last.detail.comment ?? ''),
    createdAt,
    dueBy: dueAt(new Date(createdAt), RETURN_VISIT_LIMIT).at.toISOString(),
    status: 'open',
    outcome: null,
    visitedAt: null,
    visitorId: null,
    visitorName: null,
  };
  try {
    check(await db.collection(RETURN_VISIT_COLLECTION).add(returnVisitDoc.parse(doc)));
  } catch (err) {
    if (!isDuplicate(err)) throw err; // done before
  }
}

function runOne(db: Database, request: RequestDoc, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'award':
      return award(db, request, effect.personId);
    case 'returnVisit':
      return returnVisit(db, request);
  }
}

/**
 * Does the request's pending effects and removes them; answers the request as it then stands. A
 * failing effect (the ledger busy, an item switched off) is logged and left for the sweep: the
 * transition itself has landed and is not undone.
 */
export async function runEffects(ctx: { app: CloudApp; db: Database }, request: RequestDoc): Promise<RequestDoc> {
  const { db } = ctx;
  const results = await Promise.allSettled(request.pendingEffects.map((e) => runOne(db, request, e)));
  const failed = request.pendingEffects.filter((_e, i) => results[i].status === 'rejected');
  for (const [i, r] of results.entries()) {
    if (r.status === 'rejected') log.warn('request effect failed; the sweep will retry', { requestId: request._id, effect: request.pendingEffects[i].kind, error: String(r.reason) });
  }
  if (failed.length === request.pendingEffects.length) return request;
  const next = { ...request, pendingEffects: failed };
  const after = { ...next, ...projectionsOf(next), rev: request.rev + 1 };
  const _ = db.command;
  const res = check(
    await db
      .collection(REQUEST_COLLECTION)
      .where({ _id: request._id, rev: request.rev })
      .update({ pendingEffects: failed, nextCheckAt: after.nextCheckAt, rev: _.inc(1) }),
  ) as { updated?: number };
  return res.updated === 1 ? after : request;
}
