/**
 * The subscribe-message fan-out of a published notice (core/domain/notices/fanout.ts): grant holders
 * of the community are walked in `_id` order from the cursor stored on the notice, in batches; each
 * holder in scope is claimed by inserting their delivery (a duplicate: handled before), then one grant
 * is spent (a conditional decrement), then the message is sent and its outcome kept. The cursor is
 * stored after each batch, so a crash resumes at the batch it was in: the claimed are skipped (never
 * twice), the rest are sent (never skipped).
 *
 * The one window: a crash after a delivery is claimed and before its outcome is stored leaves it
 * `sending` — that person may or may not have been messaged, and is not messaged again.
 */
import {
  deliveryId,
  grantDoc,
  grantToSpend,
  NOTICE_DELIVERIES_COLLECTION,
  NOTICE_GRANTS_COLLECTION,
  NOTICE_PAGE,
  noticeMessageData,
  type DeliveryOutcome,
  type GrantDoc,
} from '../../../core/domain/notices/fanout';
import { NOTICE_COLLECTION, type NoticeDoc } from '../../../core/domain/notices/model';
import { check, config, sendSubscribeMessage, type CloudApp, type Database, type Log } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { loadNotice } from './store';

/** holders read per batch, and messages in flight at once (WeChat: 43108 when too many at once) */
const BATCH = 100;
const CONCURRENCY = 10;
const LEASE_MS = 90_000;

interface Ctx {
  app: CloudApp;
  db: Database;
  log: Log;
}

const outcomeOf = (errcode: number): DeliveryOutcome => (errcode === 0 ? 'sent' : errcode === 43101 ? 'refused' : 'failed');

async function deliver(ctx: Ctx, n: NoticeDoc & { publishedAt: string }, g: GrantDoc, templateId: string): Promise<void> {
  const _ = ctx.db.command;
  const id = deliveryId(n._id, g._id);
  const deliveries = ctx.db.collection(NOTICE_DELIVERIES_COLLECTION);
  try {
    check(await deliveries.add({ _id: id, noticeId: n._id, personId: g._id, outcome: 'sending', spent: null, errcode: null, at: now().toISOString() }));
  } catch (err) {
    if (isDuplicate(err)) return; // claimed before this run: sent, refused, failed or in the crash window
    throw err;
  }
  const spend = grantToSpend(n.category, g.counts);
  const spent = spend
    ? (
        await ctx.db
          .collection(NOTICE_GRANTS_COLLECTION)
          .where({ _id: g._id, [`counts.${spend}`]: _.gt(0) })
          .update({ [`counts.${spend}`]: _.inc(-1), total: _.inc(-1), updatedAt: now().toISOString() })
      ).updated === 1
    : false;
  if (!spend || !spent) {
    // another notice spent the last grant meanwhile
    await deliveries.doc(id).update({ outcome: 'noGrant' });
    return;
  }
  const errcode = await sendSubscribeMessage(ctx.app, { touser: g.openid, templateId, page: `${NOTICE_PAGE}?id=${n._id}`, data: noticeMessageData(n) });
  const outcome = outcomeOf(errcode);
  await deliveries.doc(id).update({ outcome, spent: spend, errcode });
  await ctx.db
    .collection(NOTICE_COLLECTION)
    .doc(n._id)
    .update({ [`fanout.${outcome}`]: _.inc(1) });
}

/**
 * Sends batches until done or `budgetMs` has passed (the sweep goes on next minute). Answers false
 * when another runner holds the notice.
 */
export async function runFanout(ctx: Ctx, noticeId: string, budgetMs: number): Promise<boolean> {
  const _ = ctx.db.command;
  const started = Date.now();
  const lease = new Date(now().getTime() + LEASE_MS).toISOString();
  const notices = ctx.db.collection(NOTICE_COLLECTION);
  const taken = await notices.where({ _id: noticeId, 'fanout.leaseUntil': _.lt(now().toISOString()) }).update({ 'fanout.leaseUntil': lease });
  if (!taken.updated) return false;
  const store = async (set: Record<string, unknown>) => (await notices.where({ _id: noticeId, 'fanout.leaseUntil': lease }).update(set)).updated === 1;
  try {
    for (;;) {
      const n = await loadNotice(ctx.db, noticeId);
      const templateId = config().subscribeTemplates.notice;
      if (!n.fanout || n.fanout.status === 'done') return true;
      // withdrawn, or the template removed: nobody else is messaged
      if (n.state !== 'published' || !n.publishedAt || !templateId) {
        await store({ 'fanout.status': 'done', 'fanout.dueAt': null });
        return true;
      }
      const { data } = await ctx.db
        .collection(NOTICE_GRANTS_COLLECTION)
        .where({ communityId: n.communityId, _id: _.gt(n.fanout.cursor), keys: _.in(n.audience), total: _.gt(0) })
        .orderBy('_id', 'asc')
        .limit(BATCH)
        .get();
      const holders = (data as unknown[]).map((d) => grantDoc.parse(d));
      for (let i = 0; i < holders.length; i += CONCURRENCY) {
        await Promise.all(holders.slice(i, i + CONCURRENCY).map((g) => deliver(ctx, { ...n, publishedAt: n.publishedAt! }, g, templateId)));
      }
      const last = holders.at(-1)?._id ?? n.fanout.cursor;
      const finished = holders.length < BATCH;
      if (!(await store({ 'fanout.cursor': last, ...(finished ? { 'fanout.status': 'done', 'fanout.dueAt': null } : {}) }))) return true;
      if (finished || Date.now() - started > budgetMs) return true;
    }
  } finally {
    await notices.where({ _id: noticeId, 'fanout.leaseUntil': lease }).update({ 'fanout.leaseUntil': '' });
  }
}
