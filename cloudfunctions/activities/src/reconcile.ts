/**
 * Healing after a crash mid-way through a seat changing hands (signup.ts). A sign-up left
 * `seating` or `releasing` for longer than any call can run (STALE_AFTER_MS) belongs to a call
 * that died: `seating` goes back to the waiting list (it keeps its place), `releasing` becomes
 * `cancelled`. Whether that call had already moved the counter is unknown, so the seats are then
 * recounted: `taken` becomes the number of confirmed sign-ups, and free seats go to the waiting list.
 * The activity is flagged (`recount`) before anything is settled and unflagged only by a recount
 * that landed, so a recount put off (seats were changing hands) is tried again by the next sweep.
 *
 * The recount must never count too few (the capacity would be exceeded later). It reads the
 * counter first, then the passing sign-ups, the confirmed ones, and the passing ones again, and
 * writes only when no seat was changing hands (both reads found none) and the counter did not move
 * meanwhile (`seatOps`, bumped with every change of `taken`). A seat is only taken while its
 * sign-up is `seating` and only given back while it is `releasing`, so a sign-up entering or
 * leaving the confirmed ones between the reads is seen in one of the passing reads.
 */
import { ACTIVITY_COLLECTION, PASSING_STATES, SIGNUP_COLLECTION, STALE_AFTER_MS, signupDoc, type ActivityDoc } from '../../../core/domain/service/activities';
import { check, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { fillSeats, move } from './signup';
import { findActivity } from './store';

const countOf = async (db: Database, activityId: string, status: unknown) => (await db.collection(SIGNUP_COLLECTION).where({ activityId, status }).count()).total ?? 0;

/** Flags the activity, then settles its stale passing sign-ups (index activityId_1_status_1_seq_1). */
async function settleStale(db: Database, activityId: string): Promise<void> {
  const _ = db.command;
  const cutoff = new Date(now().getTime() - STALE_AFTER_MS).toISOString();
  const { data } = await db.collection(SIGNUP_COLLECTION).where({ activityId, status: _.in([...PASSING_STATES]), stateAt: _.lt(cutoff) }).limit(100).get();
  const stale = (data as unknown[]).map((d) => signupDoc.parse(d));
  if (!stale.length) return;
  check(await db.collection(ACTIVITY_COLLECTION).doc(activityId).update({ recount: true }));
  for (const s of stale) await move(db, s, s.status === 'seating' ? 'waiting' : 'cancelled');
}

/** Sets `taken` to the confirmed sign-ups and clears the flag, when no seat is changing hands; false: put off. */
async function recount(db: Database, a: ActivityDoc): Promise<boolean> {
  const _ = db.command;
  const passing = _.in([...PASSING_STATES]);
  if ((await countOf(db, a._id, passing)) > 0) return false;
  const confirmed = await countOf(db, a._id, 'confirmed');
  if ((await countOf(db, a._id, passing)) > 0) return false;
  const res = check(
    await db
      .collection(ACTIVITY_COLLECTION)
      .where({ _id: a._id, taken: a.taken, seatOps: a.seatOps })
      .update(confirmed === a.taken ? { recount: false } : { taken: confirmed, seatOps: _.inc(1), recount: false }),
  ) as { updated?: number };
  return res.updated === 1;
}

/** Settles what a crash left, recounts, and gives free seats to the waiting list. */
export async function reconcile(db: Database, activityId: string): Promise<void> {
  await settleStale(db, activityId);
  const a = await findActivity(db, activityId);
  if (!a?.recount || !(await recount(db, a))) return;
  if (a.status === 'open') await fillSeats(db, a);
}

/** The activities with a stale passing sign-up (index status_1_stateAt_1) or a recount put off (recount_1), for the sweep. */
export async function activitiesToReconcile(db: Database, limit: number): Promise<string[]> {
  const _ = db.command;
  const cutoff = new Date(now().getTime() - STALE_AFTER_MS).toISOString();
  const [stale, flagged] = await Promise.all([
    db.collection(SIGNUP_COLLECTION).where({ status: _.in([...PASSING_STATES]), stateAt: _.lt(cutoff) }).field({ activityId: true }).limit(limit).get(),
    db.collection(ACTIVITY_COLLECTION).where({ recount: true }).field({ _id: true }).limit(limit).get(),
  ]);
  return [...new Set([...(stale.data as { activityId: string }[]).map((d) => d.activityId), ...(flagged.data as { _id: string }[]).map((d) => d._id)])];
}
