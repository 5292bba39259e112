/**
 * requests.accept (接单): a handler in scope takes the request. The first accept wins: the write
 * lands only over the version the transition was computed from (commit.ts), so of two handlers
 * accepting at once one writes and the other finds it taken. A retry with the same key answers
 * the accepted request again.
 */
import { requestsAccept } from '../../../core/contracts/requests';
import { AppError, route } from '../../lib';
import { act, prefetchRequest as prefetch } from './act';
import { handlerActor } from './actors';
import { NOT_FOUND_MESSAGE } from './store';

export const acceptRoute = route(requestsAccept, { access: 'bound', prefetch }, async (input, ctx) => {
  const { db, person, prefetched } = ctx;
  // not actorOn: someone out of scope is told so (FORBIDDEN), as the request was routed to be taken
  if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return act(
    ctx,
    { request: prefetched, actorFor: handlerActor(db, person) },
    {
      event: { type: 'accept' },
      key: input.idempotencyKey,
      patch: (next, before) => ({
        handlerName: person.name,
        // 响应率 counts the first accept only: a reassigned request keeps its first answer
        respondedOnTime: before.respondedOnTime ?? next.acceptedAt! <= before.respondBy,
      }),
      // the loser of a race is told who took it
      refused: (r, refusal) => (r.status === 'accepted' && r.handlerId !== person._id ? new AppError('CONFLICT', `这张工单已由${r.handlerName ?? '其他人'}接单`) : refusal),
    },
  );
});
