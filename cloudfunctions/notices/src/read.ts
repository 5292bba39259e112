/**
 * Reading notices: the residents' feed (notices in their scope, pinned and 应急 first, unread marked),
 * staff's list (drafts too), opening one (a reader in scope is counted once: the read document's
 * `_id` is the notice and the person, and the count is bumped only by the insert that created it,
 * so counting never scans), and staff's figures.
 */
import { noticesGet, noticesList, noticesStats } from '../../../core/contracts/notices';
import { audienceKeysOf, NOTICE_COLLECTION, NOTICE_READS_COLLECTION, noticeDoc, readId, type NoticeDoc } from '../../../core/domain/notices/model';
import { administers } from '../../../core/domain/org';
import type { PersonDoc } from '../../../core/domain/org-model';
import { AppError, check, homeCommunity, route } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { settleImages } from './author';
import { loadNotice, NOT_FOUND, requireStaff, STAFF_ROLES, summaryOf, viewOf } from './store';

const PAGE = 20;

/** Whether `person` is in the notice's audience and it is showing now. */
function reaches(n: NoticeDoc, person: PersonDoc): boolean {
  const keys = new Set(audienceKeysOf(person));
  return n.state === 'published' && n.visibleUntil > now().toISOString() && n.audience.some((k) => keys.has(k));
}

export const listRoute = route(noticesList, { access: 'bound' }, async (input, { db, person }) => {
  const _ = db.command;
  const skip = (input.page - 1) * PAGE;
  const category = input.category ? { category: input.category } : {};
  if (input.view === 'staff') {
    const communityId = homeCommunity(person);
    requireStaff(person, communityId);
    const { data } = await db
      .collection(NOTICE_COLLECTION)
      .where({ communityId, ...(input.state ? { state: input.state } : {}), ...category })
      .orderBy('updatedAt', 'desc')
      .skip(skip)
      .limit(PAGE + 1)
      .get();
    const rows = (data as unknown[]).map((d) => noticeDoc.parse(d));
    return { items: rows.slice(0, PAGE).map((n) => summaryOf(n, false)), hasMore: rows.length > PAGE };
  }
  // one read: the page, each row with the caller's read document joined by its _id (notice_person)
  const $ = db.command.aggregate;
  const { data } = await db
    .collection(NOTICE_COLLECTION)
    .aggregate()
    .match({ audience: _.in(audienceKeysOf(person)), state: 'published', visibleUntil: _.gt(now().toISOString()), ...category })
    .sort({ sortRank: -1, publishedAt: -1 })
    .skip(skip)
    .limit(PAGE + 1)
    .addFields({ readId: $.concat(['$_id', readId('', person._id)]) })
    .lookup({ from: NOTICE_READS_COLLECTION, localField: 'readId', foreignField: '_id', as: 'read' })
    .end();
  const rows = (data as { read: unknown[] }[]).map((d) => ({ notice: noticeDoc.parse(d), read: d.read.length > 0 }));
  return { items: rows.slice(0, PAGE).map((r) => summaryOf(r.notice, !r.read)), hasMore: rows.length > PAGE };
});

export const getRoute = route(noticesGet, { access: 'bound', prefetch: ({ id }, db) => loadNotice(db, id) }, async (_input, ctx) => {
  const { db, person, prefetched: n } = ctx;
  // staff waiting on the images' check see it move on as soon as the verdicts are in
  if (administers(person, n.communityId)) return viewOf(await settleImages(ctx, n), { staff: true });
  if (!reaches(n, person)) throw new AppError('NOT_FOUND', NOT_FOUND);
  try {
    check(await db.collection(NOTICE_READS_COLLECTION).add({ _id: readId(n._id, person._id), noticeId: n._id, personId: person._id, readAt: now().toISOString() }));
  } catch (err) {
    if (isDuplicate(err)) return viewOf(n, { staff: false }); // read before: counted then
    throw err;
  }
  await db.collection(NOTICE_COLLECTION).doc(n._id).update({ readCount: db.command.inc(1) });
  return viewOf({ ...n, readCount: n.readCount + 1 }, { staff: false });
});

export const statsRoute = route(noticesStats, { access: 'bound', roles: STAFF_ROLES }, async ({ id }, { db, person }) => {
  const n = await loadNotice(db, id);
  requireStaff(person, n.communityId);
  const f = n.fanout;
  return { readers: n.readCount, delivery: f ? { sent: f.sent, refused: f.refused, failed: f.failed, done: f.status === 'done' } : null };
});
