/**
 * activities.signup / activities.cancel. Seats are counted on the activity (`taken`) and only ever
 * taken by a conditional update, `where({ _id, taken: _.lt(capacity) }).update({ taken: _.inc(1) })`,
 * which the database applies to one document atomically: however many sign up at once, no more
 * than `capacity` updates match. Whoever finds it full joins the waiting list. Each person has one
 * sign-up document (its id derives from activity and person), so a second sign-up finds the first.
 *
 * The waiting list moves up in `fillSeats`: take a free seat, then hand it to the first waiter (or
 * give it back when there is none or someone else promoted them). It runs after every cancellation
 * and after every new waiter, so a seat freed while someone joined the list is not left empty.
 * Known gap: a crash between taking a seat and writing the sign-up leaves one seat counted that
 * nobody holds (no transaction: 200 people contending for one document would mostly retry).
 */
import { activitiesCancel, activitiesSignup } from '../../../core/contracts/activities';
import type { PersonDoc } from '../../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, signupDoc, signupId, signupRefusal, waitingOrder, type ActivityDoc, type SignupDoc } from '../../../core/domain/service/activities';
import { AppError, check, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { findActivity, findSignup, visible, waitingPosition } from './store';

const updated = (res: unknown) => (check(res) as { updated?: number }).updated === 1;

/** One seat, if one is free: the seats taken with it, or null when full. */
async function takeSeat(db: Database, a: ActivityDoc): Promise<number | null> {
  const res = check(await db.collection(ACTIVITY_COLLECTION).where({ _id: a._id, status: 'open', taken: db.command.lt(a.capacity) }).updateAndReturn({ taken: db.command.inc(1) }));
  return res.doc ? activityDoc.parse(res.doc).taken : null;
}
const giveBackSeat = async (db: Database, a: ActivityDoc) => check(await db.collection(ACTIVITY_COLLECTION).doc(a._id).update({ taken: db.command.inc(-1) }));

/**
 * Moves waiters up while seats are free (index activityId_1_status_1_seq_1); answers who moved up.
 * The list's head is read before a seat is taken: taking one first would, with nobody waiting,
 * hold it a moment for nobody, and a newcomer refused in that moment could be left waiting beside
 * a free seat.
 */
export async function fillSeats(db: Database, a: ActivityDoc): Promise<string[]> {
  const moved: string[] = [];
  for (let round = 0; round < 20; round++) {
    const { data } = await db.collection(SIGNUP_COLLECTION).where({ activityId: a._id, status: 'waiting' }).orderBy('seq', 'asc').limit(5).get();
    const first = waitingOrder((data as unknown[]).map((d) => signupDoc.parse(d)))[0];
    if (!first || (await takeSeat(db, a)) === null) return moved;
    const promoted = await db.collection(SIGNUP_COLLECTION).where({ _id: first._id, status: 'waiting', rev: first.rev }).update({ status: 'confirmed', rev: db.command.inc(1) });
    if (updated(promoted)) moved.push(first.personId);
    else await giveBackSeat(db, a);
  }
  return moved;
}

/** Where the person stands; `taken` as the caller last saw it (the seat they took, or the activity as read). */
async function answer(db: Database, s: SignupDoc, a: ActivityDoc, taken = a.taken) {
  return { status: s.status, waitingPosition: await waitingPosition(db, s), taken, capacity: a.capacity };
}

/** Writes the person's sign-up as `status`: a new document, or their cancelled one over its version. false: someone else's write came first. */
async function writeSignup(db: Database, a: ActivityDoc, person: PersonDoc, status: 'confirmed' | 'waiting', before: SignupDoc | null, key: string): Promise<SignupDoc | null> {
  const at = now();
  const fields = { status, seq: at.getTime() + Math.random(), signedUpAt: at.toISOString(), key };
  if (before) {
    const ok = updated(await db.collection(SIGNUP_COLLECTION).where({ _id: before._id, status: 'cancelled', rev: before.rev }).update({ ...fields, rev: db.command.inc(1) }));
    return ok ? { ...before, ...fields, rev: before.rev + 1 } : null;
  }
  const doc: SignupDoc = {
    _id: signupId(a._id, person._id),
    activityId: a._id,
    communityId: a.communityId,
    personId: person._id,
    personName: person.name,
    ...fields,
    attended: false,
    checkedInAt: null,
    checkin: null,
    awarded: false,
    awardNote: null,
    hours: 0,
    rev: 0,
  };
  try {
    check(await db.collection(SIGNUP_COLLECTION).add(doc));
    return doc;
  } catch (err) {
    if (isDuplicate(err)) return null;
    throw err;
  }
}

export type SignupAnswer = Awaited<ReturnType<typeof answer>>;

/**
 * Signs the person up: a seat while one is free, else the waiting list. `onSite`: the organiser
 * adds someone at the door (proxy check-in): a seat or nothing, the deadline does not apply.
 */
export async function signUp(db: Database, a: ActivityDoc, person: PersonDoc, key: string, onSite = false): Promise<SignupAnswer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findSignup(db, a._id, person._id);
    // a retry, or signing up again while signed up (or on the list), answers where they stand
    if (existing && (existing.status !== 'cancelled' || existing.key === key)) return answer(db, existing, a);
    const refusal = signupRefusal(a, person, onSite ? new Date(a.signupDeadline) : now());
    if (refusal) throw new AppError('PRECONDITION_FAILED', refusal);
    const taken = await takeSeat(db, a);
    if (taken === null && onSite) throw new AppError('PRECONDITION_FAILED', '名额已满，不能再加人了');
    const written = await writeSignup(db, a, person, taken !== null ? 'confirmed' : 'waiting', existing, key);
    if (written && taken !== null) return answer(db, written, a, taken);
    if (written) {
      // a seat may have come free meanwhile: the list moves up, perhaps to them
      const moved = await fillSeats(db, a);
      if (!moved.length) return answer(db, written, a);
      const [mine, activity] = await Promise.all([findSignup(db, a._id, person._id), findActivity(db, a._id)]);
      return answer(db, mine ?? written, a, activity?.taken);
    }
    // their other sign-up (a double tap) landed first: the seat goes back
    if (taken !== null) await giveBackSeat(db, a);
  }
  throw new AppError('CONFLICT', '报名的人太多，请稍后再试');
}

