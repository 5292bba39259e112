/** wishes.wall (心愿墙: open wishes, beneficiary masked), wishes.list (staff: all, with status), wishes.get. */
import { wishesGet, wishesList, wishesWall } from '../../../core/contracts/wishes';
import { isStaffOf } from '../../../core/domain/service/people';
import { WISH_COLLECTION, wishDoc } from '../../../core/domain/service/wishes';
import { AppError, homeCommunity, route } from '../../lib';
import { findWish, NOT_FOUND_MESSAGE, wishActor, wishCard, wishView } from './store';

/** One page newest first, one more row read to know whether another page follows. */
const paged = (page: number, pageSize: number) => ({ skip: (page - 1) * pageSize, limit: pageSize + 1 });

export const wallRoute = route(wishesWall, { access: 'bound' }, async (input, { db, person }) => {
  const communityId = homeCommunity(person);
  const { skip, limit } = paged(input.page, input.pageSize);
  // indexes communityId_1_onWall_1_postedAt_-1 and communityId_1_onWall_1_compoundId_1_postedAt_-1
  const where = { communityId, onWall: true, ...(input.compoundId ? { compoundId: input.compoundId } : {}) };
  const { data } = await db.collection(WISH_COLLECTION).where(where).orderBy('postedAt', 'desc').skip(skip).limit(limit).get();
  const rows = (data as unknown[]).map((d) => wishDoc.parse(d));
  return { items: rows.slice(0, input.pageSize).map(wishCard), hasMore: rows.length > input.pageSize };
});

export const listRoute = route(wishesList, { access: 'bound' }, async (input, { db, person }) => {
  const communityId = homeCommunity(person);
  if (!isStaffOf(person, communityId)) throw new AppError('FORBIDDEN', '只有社区工作人员可以查看全部心愿');
  const { skip, limit } = paged(input.page, input.pageSize);
  // indexes communityId_1_postedAt_-1 and communityId_1_status_1_postedAt_-1
  const where = { communityId, ...(input.status ? { status: input.status } : {}) };
  const { data } = await db.collection(WISH_COLLECTION).where(where).orderBy('postedAt', 'desc').skip(skip).limit(limit).get();
  const rows = (data as unknown[]).map((d) => wishDoc.parse(d));
  const actor = wishActor(person, communityId);
  return { items: rows.slice(0, input.pageSize).map((w) => wishView(w, actor)), hasMore: rows.length > input.pageSize };
});

export const getRoute = route(wishesGet, { access: 'bound', prefetch: (input, db) => findWish(db, input.wishId) }, async (_input, { person, prefetched }) => {
  if (!prefetched) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return wishView(prefetched, wishActor(person, prefetched.communityId));
});
