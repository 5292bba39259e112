/**
 * wishes.claim / release / fulfil / confirm. A change lands only over the version it was computed
 * from (`rev`, as cloudfunctions/requests/src/commit.ts): of two members claiming at once one
 * writes and the other re-reads and finds it taken. The timeline entry carries the caller's key,
 * so a retry answers without a second change. A fulfilment's photos go through WeChat's media check
 * (started before the write, kept on the wish with their trace ids). Confirming books the claimer's points in-process,
 * once per wish (`wish:<id>:fulfilled`); a confirm whose booking failed is finished by its retry.
 */
import type { z } from 'zod';
import type { PersonDoc } from '../../../core/domain/org-model';
import { isOwnUpload } from '../../../core/domain/points/claim-photos';
import {
  WISH_COLLECTION,
  WISH_POINTS_ITEM,
  wishProjections,
  wishTransition,
  type WishDoc,
  type WishEvent,
} from '../../../core/domain/service/wishes';
import { wishesClaim, wishesConfirm, wishesFulfil, wishesModerate, wishesRelease, type WishView } from '../../../core/contracts/wishes';
import { AppError, check, checkText, refuseRisky, route, type CloudApp, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { awardForSource } from '../../lib/ledger';
import { setWhole } from '../../lib/db-update';
import { startMediaChecks } from '../../lib/media-checks';
import { checkOwnPhotos } from '../../lib/own-photos';
import { findWish, loadWish, NOT_FOUND_MESSAGE, verdictsOf, wishActor, wishView } from './store';

/** attempts when the wish changed between our read and our write */
const ATTEMPTS = 3;

/** Books the claimer's points for a confirmed wish and marks it; a repeat books nothing (the ledger's key). */
async function award(db: Database, w: WishDoc): Promise<WishDoc> {
  if (w.status !== 'confirmed' || w.awarded || !w.claimerId) return w;
  await awardForSource(db, { source: { type: 'wish', id: w._id }, communityId: w.communityId, personId: w.claimerId, itemCode: WISH_POINTS_ITEM });
  check(await db.collection(WISH_COLLECTION).doc(w._id).update({ awarded: true }));
  return { ...w, awarded: true };
}

/** More the change writes besides the transition's, from the wish as read (e.g. the fulfilment's media checks). */
type Patch = (before: WishDoc) => Partial<WishDoc>;

async function commit(db: Database, wish: WishDoc | null, event: WishEvent, person: PersonDoc, key: string, patch?: Patch): Promise<WishView> {
  if (!wish) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  let before = wish;
  for (let attempt = 1; ; attempt += 1) {
    const actor = wishActor(person, before.communityId);
    const earlier = before.timeline.find((e) => e.key === key && e.actorId === person._id);
    if (earlier) {
      if (earlier.type !== event.type) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的操作，请刷新后重试');
      const [awarded, verdicts] = await Promise.all([award(db, before), verdictsOf(db, [before])]);
      return wishView(awarded, actor, verdicts);
    }
    const result = wishTransition(before, event, actor, now());
    if (!result.ok) throw new AppError(result.code, result.message);
    const entry = { ...result.entry, key, actorName: person.name };
    const changes = { ...result.changes, ...patch?.(before) };
    const changed = { ...changes, ...wishProjections({ ...before, ...changes }) };
    const _ = db.command;
    // the photos' verdicts are read along with the write (the view shows the passed ones)
    const [res, verdicts] = await Promise.all([
      db
        .collection(WISH_COLLECTION)
        .where({ _id: before._id, rev: before.rev })
        .update({ ...setWhole(db, changed), rev: _.inc(1), timeline: _.push([entry]) })
        .then((r) => check(r) as { updated?: number }),
      verdictsOf(db, [before]),
    ]);
    if (res.updated === 1) return wishView(await award(db, { ...before, ...changed, timeline: [...before.timeline, entry], rev: before.rev + 1 }), actor, verdicts);
    if (attempt >= ATTEMPTS) throw new AppError('CONFLICT', '这个心愿刚刚有了变化，请刷新后再试');
    before = await loadWish(db, before._id);
  }
}

const prefetch = (input: { wishId: string }, db: Database) => findWish(db, input.wishId);

export const claimRoute = route(wishesClaim, { access: 'bound', prefetch }, (input, { db, person, prefetched }) =>
  commit(db, prefetched, { type: 'claim', remind: input.remind }, person, input.idempotencyKey),
);

export const releaseRoute = route(wishesRelease, { access: 'bound', prefetch }, (input, { db, person, prefetched }) =>
  commit(db, prefetched, { type: 'release', reason: input.reason }, person, input.idempotencyKey),
);

/** The note is read by the poster and staff: content security, like the wish. */
async function checkFulfilment(app: CloudApp, openid: string, person: PersonDoc, input: z.output<typeof wishesFulfil.input>): Promise<void> {
  const [verdict] = await Promise.all([
    input.note ? checkText(app, { openid, scene: 'comment', content: input.note }) : Promise.resolve(null),
    checkOwnPhotos(app, input.photos, (fileId) => isOwnUpload(fileId, 'wishes', person._id)),
  ]);
  if (verdict) refuseRisky(verdict, '完成说明', 'data.note');
}

export const fulfilRoute = route(wishesFulfil, { access: 'bound', prefetch }, async (input, { app, db, person, openid, prefetched }) => {
  const event: WishEvent = { type: 'fulfil', photos: input.photos, note: input.note };
  // who may fulfil is told before the photos are looked at (a retry of a landed fulfil skips all of it)
  const replay = prefetched?.timeline.some((e) => e.key === input.idempotencyKey && e.actorId === person._id);
  let patch: Patch | undefined;
  if (prefetched && !replay) {
    const early = wishTransition(prefetched, event, wishActor(person, prefetched.communityId), now());
    if (!early.ok) throw new AppError(early.code, early.message);
    await checkFulfilment(app, openid, person, input);
    const checks = (await startMediaChecks(app, { openid, scene: 'comment' }, input.photos)).map((c) => ({ ...c, uploaderId: person._id }));
    patch = (before) => ({ mediaChecks: [...before.mediaChecks, ...checks] });
  }
  return commit(db, prefetched, event, person, input.idempotencyKey, patch);
});

export const confirmRoute = route(wishesConfirm, { access: 'bound', prefetch }, (input, { db, person, prefetched }) =>
  commit(db, prefetched, { type: 'confirm' }, person, input.idempotencyKey),
);

export const moderateRoute = route(wishesModerate, { access: 'bound', prefetch }, (input, { db, person, prefetched }) =>
  commit(db, prefetched, { type: 'moderate', pass: input.pass, reason: input.pass ? '' : input.reason }, person, input.idempotencyKey),
);