export const signupRoute = route(activitiesSignup, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, (input, { db, person, prefetched }) =>
  signUp(db, visible(prefetched, person), person, input.idempotencyKey),
);

/** Cancels the person's sign-up; a seat they held goes to the first on the waiting list. */
export async function cancelSignup(db: Database, a: ActivityDoc, person: PersonDoc, key: string): Promise<SignupAnswer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const s = await findSignup(db, a._id, person._id);
    if (!s) throw new AppError('NOT_FOUND', '你没有报名这个活动');
    if (s.status === 'cancelled' || s.key === key) return answer(db, s, a);
    if (s.checkedInAt) throw new AppError('PRECONDITION_FAILED', '你已经签到了，不能取消报名');
    if (a.status !== 'open' || now().toISOString() >= a.startAt) throw new AppError('PRECONDITION_FAILED', '活动已经开始，不能取消报名了');
    const cancelled = updated(await db.collection(SIGNUP_COLLECTION).where({ _id: s._id, status: s.status, rev: s.rev }).update({ status: 'cancelled', key: key, rev: db.command.inc(1) }));
    if (!cancelled) continue;
    if (s.status !== 'confirmed') return answer(db, { ...s, status: 'cancelled' }, a);
    await giveBackSeat(db, a);
    await fillSeats(db, a);
    return answer(db, { ...s, status: 'cancelled' }, a, (await findActivity(db, a._id))?.taken);
  }
  throw new AppError('CONFLICT', '报名刚刚有了变化，请刷新后再试');
}

export const cancelRoute = route(activitiesCancel, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, (input, { db, person, prefetched }) =>
  cancelSignup(db, visible(prefetched, person), person, input.idempotencyKey),
);
