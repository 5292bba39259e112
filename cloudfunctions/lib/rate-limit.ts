/**
 * Per-person limits that hold across function instances: the counter is a document in the
 * database, one per action, person and fixed window (`verify:p-001:202612011400`), counted up with
 * one atomic `_.inc` (`updateAndReturn`). node-sdk has no upsert with update operators, so the
 * first call of a window inserts the document (a unique `_id`: a racing instance that loses counts
 * up instead) and removes that person's expired windows of the action alongside; there is no TTL.
 * Every attempt counts, refused ones too; a refused call changes nothing else.
 */
import { z } from 'zod';
import { rateLimitedMessage, windowOf } from '../../core/domain/rate-limit';
import type { Database } from './cloud';
import { now as clockNow } from './clock';
import { COLLECTIONS } from './collections';
import { config, type LimitedAction } from './config';
import { check, isDuplicate } from './db-errors';
import { AppError } from './errors';

const WHAT: Record<LimitedAction, string> = {
  claimSubmit: '提交积分申报',
  objection: '提出异议',
  revealPhone: '查看电话号码',
  export: '导出表格',
  verify: '积分核验',
  bindApply: '申请绑定房屋',
  inviteRedeem: '使用邀请码',
  requestSubmit: '报事',
  checkinCode: '输入签到码',
};

const counterDoc = z.object({ count: z.number().int() });

/** One more call of `action` by `personId`; throws RATE_LIMITED when it is over the limit. */
export async function countCall(db: Database, action: LimitedAction, personId: string): Promise<void> {
  const now = clockNow();
  const limit = config().rateLimits[action];
  const window = windowOf(now, limit.windowMinutes);
  const count = await increment(db, { _id: `${action}:${personId}:${window.label}`, action, personId, windowEnd: window.end.toISOString() }, now);
  if (count > limit.count) throw new AppError('RATE_LIMITED', rateLimitedMessage(WHAT[action], limit, window.end, now));
}

/** The window's count after this call: one `_.inc`, or the counter's creation on a window's first call. */
async function increment(db: Database, counter: { _id: string; action: LimitedAction; personId: string; windowEnd: string }, now: Date): Promise<number> {
  const counters = db.collection(COLLECTIONS.rateLimits);
  const _ = db.command;
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = check(await counters.where({ _id: counter._id }).updateAndReturn({ count: _.inc(1) }));
    if (res.doc) return counterDoc.parse(res.doc).count;
    const [added] = await Promise.allSettled([
      counters.add({ ...counter, count: 1 }).then(check),
      // expired windows of this person and action (best effort: one stale counter at most remains)
      counters.where({ personId: counter.personId, action: counter.action, windowEnd: _.lte(now.toISOString()) }).remove(),
    ]);
    if (added.status === 'fulfilled') return 1;
    if (!isDuplicate(added.reason)) throw added.reason;
  }
  throw new Error(`rate-limit counter ${counter._id}: neither counted nor created`);
}

/**
 * `countCall` sent together with the action's first reads (`alongside`), so the check adds no
 * sequential round trip once the window's counter exists. Over the limit, `alongside`'s outcome
 * is dropped: it must only read.
 */
export async function withinLimit<T>(db: Database, action: LimitedAction, personId: string, alongside: Promise<T>): Promise<T> {
  alongside.catch(() => undefined);
  await countCall(db, action, personId);
  return alongside;
}
