/**
 * On site: the organiser shows a 6-digit code that changes every 30 seconds (activities.code, with
 * the seconds it has left, and on request the 小程序码 carrying it); attendees type it or scan it
 * (activities.checkin), accepted in its window and the one after; every attempt counts against a
 * per-person limit (`checkinCode`), so codes cannot be guessed (10⁶ of them, two valid at a time).
 * One check-in per person: the write lands only on a confirmed sign-up not checked in yet. With the
 * screen switched to 签退 the same code checks out (activities.checkout, once), which sets the hours
 * finishing credits. The organiser can check in someone without a phone (activities.checkin.proxy),
 * recorded with their name.
 */
import type { z } from 'zod';
import { CHECKIN_PAGE, activitiesCheckin, activitiesCheckinProxy, activitiesCheckout, activitiesCode } from '../../../core/contracts/activities';
import { personDoc, type PersonDoc } from '../../../core/domain/org-model';
import {
  ACTIVITY_COLLECTION,
  CODE_WINDOW_MS,
  SIGNUP_COLLECTION,
  activityDoc,
  checkinCode,
  codeAccepted,
  codeWindow,
  creditedHours,
  parseScene,
  sceneOf,
  secondsLeft,
  type ActivityDoc,
  type SignupDoc,
} from '../../../core/domain/service/activities';
import { AppError, check, COLLECTIONS, log, route, withinLimit, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';
import { now } from '../../lib/clock';
import { wxacodeUnlimited } from '../../lib/wx-api';
import { signUp } from './signup';
import { findActivity, findSignup, requireOrganiser, visible } from './store';

type CodeInput = z.output<typeof activitiesCheckin.input>;

function requireOpen(a: ActivityDoc): void {
  if (a.status !== 'open') throw new AppError('PRECONDITION_FAILED', '这个活动已经结束了');
}

const codeOf = (a: ActivityDoc, window: number) => checkinCode(a.secret, a._id, window);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** The 小程序码 as a data URL (PNG from the stub, JPEG from WeChat), or nothing when WeChat will not make it: the digits still work. */
async function codeImage(db: Database, scene: string): Promise<string | undefined> {
  try {
    const bytes = await wxacodeUnlimited(db, { scene, page: CHECKIN_PAGE, width: 280 });
    return `data:${bytes.subarray(0, 4).equals(PNG) ? 'image/png' : 'image/jpeg'};base64,${bytes.toString('base64')}`;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    log.warn('check-in wxacode not made', { code: err.code, message: err.message });
    return undefined;
  }
}

/**
 * Each screen asks every 30 s; WeChat makes unlimited codes up to 5,000 a minute per mini-program,
 * so the image is made per call rather than cached on the activity (which every sign-up reads).
 */
export const codeRoute = route(activitiesCode, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async (input, { db, person, prefetched }) => {
  const a = requireOrganiser(prefetched, person);
  requireOpen(a);
  const at = now().getTime();
  const window = codeWindow(at);
  const code = codeOf(a, window);
  const scene = sceneOf(a.shortId, code);
  const image = input.image ? await codeImage(db, scene) : undefined;
  return { code, secondsLeft: secondsLeft(at), validUntil: new Date((window + 1) * CODE_WINDOW_MS).toISOString(), scene, ...(image ? { image } : {}) };
});

/** The activity a typed code or a scanned scene names (scene: by its short id, unique index shortId_1). */
async function activityOf(input: CodeInput, db: Database): Promise<ActivityDoc | null> {
  if (input.scene === undefined) return findActivity(db, input.activityId!);
  const parsed = parseScene(input.scene);
  if (!parsed) return null;
  const { data } = await db.collection(ACTIVITY_COLLECTION).where({ shortId: parsed.shortId }).limit(1).get();
  const doc = (data as unknown[])[0];
  return doc ? activityDoc.parse(doc) : null;
}

/** The caller's sign-up, the typed or scanned code checked (every attempt counted); refuses a wrong or old code. */
async function withCode(db: Database, input: CodeInput, a: ActivityDoc, person: PersonDoc): Promise<SignupDoc | null> {
  const signup = await withinLimit(db, 'checkinCode', person._id, findSignup(db, a._id, person._id));
  requireOpen(a);
  const code = input.scene !== undefined ? parseScene(input.scene)!.code : input.code!;
  if (!codeAccepted(a.secret, a._id, code, now().getTime())) {
    const message = input.scene !== undefined ? '这个小程序码已经过期，请扫描现场屏幕上最新的小程序码' : '签到码不对或已过期，请输入现场屏幕上最新的签到码';
    throw new AppError('VALIDATION_ERROR', message, [{ path: input.scene !== undefined ? 'data.scene' : 'data.code', message }]);
  }
  return signup;
}

const checkinAnswer = (a: ActivityDoc, s: SignupDoc, checkedInAt: string, by: 'self' | 'proxy', already: boolean) => ({
  activityId: a._id,
  title: a.title,
  personName: s.personName,
  checkedInAt,
  by,
  already,
  checkedOutAt: s.checkedOutAt,
});

/** Marks the sign-up checked in; `already` when it was before (nothing is written twice). */
async function checkIn(db: Database, a: ActivityDoc, s: SignupDoc | null, by: { kind: 'self' } | { kind: 'proxy'; proxy: PersonDoc }, forWhom: string) {
  if (!s || s.status !== 'confirmed') throw new AppError('PRECONDITION_FAILED', s?.status === 'waiting' || s?.status === 'seating' ? `${forWhom}还在候补名单上，没有报上名` : `${forWhom}没有报名这个活动`);
  if (s.checkedInAt) return checkinAnswer(a, s, s.checkedInAt, s.checkin?.by ?? 'self', true);
  const at = now().toISOString();
  const checkin = by.kind === 'self' ? { by: 'self' as const, proxyId: null, proxyName: null } : { by: 'proxy' as const, proxyId: by.proxy._id, proxyName: by.proxy.name };
  const res = check(
    await db
      .collection(SIGNUP_COLLECTION)
      .where({ _id: s._id, status: 'confirmed', checkedInAt: null })
      .update({ checkedInAt: at, attended: true, checkin: db.command.set(checkin), rev: db.command.inc(1) }),
  ) as { updated?: number };
  if (res.updated === 1) return checkinAnswer(a, s, at, checkin.by, false);
  // another check-in of the same person landed first (or the sign-up changed): answer what is stored
  const fresh = await findSignup(db, s.activityId, s.personId);
  if (fresh?.checkedInAt) return checkinAnswer(a, fresh, fresh.checkedInAt, fresh.checkin?.by ?? 'self', true);
  throw new AppError('CONFLICT', '签到没有成功，请再试一次');
}

const byCode = { access: 'bound' as const, prefetch: activityOf };
const found = (a: ActivityDoc | null, person: PersonDoc, input: CodeInput): ActivityDoc => {
  if (!a && input.scene !== undefined && !parseScene(input.scene)) {
    const message = '无法识别这个小程序码，请扫描现场屏幕上的签到码';
    throw new AppError('VALIDATION_ERROR', message, [{ path: 'data.scene', message }]);
  }
  return visible(a, person);
};

export const checkinRoute = route(activitiesCheckin, byCode, async (input, { db, person, prefetched }) => {
  const a = found(prefetched, person, input);
  return checkIn(db, a, await withCode(db, input, a, person), { kind: 'self' }, '你');
});

/** Checks the caller out once; the answer says the hours finishing will credit. */
export const checkoutRoute = route(activitiesCheckout, byCode, async (input, { db, person, prefetched }) => {
  const a = found(prefetched, person, input);
  const s = await withCode(db, input, a, person);
  if (!s || s.status !== 'confirmed' || !s.checkedInAt) throw new AppError('PRECONDITION_FAILED', '你还没有签到，不能签退');
  const answer = (checkedOutAt: string, already: boolean) => ({ activityId: a._id, title: a.title, checkedOutAt, hours: creditedHours(a.volunteerHours, { checkedInAt: s.checkedInAt, checkedOutAt }), already });
  if (s.checkedOutAt) return answer(s.checkedOutAt, true);
  const at = now().toISOString();
  const res = check(
    await db.collection(SIGNUP_COLLECTION).where({ _id: s._id, status: 'confirmed', checkedInAt: s.checkedInAt, checkedOutAt: null }).update({ checkedOutAt: at, rev: db.command.inc(1) }),
  ) as { updated?: number };
  if (res.updated === 1) return answer(at, false);
  const fresh = await findSignup(db, a._id, person._id);
  if (fresh?.checkedOutAt) return answer(fresh.checkedOutAt, true);
  throw new AppError('CONFLICT', '签退没有成功，请再试一次');
});

export const checkinProxyRoute = route(activitiesCheckinProxy, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async (input, { db, person, prefetched }) => {
  const a = requireOrganiser(prefetched, person);
  requireOpen(a);
  const [signup, attendee] = await Promise.all([findSignup(db, a._id, input.personId), getDoc(db, COLLECTIONS.persons, input.personId, personDoc)]);
  if (!attendee || attendee.communityId !== a.communityId) throw new AppError('NOT_FOUND', '没有找到这位居民');
  // someone without a phone could not sign up: they are added at the door while seats are free
  const absent = !signup || signup.status === 'cancelled';
  if (absent) await signUp(db, a, attendee, input.idempotencyKey, { onSite: true });
  return checkIn(db, a, absent ? await findSignup(db, a._id, input.personId) : signup, { kind: 'proxy', proxy: person }, '这位居民');
});
