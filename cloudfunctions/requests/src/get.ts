/**
 * requests.get: one request with its timeline, for its reporter, the handlers in scope and staff
 * only — and for the reporter of a duplicate staff merged into it, who follows it there as a
 * reporter (asked only when the caller is none of the others).
 */
import { requestsGet } from '../../../core/contracts/requests';
import { viewerOf } from '../../../core/domain/requests/actor';
import { AppError, route } from '../../lib';
import { handlerActor } from './actors';
import { findRequest, followsMerged, NOT_FOUND_MESSAGE, showRequest } from './store';

export const getRoute = route(requestsGet, { access: 'bound', prefetch: (input, db) => findRequest(db, input.requestId) }, async (_input, { db, person, prefetched }) => {
  if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const actorFor = handlerActor(db, person);
  const follower = !viewerOf(prefetched, await actorFor(prefetched)) && (await followsMerged(db, prefetched._id, person._id));
  return showRequest(db, prefetched, actorFor, follower);
});
