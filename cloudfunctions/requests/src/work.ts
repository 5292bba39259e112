/**
 * requests.progress (办理) and requests.resolve (办结): the handler's notes and photos and what was
 * done. The text passes WeChat's check and the photos must be the handler's own uploads before
 * anything is written; WeChat's asynchronous check of the photos starts before the write.
 */
import { requestsProgress, requestsResolve } from '../../../core/contracts/requests';
import { route } from '../../lib';
import { act, actorOn, checkPhotos, checkWords, prefetchRequest as prefetch, type Caller } from './act';
import { startMediaChecks } from './media';

/** WeChat checks the new photos while others see them as 审核中 (media.ts), like the filing's. */
async function withPhotoChecks(ctx: Caller, photos: string[]) {
  const checks = await startMediaChecks(ctx.app, ctx.openid, ctx.person._id, photos);
  return (_next: unknown, before: { mediaChecks: typeof checks }) => ({ mediaChecks: [...before.mediaChecks, ...checks] });
}

export const progressRoute = route(requestsProgress, { access: 'bound', prefetch }, async (input, ctx) => {
  const on = await actorOn(ctx, ctx.prefetched);
  await Promise.all([checkWords(ctx, input.note, '进展说明', 'data.note'), checkPhotos(ctx, input.photos)]);
  return act(ctx, on, { event: { type: 'progress', note: input.note, photos: input.photos }, key: input.idempotencyKey, patch: await withPhotoChecks(ctx, input.photos) });
});

export const resolveRoute = route(requestsResolve, { access: 'bound', prefetch }, async (input, ctx) => {
  const on = await actorOn(ctx, ctx.prefetched);
  await Promise.all([checkWords(ctx, input.summary, '办理结果', 'data.summary'), checkPhotos(ctx, input.photos)]);
  return act(ctx, on, { event: { type: 'resolve', summary: input.summary, photos: input.photos }, key: input.idempotencyKey, patch: await withPhotoChecks(ctx, input.photos) });
});
