/** requests.get: one request with its timeline, for its reporter, the handlers in scope and staff only. */
import { requestsGet } from '../../../core/contracts/requests';
import { actorOf, viewerOf } from '../../../core/domain/requests/actor';
import { AppError, route } from '../../lib';
import { findRequest, NOT_FOUND_MESSAGE, requestView } from './store';

export const getRoute = route(requestsGet, { access: 'bound', prefetch: (input, db) => findRequest(db, input.requestId) }, async (_input, { person, prefetched }) => {
  // team and partner members see a request assigned to them once those memberships are read here (not yet)
  const viewer = prefetched ? viewerOf(prefetched, actorOf(person)) : null;
  if (!prefetched || !viewer) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return requestView(prefetched, viewer);
});
