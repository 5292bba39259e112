/**
 * wishes.wall (心愿墙: open wishes, beneficiary masked), wishes.list (staff: all, with status and the
 * sweep's flags), wishes.get. Photos are shown by their media-check verdicts, read after the wishes
 * (one more read, only when the page holds photos).
 */
import { wishesGet, wishesList, wishesWall } from '../../../core/contracts/wishes';
import { isStaffOf } from '../../../core/domain/service/people';
import { WISH_COLLECTION, wishDoc } from '../../../core/domain/service/wishes';
import { AppError, homeCommunity, route } from '../../lib';
import { findWish, NOT_FOUND_MESSAGE, verdictsOf, wishActor, wishCard, wishView } from './store';

/** One page newest first, one more row read to know whether another page follows. */
const paged = (page: number, pageSize: number) => ({ skip: (page - 1) * pageSize, limit: pageSize + 1 });

export const wallRoute = route(wishesWall, { access: 'bound' }, async (input, { db, person }) => {
  const communityId = homeCommunity(person);
  const { skip, limit } = paged(input.page, input.pageSize);
  // indexes communityId_1_onWall_1_postedAt_-1 and communityId_1_onWall_1_compoundId_1_postedAt_-1
  const where = { communityId, onWall: true, ...(input.compoundId ? { compoundId: input.compoundId } : {}) };
  const { data } = await db.collection(WISH_COLLECTION).where(where).orderBy('postedAt', 'desc').skip(skip).limit(limit).get();
  const rows = (data as unknown[]).map((d) => wishDoc.parse(d));
  const page = rows.slice(0, input.pageSize);
  const verdicts = await verdictsOf(db, page);
  return { items: page.map((w) => wishCard(w, person._id, verdicts)), hasMore: rows.length > input.pageSize };
});

export const listRoute = route(wishesList, { access: 'bound' }, async (input, { db, person }) => {
  const communityId = homeCommunity(person);
  if (!isStaffOf(person, communityId)) throw new AppError('FORBIDDEN', '只有社区工作人员可以查看全部心愿');
  const { skip, limit } = paged(input.page, input.pageSize);
  // indexes communityId_1_postedAt_-1, and communityId_1_<status | flag | moderation>_1_postedAt_-1
  const where = { communityId, ...(input.status ? { status: input.status } : {}), ...(input.flag ? { flag: input.flag } : {}), ...(input.moderation ? { moderation: input.moderation } : {}) };
  const wishes = db.collection(WISH_COLLECTION);
  const [{ data }, unclaimed, chased] = await Promise.all([
    wishes.where(where).orderBy('postedAt', 'desc').skip(skip).limit(limit).get(),
    wishes.where({ communityId, flag: 'unclaimed' }).count(),
    wishes.where({ communityId, flag: 'chased' }).count(),
  ]);
  const rows = (data as unknown[]).map((d) => wishDoc.parse(d));
  const page = rows.slice(0, input.pageSize);
  const actor = wishActor(person, communityId);
  const verdicts = await verdictsOf(db, page);
  return {
    items: page.map((w) => wishView(w, actor, verdicts)),
    hasMore: rows.length > input.pageSize,
    counts: { unclaimed: Number(unclaimed.total ?? 0), chased: Number(chased.total ?? 0) },
  };
});

export const getRoute = route(wishesGet, { access: 'bound', prefetch: (input, db) => findWish(db, input.wishId) }, async (_input, { db, person, prefetched }) => {
  if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const actor = wishActor(person, prefetched.communityId);
  return wishView(prefetched, actor, await verdictsOf(db, [prefetched]));
});
