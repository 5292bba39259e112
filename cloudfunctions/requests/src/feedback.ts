/**
 * The reporter's answers (反馈 → 评单): requests.rate closes a resolved request with a 1–5 rating
 * (the machine asks for the handler's points and, at 3 or less, a return visit: effects.ts);
 * requests.reopen sends it back to its handler with the limits counting again from now;
 * requests.withdraw takes it back before anyone accepted it.
 */
import { requestsRate, requestsReopen, requestsWithdraw } from '../../../core/contracts/requests';
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { deadlinesFrom } from '../../../core/domain/requests/schedule';
import { route } from '../../lib';
import { act, actorOn, checkWords, prefetchRequest as prefetch } from './act';
import { warnIfAssumed } from './submit';

export const rateRoute = route(requestsRate, { access: 'bound', prefetch }, async (input, ctx) => {
  const on = await actorOn(ctx, ctx.prefetched);
  await checkWords(ctx, input.comment, '评价', 'data.comment');
  return act(ctx, on, { event: { type: 'rate', score: input.score, comment: input.comment }, key: input.idempotencyKey });
});

export const reopenRoute = route(requestsReopen, { access: 'bound', prefetch }, async (input, ctx) => {
  const on = await actorOn(ctx, ctx.prefetched);
  await checkWords(ctx, input.reason, '原因', 'data.reason');
  return act(ctx, on, {
    event: { type: 'reopen', reason: input.reason },
    key: input.idempotencyKey,
    // the machine restarted the clock (clockStartedAt): the four limits count again from it
    patch: (next) => {
      const { assumedYears, ...deadlines } = deadlinesFrom(DEFAULT_CATEGORIES, next.category, next.urgency, new Date(next.clockStartedAt));
      warnIfAssumed(ctx.log, assumedYears);
      return deadlines;
    },
  });
});

export const withdrawRoute = route(requestsWithdraw, { access: 'bound', prefetch }, async (input, ctx) => {
  const on = await actorOn(ctx, ctx.prefetched);
  await checkWords(ctx, input.reason, '原因', 'data.reason');
  return act(ctx, on, { event: { type: 'withdraw', reason: input.reason }, key: input.idempotencyKey });
});
