/** Reading wishes and showing them to a viewer. */
import type { WishCard, WishView } from '../../../core/contracts/wishes';
import type { PersonDoc } from '../../../core/domain/org-model';
import { isStaffOf, mayServe } from '../../../core/domain/service/people';
import {
  WISH_COLLECTION,
  WISH_STATUS_LABELS,
  maskedBeneficiary,
  wishCan,
  wishDoc,
  wishViewer,
  type WishActor,
  type WishDoc,
} from '../../../core/domain/service/wishes';
import { AppError, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { getDoc } from '../../lib/ledger';

export const NOT_FOUND_MESSAGE = '没有找到这个心愿';

export const findWish = (db: Database, id: string): Promise<WishDoc | null> => getDoc(db, WISH_COLLECTION, id, wishDoc);

export async function loadWish(db: Database, id: string): Promise<WishDoc> {
  const found = await findWish(db, id);
  if (!found) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return found;
}

/** The caller as an actor on wishes of `communityId`; people of other communities are told there is no such wish. */
export function wishActor(person: PersonDoc, communityId: string): WishActor {
  const staff = isStaffOf(person, communityId);
  if (!staff && person.communityId !== communityId) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return { personId: person._id, name: person.name, mayServe: mayServe(person), staff };
}

export function wishCard(w: WishDoc): WishCard {
  return {
    id: w._id,
    category: w.category,
    text: w.text,
    neededBy: w.neededBy,
    compoundName: w.compoundName,
    beneficiary: maskedBeneficiary(w.beneficiary),
    proxy: w.proxy,
    photos: w.photos,
    status: w.status,
    statusLabel: WISH_STATUS_LABELS[w.status],
    postedAt: w.postedAt,
  };
}

/** The wish as `actor` may see it: a held (review) wish only by its poster and staff. */
export function wishView(w: WishDoc, actor: WishActor): WishView {
  const viewer = wishViewer(w, actor);
  if (viewer === 'public' && w.moderation !== 'pass') throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const inner = viewer !== 'public';
  return {
    ...wishCard(w),
    beneficiaryDetail: inner ? w.beneficiary : null,
    poster: inner ? w.posterName : null,
    claimer: w.claimerId ? { id: w.claimerId, name: w.claimerName ?? '' } : null,
    fulfilment: inner ? w.fulfilment : null,
    timeline: w.timeline.map((e) => ({
      type: e.type,
      at: e.at,
      // the public does not learn who posted a proxy's wish for whom
      by: inner || e.type !== 'post' ? e.actorName : '发布人',
      reason: e.reason,
    })),
    moderation: w.moderation,
    awarded: w.awarded,
    viewer,
    can: wishCan(w, actor, now()),
  };
}
