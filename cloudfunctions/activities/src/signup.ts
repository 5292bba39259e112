/**
 * activities.signup / activities.cancel. Seats are counted on the activity (`taken`) and only ever
 * taken by a conditional update, `where({ _id, taken: _.lt(capacity) }).update({ taken: _.inc(1) })`,
 * which the database applies to one document atomically: however many sign up at once, no more
 * than `capacity` updates match. Whoever finds it full joins the waiting list. Each person has one
 * sign-up document (its id derives from activity and person), so a second sign-up finds the first.
 *
 * No transaction (200 people contending for one document would mostly retry), so a seat changes
 * hands in steps, and the sign-up says which step it is in before the counter moves:
 * - taking one: the sign-up is written `seating`, then the seat is taken, then it is `confirmed`
 *   (or `waiting` when full); the waiting list's head moves up the same way;
 * - cancelling: the sign-up is written `releasing`, then the seat goes straight to the head of the
 *   waiting list (it is never free while someone waits) or back to the counter, then `cancelled`.
 * A crash leaves the sign-up in its passing state; once stale, `reconcile` (the sweep, or the
 * person's next call) settles it and recounts the seats (reconcile.ts).
 *
 * Every idempotency key that acted on a sign-up is kept on it (`keys`): a retry of an old sign-up
 * or cancellation, however late, answers where the person stands and changes nothing.
 */
