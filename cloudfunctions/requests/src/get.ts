/** requests.get: one request with its timeline, for its reporter, the handlers in scope and staff only. */
import { requestsGet } from '../../../core/contracts/requests';
import { AppError, route } from '../../lib';
import { handlerActor } from './actors';
import { findRequest, NOT_FOUND_MESSAGE, requestView } from './store';

export const getRoute = route(requestsGet, { access: 'bound', prefetch: (input, db) => findRequest(db, input.requestId) }, async (_input, { db, person, prefetched }) => {
  if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return requestView(prefetched, await handlerActor(db, person)(prefetched));
});
