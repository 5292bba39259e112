/**
 * requests.accept (接单): a handler in scope takes the request. The first accept wins: the write
 * lands only over the version the transition was computed from (`rev`), so of two handlers
 * accepting at once one writes and the other finds it taken. A retry with the same key answers
 * the accepted request again.
 */
import { requestsAccept } from '../../../core/contracts/requests';
import { teamDoc, type PersonDoc } from '../../../core/domain/org-model';
import { actorOf } from '../../../core/domain/requests/actor';
import { transition } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, type RequestDoc } from '../../../core/domain/requests/model';
import { AppError, check, COLLECTIONS, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { getDoc } from '../../lib/ledger';
import { findRequest, loadRequest, NOT_FOUND_MESSAGE, requestView } from './store';

/** attempts when the request changed between our read and our write for another reason (a supervision note) */
const ATTEMPTS = 3;

/** Teams the person belongs to, read only when the request is assigned to a team. */
async function teamIdsFor(db: Database, person: PersonDoc, request: RequestDoc): Promise<string[]> {
  if (request.assignment?.kind !== 'team') return [];
  const team = await getDoc(db, COLLECTIONS.teams, request.assignment.teamId, teamDoc);
  return team && team.retiredAt === null && team.memberIds.includes(person._id) ? [team._id] : [];
}

const acceptedByMe = (r: RequestDoc, personId: string, key: string) => r.handlerId === personId && r.timeline.some((e) => e.type === 'accept' && e.key === key && e.actorId === personId);

export const acceptRoute = route(
  requestsAccept,
  { access: 'bound', prefetch: (input, db) => findRequest(db, input.requestId) },
  async (input, { db, person, prefetched }) => {
    let request = prefetched;
    if (!request) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
    for (let attempt = 1; ; attempt += 1) {
      if (acceptedByMe(request, person._id, input.idempotencyKey)) return requestView(request, 'handler');
      const actor = actorOf(person, { teamIds: await teamIdsFor(db, person, request) });
      const result = transition(request, { type: 'accept' }, actor, now());
      if (!result.ok) {
        if (request.status === 'accepted' && request.handlerId !== person._id) throw new AppError('CONFLICT', `这张工单已由${request.handlerName ?? '其他人'}接单`);
        throw new AppError(result.code, result.message);
      }
      const next = result.request;
      const _ = db.command;
      const res = check(
        await db
          .collection(REQUEST_COLLECTION)
          .where({ _id: request._id, rev: request.rev })
          .update({
            status: next.status,
            handlerId: next.handlerId,
            handlerName: person.name,
            acceptedAt: next.acceptedAt,
            rev: _.inc(1),
            timeline: _.push([{ ...result.entry, key: input.idempotencyKey }]),
          }),
      ) as { updated?: number };
      if (res.updated === 1) return requestView({ ...request, ...next, handlerName: person.name, timeline: [...request.timeline, { ...result.entry, key: input.idempotencyKey }], rev: request.rev + 1 }, 'handler');
      if (attempt >= ATTEMPTS) throw new AppError('CONFLICT', '这张工单刚刚有了变化，请刷新后再试');
      request = await loadRequest(db, request._id);
    }
  },
);