import { activitiesCancel, activitiesSignup } from '../../../core/contracts/activities';
import type { PersonDoc } from '../../../core/domain/org-model';
import {
  ACTIVITY_COLLECTION,
  REMIND_BEFORE_MS,
  SIGNUP_COLLECTION,
  STALE_AFTER_MS,
  activityDoc,
  keysWith,
  shownStatus,
  signupDoc,
  signupId,
  signupRefusal,
  waitingOrder,
  type ActivityDoc,
  type SignupDoc,
  type SignupState,
} from '../../../core/domain/service/activities';
import { AppError, check, config, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { reconcile } from './reconcile';
import { findActivity, findSignup, visible, waitingPosition } from './store';

const updated = (res: unknown) => (check(res) as { updated?: number }).updated === 1;

/** One seat, if one is free: the seats taken with it, or null when full. */
async function takeSeat(db: Database, a: ActivityDoc): Promise<number | null> {
  const _ = db.command;
  const res = check(await db.collection(ACTIVITY_COLLECTION).where({ _id: a._id, status: 'open', taken: _.lt(a.capacity) }).updateAndReturn({ taken: _.inc(1), seatOps: _.inc(1) }));
  return res.doc ? activityDoc.parse(res.doc).taken : null;
}

/** Gives a seat back to the counter: the seats taken after. */
export async function giveBackSeat(db: Database, activityId: string): Promise<number | null> {
  const _ = db.command;
  const res = check(await db.collection(ACTIVITY_COLLECTION).where({ _id: activityId, taken: _.gt(0) }).updateAndReturn({ taken: _.inc(-1), seatOps: _.inc(1) }));
  return res.doc ? activityDoc.parse(res.doc).taken : null;
}

/** Moves a sign-up from the status it was read in, over its version; the sign-up after, or null when it changed meanwhile. */
export async function move(db: Database, s: SignupDoc, to: SignupState, extra: Partial<SignupDoc> = {}): Promise<SignupDoc | null> {
  const stateAt = now().toISOString();
  const set = { ...extra, status: to, stateAt };
  const res = await db
    .collection(SIGNUP_COLLECTION)
    .where({ _id: s._id, status: s.status, rev: s.rev })
    .update({ ...set, ...(extra.keys ? { keys: db.command.set(extra.keys) } : {}), rev: db.command.inc(1) });
  return updated(res) ? { ...s, ...set, rev: s.rev + 1 } : null;
}

/** The first on the waiting list (index activityId_1_status_1_seq_1). */
export async function waitingHead(db: Database, activityId: string): Promise<SignupDoc | null> {
  const { data } = await db.collection(SIGNUP_COLLECTION).where({ activityId, status: 'waiting' }).orderBy('seq', 'asc').limit(5).get();
  return waitingOrder((data as unknown[]).map((d) => signupDoc.parse(d)))[0] ?? null;
}

/**
 * Moves waiters up while seats are free; answers who moved up. Each is marked `seating` before
 * the seat is taken, and goes back to its place when the activity turned out full.
 */
export async function fillSeats(db: Database, a: ActivityDoc): Promise<string[]> {
  const moved: string[] = [];
  for (let round = 0; round < 20; round++) {
    const head = await waitingHead(db, a._id);
    if (!head) return moved;
    const seating = await move(db, head, 'seating');
    if (!seating) continue; // someone else moved them, or they cancelled
    if ((await takeSeat(db, a)) === null) {
      await move(db, seating, 'waiting');
      return moved;
    }
    if (await move(db, seating, 'confirmed')) moved.push(head.personId);
    else await giveBackSeat(db, a._id);
  }
  return moved;
}

/** Where the person stands; `taken` as the caller last saw it (the seat they took, or the activity as read). */
async function answer(db: Database, s: SignupDoc, a: ActivityDoc, taken = a.taken) {
  return { status: shownStatus(s.status), waitingPosition: await waitingPosition(db, s), taken, capacity: a.capacity };
}
export type SignupAnswer = Awaited<ReturnType<typeof answer>>;

const passing = (s: SignupDoc) => s.status === 'seating' || s.status === 'releasing';
const stale = (s: SignupDoc) => Date.parse(s.stateAt || s.signedUpAt) < now().getTime() - STALE_AFTER_MS;
const acted = (s: SignupDoc, key: string) => s.key === key || s.keys.includes(key);

/** A sign-up in a passing state: still being worked on (a double tap: wait a moment), or left by a crash (settled). Then the caller reads it again. */
async function settle(db: Database, s: SignupDoc): Promise<void> {
  if (stale(s)) await reconcile(db, s.activityId);
  else await new Promise((resolve) => setTimeout(resolve, 200));
}
const IN_FLIGHT = '你的报名正在办理中，请稍后刷新查看';

interface SignupOptions {
  /** the organiser adds someone at the door (proxy check-in): a seat or nothing, the deadline does not apply */
  onSite?: boolean;
  /** they accepted the reminder prompt */
  remind?: boolean;
}

/** Writes the person's sign-up as `seating`: a new document, or over their cancelled one. null: their other call came first. */
async function writeSeating(db: Database, a: ActivityDoc, person: PersonDoc, before: SignupDoc | null, key: string, remind: boolean): Promise<SignupDoc | null> {
  const at = now();
  const reminding = remind && config().subscribeTemplates.activityReminder !== null;
  const fields = {
    seq: at.getTime() + Math.random(),
    signedUpAt: at.toISOString(),
    key,
    keys: keysWith(before, key),
    reminder: reminding ? ('due' as const) : ('none' as const),
    remindAt: reminding ? new Date(Date.parse(a.startAt) - REMIND_BEFORE_MS).toISOString() : null,
  };
  if (before) return move(db, before, 'seating', fields);
  const doc: SignupDoc = {
    _id: signupId(a._id, person._id),
    activityId: a._id,
    communityId: a.communityId,
    personId: person._id,
    personName: person.name,
    status: 'seating',
    stateAt: at.toISOString(),
    ...fields,
    attended: false,
    checkedInAt: null,
    checkin: null,
    checkedOutAt: null,
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

/**
 * Signs the person up: a seat while one is free, else the waiting list. A first sign-up writes
 * without reading first (its id is known): a duplicate means there is one to read.
 */
export async function signUp(db: Database, a: ActivityDoc, person: PersonDoc, key: string, options: SignupOptions = {}): Promise<SignupAnswer> {
  const refusal = signupRefusal(a, person, options.onSite ? new Date(a.signupDeadline) : now());
  let existing: SignupDoc | null | undefined = refusal ? await findSignup(db, a._id, person._id) : undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (existing) {
      // a retry, or signing up again while signed up (or on the list), answers where they stand
      if (acted(existing, key) || existing.status === 'confirmed' || existing.status === 'waiting') return answer(db, existing, a);
      if (passing(existing)) {
        await settle(db, existing);
        existing = await findSignup(db, a._id, person._id);
        continue;
      }
    }
    if (refusal) throw new AppError('PRECONDITION_FAILED', refusal);
    const seating = await writeSeating(db, a, person, existing ?? null, key, options.remind ?? false);
    if (!seating) {
      existing = await findSignup(db, a._id, person._id);
      continue;
    }
    const taken = await takeSeat(db, a);
    if (taken !== null) {
      const confirmed = await move(db, seating, 'confirmed');
      if (confirmed) return answer(db, confirmed, a, taken);
      // settled as stale by a sweep meanwhile (a call 60 s slow): the seat goes back
      await giveBackSeat(db, a._id);
      throw new AppError('CONFLICT', '报名没有成功，请再试一次');
    }
    if (options.onSite) {
      // nothing happened: the key may act again
      await move(db, seating, 'cancelled', { key: existing?.key ?? '', keys: existing?.keys ?? [] });
      throw new AppError('PRECONDITION_FAILED', '名额已满，不能再加人了');
    }
    const waiting = await move(db, seating, 'waiting');
    if (!waiting) throw new AppError('CONFLICT', '报名没有成功，请再试一次');
    // a seat freed after theirs was refused, while no one was seen waiting, goes to the list's head (perhaps them)
    const [fresh, position] = await Promise.all([findActivity(db, a._id), waitingPosition(db, waiting)]);
    if (!fresh || fresh.taken >= fresh.capacity) return { status: 'waiting', waitingPosition: position, taken: fresh?.taken ?? a.taken, capacity: a.capacity };
    await fillSeats(db, fresh);
    const [mine, after] = await Promise.all([findSignup(db, a._id, person._id), findActivity(db, a._id)]);
    return answer(db, mine ?? waiting, a, after?.taken);
  }
  throw new AppError('CONFLICT', existing && passing(existing) ? IN_FLIGHT : '报名的人太多，请稍后再试');
}

export const signupRoute = route(activitiesSignup, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, (input, { db, person, prefetched }) =>
  signUp(db, visible(prefetched, person), person, input.idempotencyKey, { remind: input.remind }),
);

/** Hands the releasing sign-up's seat to the head of the waiting list; false when nobody waits. */
async function handOver(db: Database, activityId: string): Promise<boolean> {
  for (let round = 0; round < 5; round++) {
    const head = await waitingHead(db, activityId);
    if (!head) return false;
    if (await move(db, head, 'confirmed')) return true;
  }
  return false;
}

/** Cancels the person's sign-up; a seat they held goes to the first on the waiting list. */
export async function cancelSignup(db: Database, a: ActivityDoc, person: PersonDoc, key: string): Promise<SignupAnswer> {
  let last: SignupDoc | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const s = await findSignup(db, a._id, person._id);
    last = s;
    if (!s) throw new AppError('NOT_FOUND', '你没有报名这个活动');
    if (acted(s, key) || s.status === 'cancelled') return answer(db, s, a);
    if (passing(s)) {
      await settle(db, s);
      continue;
    }
    if (s.checkedInAt) throw new AppError('PRECONDITION_FAILED', '你已经签到了，不能取消报名');
    if (a.status !== 'open' || now().toISOString() >= a.startAt) throw new AppError('PRECONDITION_FAILED', '活动已经开始，不能取消报名了');
    const marks = { key, keys: keysWith(s, key) };
    if (s.status === 'waiting') {
      const cancelled = await move(db, s, 'cancelled', marks);
      if (cancelled) return answer(db, cancelled, a);
      continue;
    }
    const releasing = await move(db, s, 'releasing', marks);
    if (!releasing) continue;
    let taken = a.taken;
    if (!(await handOver(db, a._id))) {
      taken = (await giveBackSeat(db, a._id)) ?? taken;
      // someone joined the list after it was read empty: the seat goes to the head
      if (await waitingHead(db, a._id)) {
        await fillSeats(db, { ...a, taken });
        taken = (await findActivity(db, a._id))?.taken ?? taken;
      }
    }
    const cancelled = await move(db, releasing, 'cancelled');
    return answer(db, cancelled ?? { ...releasing, status: 'cancelled' }, a, taken);
  }
  throw new AppError('CONFLICT', last && passing(last) ? IN_FLIGHT : '报名刚刚有了变化，请刷新后再试');
}

export const cancelRoute = route(activitiesCancel, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, (input, { db, person, prefetched }) =>
  cancelSignup(db, visible(prefetched, person), person, input.idempotencyKey),
);
