/**
 * requests.accept (接单): a handler in scope takes the request. The first accept wins: the write
 * lands only over the version the transition was computed from (commit.ts), so of two handlers
 * accepting at once one writes and the other finds it taken. A retry with the same key answers
 * the accepted request again.
 */
import { requestsAccept } from '../../../core/contracts/requests';
import { AppError, route } from '../../lib';
import { handlerActor } from './actors';
import { commitEvent } from './commit';
import { findRequest, NOT_FOUND_MESSAGE, requestView } from './store';

export const acceptRoute = route(
  requestsAccept,
  { access: 'bound', prefetch: (input, db) => findRequest(db, input.requestId) },
  async (input, { app, db, person, prefetched }) => {
    if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
    const actorFor = handlerActor(db, person);
    const accepted = await commitEvent(
      { app, db },
      {
        request: prefetched,
        event: { type: 'accept' },
        actor: actorFor,
        key: input.idempotencyKey,
        actorName: person.name,
        patch: (next, before) => ({
          handlerName: person.name,
          // 响应率 counts the first accept only: a reassigned request keeps its first answer
          respondedOnTime: before.respondedOnTime ?? next.acceptedAt! <= before.respondBy,
        }),
        // the loser of a race is told who took it
        refused: (r, refusal) => (r.status === 'accepted' && r.handlerId !== person._id ? new AppError('CONFLICT', `这张工单已由${r.handlerName ?? '其他人'}接单`) : refusal),
      },
    );
    return requestView(accepted, await actorFor(accepted));
  },
);
