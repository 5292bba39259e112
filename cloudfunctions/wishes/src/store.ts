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
  wishPhotos,
  wishViewer,
  type MediaVerdictOf,
  type WishActor,
  type WishDoc,
} from '../../../core/domain/service/wishes';
import { AppError, config, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { getDoc } from '../../lib/ledger';
import { mediaVerdictsOf } from '../../lib/media-verdicts';

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

/** the most trace ids one read of mediaVerdicts takes */
const VERDICTS_PER_READ = 100;

/**
 * The media-check verdicts that have arrived for the photos of `wishes` (one read per 100 photos,
 * together; none when no photo is being checked). A photo with no verdict yet is pending.
 */
export async function verdictsOf(db: Database, wishes: WishDoc[]): Promise<MediaVerdictOf> {
  const traceIds = [...new Set(wishes.flatMap((w) => w.mediaChecks.flatMap((c) => (c.traceId ? [c.traceId] : []))))];
  const chunks: string[][] = [];
  for (let i = 0; i < traceIds.length; i += VERDICTS_PER_READ) chunks.push(traceIds.slice(i, i + VERDICTS_PER_READ));
  const found = await Promise.all(chunks.map((ids) => mediaVerdictsOf(db, ids)));
  const verdicts = new Map(found.flatMap((m) => [...m].map(([id, v]) => [id, v.verdict] as const)));
  return (traceId) => verdicts.get(traceId);
}

/** For a view answered right after a write: the wish's own photos were just sent for checking. */
export const noVerdicts: MediaVerdictOf = () => undefined;

/** The wall's card: the photos of the wish that WeChat passed (or the viewer's own). */
export function wishCard(w: WishDoc, viewerId: string, verdictOf: MediaVerdictOf): WishCard {
  const photos = wishPhotos(w, viewerId, false, verdictOf);
  const shown = w.photos.filter(photos.visible);
  return {
    id: w._id,
    category: w.category,
    text: w.text,
    neededBy: w.neededBy,
    compoundName: w.compoundName,
    beneficiary: maskedBeneficiary(w.beneficiary),
    proxy: w.proxy,
    photos: shown,
    photosUnderReview: photos.underReview(),
    status: w.status,
    statusLabel: WISH_STATUS_LABELS[w.status],
    postedAt: w.postedAt,
  };
}

/**
 * The wish as `actor` may see it: a held (review) wish only by its poster and staff; photos by their
 * media check (`verdictOf`): others' once passed, staff also the held and risky ones, marked.
 */
export function wishView(w: WishDoc, actor: WishActor, verdictOf: MediaVerdictOf): WishView {
  const viewer = wishViewer(w, actor);
  if (viewer === 'public' && w.moderation !== 'pass') throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const inner = viewer !== 'public';
  const staff = viewer === 'staff' || actor.staff;
  const photos = wishPhotos(w, actor.personId, staff, verdictOf);
  const card = { ...wishCard(w, actor.personId, verdictOf), photos: w.photos.filter(photos.visible) };
  const fulfilment = inner && w.fulfilment ? { ...w.fulfilment, photos: w.fulfilment.photos.filter(photos.visible) } : null;
  return {
    ...card,
    photosUnderReview: photos.underReview(),
    beneficiaryDetail: inner ? w.beneficiary : null,
    poster: inner ? w.posterName : null,
    claimer: w.claimerId ? { id: w.claimerId, name: w.claimerName ?? '' } : null,
    fulfilment,
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
    photoMarks: staff ? photos.marks() : [],
    flag: staff ? w.flag : null,
    chases: staff ? w.chases : 0,
    chaseTemplateId: config().subscribeTemplates.wishChase,
  };
}
