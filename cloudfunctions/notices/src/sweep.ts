/**
 * notices.sweep (the `sweep` timer, every minute): notices waiting on their images' media check
 * (released, held or sent back once the verdicts are in: author.ts settleImages), official-account
 * syncs that are due — steps to
 * retry, publish statuses to poll (freepublish/get until final), articles of withdrawn notices to
 * delete — and subscribe-message fan-outs still running, each resumed from what its notice stores.
 */
import { noticesSweep } from '../../../core/contracts/notices';
import { NOTICE_COLLECTION, noticeDoc } from '../../../core/domain/notices/model';
import { route } from '../../lib';
import { now } from '../../lib/clock';
import { settleImages } from './author';
import { runFanout } from './fanout';
import { runOfficialAccount } from './official-account';

/** notices one run works on, one after another (each a few WeChat calls at most) */
const BATCH = 20;
/** the fan-outs' share of a run (the function's timeout is 60 s) */
const FANOUT_BUDGET_MS = 30_000;

export const sweepRoute = route(noticesSweep, { access: 'server' }, async (_input, ctx) => {
  const _ = ctx.db.command;
  let worked = 0;
  const checking = await ctx.db.collection(NOTICE_COLLECTION).where({ state: 'checking' }).limit(BATCH).get();
  for (const doc of checking.data as unknown[]) {
    const n = noticeDoc.parse(doc);
    try {
      if ((await settleImages(ctx, n)).state !== 'checking') worked += 1;
    } catch (err) {
      ctx.log.error('image check settlement failed', { noticeId: n._id, error: err instanceof Error ? err.stack : String(err) });
    }
  }
  const { data } = await ctx.db
    .collection(NOTICE_COLLECTION)
    .where({ 'mp.status': _.in(['syncing', 'published']), 'mp.dueAt': _.lte(now().toISOString()) })
    .field({ _id: true })
    .limit(BATCH)
    .get();
  for (const { _id } of data as { _id: string }[]) {
    try {
      if (await runOfficialAccount(ctx, _id)) worked += 1;
    } catch (err) {
      // one notice's unexpected failure must not stop the others; its lease runs out and a later run resumes it
      ctx.log.error('official account sync failed', { noticeId: _id, error: err instanceof Error ? err.stack : String(err) });
    }
  }
  const fanouts = await ctx.db
    .collection(NOTICE_COLLECTION)
    .where({ 'fanout.status': 'running', 'fanout.dueAt': _.lte(now().toISOString()) })
    .field({ _id: true })
    .limit(BATCH)
    .get();
  const started = Date.now();
  for (const { _id } of fanouts.data as { _id: string }[]) {
    const left = FANOUT_BUDGET_MS - (Date.now() - started);
    if (left <= 0) break;
    try {
      if (await runFanout(ctx, _id, left)) worked += 1;
    } catch (err) {
      ctx.log.error('notice fan-out failed', { noticeId: _id, error: err instanceof Error ? err.stack : String(err) });
    }
  }
  return { worked };
});
