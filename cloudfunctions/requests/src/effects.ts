/**
 * What a transition asked for besides itself (lifecycle Effect), idempotent, so running it again — a
 * retry, or the sweep after a crash — changes nothing:
 * - `award`: the handler's points for a request closed with a rating, through the ledger with the key
 *   `request:<id>:closed` (ARCHITECTURE decision 9), only if the handler is a Red Neighbor Leader;
 *   reopening and closing again finds the first entry and books nothing;
 * - `returnVisit`: a return visit (回访) task for staff, one per low rating (its id says which).
 *
 * The write that asks for them stores them in `pendingEffects` (an outbox). The return visit, one
 * insert, is done at once in the same call (startEffects), so staff see it straight away. Points wait
 * for the sweep (every minute): a booking is a ledger transaction of its own, ~7 round trips, which
 * would put 评单 far past its budget of 3. The sweep does every pending effect again (idempotent) and
 * then removes them from the request over the version that listed them (runEffects).
 */
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { REQUEST_COLLECTION, type RequestDoc } from '../../../core/domain/requests/model';
import { RETURN_VISIT_COLLECTION, returnVisitDoc, returnVisitOf } from '../../../core/domain/requests/return-visit';
import { projectionsOf } from '../../../core/domain/requests/schedule';
import { check, log, type CloudApp, type Database } from '../../lib';
import { isDuplicate } from '../../lib/db-errors';
import { awardForSource, getPersons } from '../../lib/ledger';

type Effect = RequestDoc['pendingEffects'][number];

async function award(db: Database, request: RequestDoc, personId: string): Promise<void> {
  const person = (await getPersons(db, [personId])).get(personId);
  if (!person?.roles.some((g) => g.role === 'leader')) return; // grid workers and staff are not paid in points
  const item = DEFAULT_CATEGORIES.find((c) => c.code === request.category)!.pointsItem;
  await awardForSource(db, { source: { type: 'request', id: request._id }, communityId: request.communityId, personId, itemCode: item, person });
}

async function returnVisit(db: Database, request: RequestDoc): Promise<void> {
  const doc = returnVisitOf(request);
  if (!doc) return;
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

/** The effects done in the transition's own call; they stay pending until the sweep has confirmed them. */
export async function startEffects(db: Database, request: RequestDoc): Promise<void> {
  const now = request.pendingEffects.filter((e) => e.kind === 'returnVisit');
  const results = await Promise.allSettled(now.map((e) => runOne(db, request, e)));
  for (const r of results) if (r.status === 'rejected') log.warn('return visit not created; the sweep will retry', { requestId: request._id, error: String(r.reason) });
}

/**
 * The sweep: does the request's pending effects and removes them; answers the request as it then stands. A
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
