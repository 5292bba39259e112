/**
 * On site: the organiser shows a 6-digit code that changes every 30 seconds (activities.code, with
 * the seconds it has left); attendees type it (activities.checkin), accepted in its window and the
 * one after; every attempt counts against a per-person limit (`checkinCode`), so codes cannot be
 * guessed (10⁶ of them, two valid at a time). One check-in per person: the write lands only on a
 * confirmed sign-up not checked in yet. The organiser can check in someone without a phone
 * (activities.checkin.proxy), recorded with their name.
 */
import { activitiesCheckin, activitiesCheckinProxy, activitiesCode } from '../../../core/contracts/activities';
import { personDoc, type PersonDoc } from '../../../core/domain/org-model';
import { CODE_WINDOW_MS, SIGNUP_COLLECTION, checkinCode, codeAccepted, codeWindow, secondsLeft, type ActivityDoc, type SignupDoc } from '../../../core/domain/service/activities';
import { AppError, check, COLLECTIONS, route, withinLimit, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';
import { now } from '../../lib/clock';
import { signUp } from './signup';
import { findActivity, findSignup, requireOrganiser, visible } from './store';

const prefetch = (input: { activityId: string }, db: Database) => findActivity(db, input.activityId);

function requireOpen(a: ActivityDoc): void {
  if (a.status !== 'open') throw new AppError('PRECONDITION_FAILED', '这个活动已经结束了');
}

export const codeRoute = route(activitiesCode, { access: 'bound', prefetch }, async (_input, { person, prefetched }) => {
  const a = requireOrganiser(prefetched, person);
  requireOpen(a);
  const at = now().getTime();
  const window = codeWindow(at);
  return { code: checkinCode(a.secret, a._id, window), secondsLeft: secondsLeft(at), validUntil: new Date((window + 1) * CODE_WINDOW_MS).toISOString() };
});

/** Marks the sign-up checked in; `already` when it was before (nothing is written twice). */
async function checkIn(db: Database, s: SignupDoc | null, by: { kind: 'self' } | { kind: 'proxy'; proxy: PersonDoc }, forWhom: string) {
  if (!s || s.status !== 'confirmed') throw new AppError('PRECONDITION_FAILED', s?.status === 'waiting' ? `${forWhom}还在候补名单上，没有报上名` : `${forWhom}没有报名这个活动`);
  if (s.checkedInAt) return { personName: s.personName, checkedInAt: s.checkedInAt, by: s.checkin?.by ?? 'self', already: true };
  const at = now().toISOString();
  const checkin = by.kind === 'self' ? { by: 'self' as const, proxyId: null, proxyName: null } : { by: 'proxy' as const, proxyId: by.proxy._id, proxyName: by.proxy.name };
  const res = check(
    await db
      .collection(SIGNUP_COLLECTION)
      .where({ _id: s._id, status: 'confirmed', checkedInAt: null })
      .update({ checkedInAt: at, attended: true, checkin: db.command.set(checkin), rev: db.command.inc(1) }),
  ) as { updated?: number };
  if (res.updated === 1) return { personName: s.personName, checkedInAt: at, by: checkin.by, already: false };
  // another check-in of the same person landed first (or the sign-up changed): answer what is stored
  const fresh = await findSignup(db, s.activityId, s.personId);
  if (fresh?.checkedInAt) return { personName: fresh.personName, checkedInAt: fresh.checkedInAt, by: fresh.checkin?.by ?? 'self', already: true };
  throw new AppError('CONFLICT', '签到没有成功，请再试一次');
}

export const checkinRoute = route(activitiesCheckin, { access: 'bound', prefetch }, async (input, { db, person, prefetched }) => {
  const a = visible(prefetched, person);
  const signup = await withinLimit(db, 'checkinCode', person._id, findSignup(db, a._id, person._id));
  requireOpen(a);
  if (!codeAccepted(a.secret, a._id, input.code, now().getTime())) {
    const message = '签到码不对或已过期，请输入现场屏幕上最新的签到码';
    throw new AppError('VALIDATION_ERROR', message, [{ path: 'data.code', message }]);
  }
  return checkIn(db, signup, { kind: 'self' }, '你');
});

export const checkinProxyRoute = route(activitiesCheckinProxy, { access: 'bound', prefetch }, async (input, { db, person, prefetched }) => {
  const a = requireOrganiser(prefetched, person);
  requireOpen(a);
  const [signup, attendee] = await Promise.all([findSignup(db, a._id, input.personId), getDoc(db, COLLECTIONS.persons, input.personId, personDoc)]);
  if (!attendee || attendee.communityId !== a.communityId) throw new AppError('NOT_FOUND', '没有找到这位居民');
  // someone without a phone could not sign up: they are added at the door while seats are free
  if (!signup || signup.status === 'cancelled') await signUp(db, a, attendee, input.idempotencyKey, true);
  const current = !signup || signup.status === 'cancelled' ? await findSignup(db, a._id, input.personId) : signup;
  return checkIn(db, current, { kind: 'proxy', proxy: person }, '这位居民');
});
