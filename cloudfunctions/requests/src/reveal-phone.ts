/**
 * requests.revealPhone: a handler in scope or staff taps to call the reporter and gets the full
 * number. Rate-limited per person like org.revealPhone (withinLimit, counted with the first reads)
 * and logged (who, which request); nothing is added to the timeline. The reporter has no use for
 * their own number and anyone else is told there is no such request.
 */
import { requestsRevealPhone } from '../../../core/contracts/requests';
import { AppError, route, withinLimit } from '../../lib';
import { actorOn, prefetchRequest } from './act';
import { requestView } from './store';

export const revealPhoneRoute = route(requestsRevealPhone, { access: 'bound', prefetch: prefetchRequest }, async (_input, ctx) => {
  const { db, person, log } = ctx;
  const on = await withinLimit(db, 'revealPhone', person._id, actorOn(ctx, ctx.prefetched));
  const { request } = on;
  // the same rule that offers the tap in the view
  if (!request.reporterPhone || !requestView(request, await on.actorFor(request)).can.includes('revealPhone')) {
    throw new AppError('FORBIDDEN', '只有负责这张工单的工作人员可以查看报事人的电话');
  }
  log.info('request phone revealed', { requestId: request._id, communityId: request.communityId, personId: person._id });
  return { phone: request.reporterPhone };
});
