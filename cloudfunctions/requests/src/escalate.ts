/**
 * requests.escalate (吹哨): the grid worker of the request's grid or staff call in a live partner
 * unit (包联单位) of its community; the unit's reporting members (报到, partnerDoc.memberIds) then
 * see it in their queue and may accept it (actors.ts). requests.consult (会商): who met and what they
 * agreed, recorded by whoever takes part in handling it.
 */
import { requestsConsult, requestsEscalate } from '../../../core/contracts/requests';
import { partnerDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, route } from '../../lib';
import { getDoc } from '../../lib/ledger';
import { act, actorOn, checkWords, prefetchRequest } from './act';
import { findRequest } from './store';

const PARTNER_MESSAGE = '请选择本社区在用的包联单位';

export const escalateRoute = route(
  requestsEscalate,
  { access: 'bound', prefetch: (input, db) => Promise.all([findRequest(db, input.requestId), getDoc(db, COLLECTIONS.partners, input.partnerId, partnerDoc)]) },
  async (input, ctx) => {
    const [request, partner] = ctx.prefetched;
    const on = await actorOn(ctx, request);
    if (!partner || partner.retiredAt !== null || partner.communityId !== on.request.communityId) {
      throw new AppError('VALIDATION_ERROR', PARTNER_MESSAGE, [{ path: 'data.partnerId', message: PARTNER_MESSAGE }]);
    }
    await checkWords(ctx, input.reason, '吹哨原因', 'data.reason');
    return act(ctx, on, {
      event: { type: 'escalate', partnerId: partner._id, reason: input.reason },
      key: input.idempotencyKey,
      patch: () => ({ handlerName: null }),
    });
  },
);

export const consultRoute = route(requestsConsult, { access: 'bound', prefetch: prefetchRequest }, async (input, ctx) => {
  const on = await actorOn(ctx, ctx.prefetched);
  await checkWords(ctx, [...input.attendees, input.outcome].join('\n'), '会商记录', 'data.outcome');
  return act(ctx, on, { event: { type: 'consult', attendees: input.attendees, outcome: input.outcome }, key: input.idempotencyKey });
});
