/**
 * requests.merge (staff): a duplicate goes into another open request of the same community. The
 * merged one closes with `mergedInto`, which its view shows; its reporter may then open the request
 * it went into and follow it there as a reporter (requests.get, store.ts followsMerged) — reading
 * only: the rating and reopening stay with that request's own reporter.
 */
import { requestsMerge } from '../../../core/contracts/requests';
import { AppError, route } from '../../lib';
import { act, actorOn } from './act';
import { findRequest } from './store';

const INTO_MESSAGE = '只能合并到本社区另一张未办结的工单';

export const mergeRoute = route(
  requestsMerge,
  { access: 'bound', prefetch: (input, db) => Promise.all([findRequest(db, input.requestId), findRequest(db, input.intoId)]) },
  async (input, ctx) => {
    const [request, into] = ctx.prefetched;
    const on = await actorOn(ctx, request);
    // the target is checked for staff only (the machine refuses anyone else): others learn nothing of other requests
    const staff = (await on.actorFor(on.request)).staffOf.includes(on.request.communityId);
    if (staff && into?._id !== on.request._id && (!into || into.communityId !== on.request.communityId || !into.open)) {
      throw new AppError('VALIDATION_ERROR', INTO_MESSAGE, [{ path: 'data.intoId', message: INTO_MESSAGE }]);
    }
    return act(ctx, on, { event: { type: 'merge', into: input.intoId }, key: input.idempotencyKey });
  },
);
