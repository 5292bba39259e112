/**
 * 回访 (staff): requests.visits lists the community's return visits — open ones by when they are
 * due, done ones latest first — with the request each follows (one aggregation: the page, each
 * row's request looked up by id); requests.visitRecord records what the reporter said, once. A
 * retry with the same idempotency key answers the recorded visit again; any other record of a done
 * visit is refused, so two staff members calling back at once do not overwrite each other.
 */
import { requestsVisitRecord, requestsVisits, type ReturnVisitView } from '../../../core/contracts/requests';
import { REQUEST_COLLECTION, requestDoc } from '../../../core/domain/requests/model';
import { RETURN_VISIT_COLLECTION, returnVisitDoc, type ReturnVisitDoc } from '../../../core/domain/requests/return-visit';
import { AppError, check, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { getDoc } from '../../lib/ledger';
import { requireStaff, STAFF_ROLES } from './staff-access';

const NOT_FOUND = '没有找到这条回访任务';

/** what a visit shows of its request */
const aboutDoc = requestDoc.pick({ text: true, locationLabel: true });
type About = { text: string; locationLabel: string } | null;

function visitView(v: ReturnVisitDoc, request: About, at: Date): ReturnVisitView {
  return {
    id: v._id,
    requestId: v.requestId,
    excerpt: request ? [...request.text].slice(0, 40).join('') : '',
    location: request?.locationLabel ?? '',
    score: v.score,
    comment: v.comment,
    createdAt: v.createdAt,
    dueBy: v.dueBy,
    overdue: v.status === 'open' && v.dueBy < at.toISOString(),
    status: v.status,
    outcome: v.outcome,
    visitedAt: v.visitedAt,
    visitorName: v.visitorName,
  };
}

/** One page and one more row, each with its request (indexes communityId_1_status_1_dueBy_1 and …_visitedAt_-1). */
async function visitsPage(db: Database, input: { communityId: string; status: 'open' | 'done'; page: number; pageSize: number }) {
  const { data } = await db
    .collection(RETURN_VISIT_COLLECTION)
    .aggregate()
    .match({ communityId: input.communityId, status: input.status })
    .sort(input.status === 'open' ? { dueBy: 1 } : { visitedAt: -1 })
    .skip((input.page - 1) * input.pageSize)
    .limit(input.pageSize + 1)
    .lookup({ from: REQUEST_COLLECTION, localField: 'requestId', foreignField: '_id', as: 'request' })
    .end();
  return (data as { request: unknown[] }[]).map(({ request, ...visit }) => ({
    visit: returnVisitDoc.parse(visit),
    request: request[0] ? aboutDoc.parse(request[0]) : null,
  }));
}

export const visitsRoute = route(requestsVisits, { access: 'bound', roles: STAFF_ROLES, prefetch: (input, db) => visitsPage(db, input) }, async (input, { person, prefetched }) => {
  requireStaff(person, input.communityId);
  const at = now();
  return {
    visits: prefetched.slice(0, input.pageSize).map((r) => visitView(r.visit, r.request, at)),
    page: input.page,
    hasMore: prefetched.length > input.pageSize,
  };
});

/** A visit already recorded: the same call again answers it, anything else is refused. */
function recorded(v: ReturnVisitDoc, key: string, personId: string, outcome: string): void {
  if (v.recordKey === key && v.visitorId === personId) {
    if (v.outcome !== outcome) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的回访记录，请刷新后重试');
    return;
  }
  throw new AppError('PRECONDITION_FAILED', `这条回访已由${v.visitorName ?? '其他工作人员'}记录过了，不能重复记录`);
}

export const visitRecordRoute = route(
  requestsVisitRecord,
  { access: 'bound', roles: STAFF_ROLES, prefetch: (input, db) => getDoc(db, RETURN_VISIT_COLLECTION, input.visitId, returnVisitDoc) },
  async ({ idempotencyKey, visitId, outcome }, { db, person, prefetched }) => {
    if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND);
    requireStaff(person, prefetched.communityId);
    const aboutOf = () => getDoc(db, REQUEST_COLLECTION, prefetched.requestId, aboutDoc);
    if (prefetched.status === 'done') {
      recorded(prefetched, idempotencyKey, person._id, outcome);
      return visitView(prefetched, await aboutOf(), now());
    }
    const at = now();
    const done: ReturnVisitDoc = { ...prefetched, status: 'done', outcome, visitedAt: at.toISOString(), visitorId: person._id, visitorName: person.name, recordKey: idempotencyKey };
    const [res, about] = await Promise.all([
      db
        .collection(RETURN_VISIT_COLLECTION)
        .where({ _id: visitId, status: 'open' })
        .update({ status: done.status, outcome, visitedAt: done.visitedAt, visitorId: done.visitorId, visitorName: done.visitorName, recordKey: idempotencyKey })
        .then((r) => check(r) as { updated?: number }),
      aboutOf(),
    ]);
    if (res.updated === 1) return visitView(done, about, at);
    // recorded meanwhile, by this call's earlier try or by someone else
    const current = await getDoc(db, RETURN_VISIT_COLLECTION, visitId, returnVisitDoc);
    if (!current) throw new AppError('NOT_FOUND', NOT_FOUND);
    recorded(current, idempotencyKey, person._id, outcome);
    return visitView(current, about, at);
  },
);
