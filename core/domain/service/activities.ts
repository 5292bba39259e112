/**
 * Activities (活动): created by a branch, a team or staff; residents and members sign up within
 * the capacity or onto a waiting list that moves up when someone cancels; on site they check in
 * with a rotating 6-digit code; finishing awards each attendee once (`activity:<id>:<personId>`)
 * and credits volunteer hours. Pure: documents, the check-in code, the waiting list's order.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { sha256Hex } from '../points/canonical';
import { clip } from '../points/claim-notice';
import { minuteOf } from '../points/periods';

export const ACTIVITY_COLLECTION = 'activities';
export const SIGNUP_COLLECTION = 'activitySignups';
/** 志愿服务 · 参加社区志愿服务活动: the default item attendance earns */
export const DEFAULT_ACTIVITY_ITEM = 'ZY01';

export const ORGANISER_KINDS = ['community', 'branch', 'team'] as const;
export const ACTIVITY_STATUSES = ['open', 'finished'] as const;
export const SIGNUP_STATUSES = ['confirmed', 'waiting', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
/**
 * What is stored: the statuses and two passing ones that mark a seat changing hands, so a crash
 * between the sign-up's write and the counter's leaves a trace (see `reconcile` in the function):
 * `seating` — about to take a seat (from a new sign-up or the waiting list's head);
 * `releasing` — cancelling a confirmed sign-up, its seat not yet handed on or given back.
 */
export const SIGNUP_STATES = [...SIGNUP_STATUSES, 'seating', 'releasing'] as const;
export type SignupState = (typeof SIGNUP_STATES)[number];
export const PASSING_STATES = ['seating', 'releasing'] as const;
/** a passing state older than this belongs to a call that died (the function's timeout is 20 s) */
export const STALE_AFTER_MS = 60_000;
/** What a person is shown: a seat being taken still waits, one being released is gone. */
export const shownStatus = (s: SignupState): SignupStatus => (s === 'seating' ? 'waiting' : s === 'releasing' ? 'cancelled' : s);
/** the day-before reminder: not asked for, due, being sent, how WeChat answered (43101: the grant was gone), or missed (the activity began or ended first) */
export const REMINDER_STATES = ['none', 'due', 'sending', 'sent', 'refused', 'failed', 'missed'] as const;
export const REMIND_BEFORE_MS = 24 * 3_600_000;
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = { confirmed: '已报名', waiting: '候补中', cancelled: '已取消' };

export const activityId = (personId: string, key: string) => `ac_${sha256Hex(`${personId}|${key}`).slice(0, 32)}`;
/** One sign-up document per person and activity: a second sign-up finds the first. */
export const signupId = (activityId: string, personId: string) => `sg_${sha256Hex(`${activityId}|${personId}`).slice(0, 32)}`;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The activity's 10-character id in the check-in 小程序码's scene (62¹⁰ of them; unique index). */
export function shortIdOf(activityId: string): string {
  let n = BigInt(`0x${sha256Hex(`short|${activityId}`).slice(0, 24)}`);
  let out = '';
  for (let i = 0; i < 10; i++, n /= 62n) out += BASE62[Number(n % 62n)];
  return out;
}
/** The scene the check-in 小程序码 carries: short id and code, 16 characters (WeChat allows 32). */
export const sceneOf = (shortId: string, code: string) => `${shortId}${code}`;
export function parseScene(scene: string): { shortId: string; code: string } | null {
  const m = /^([0-9A-Za-z]{10})(\d{6})$/.exec(scene);
  return m ? { shortId: m[1], code: m[2] } : null;
}

export const activityDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  organiser: z.object({ kind: z.enum(ORGANISER_KINDS), id: idSchema, name: z.string() }),
  /** the person who created it: they run it on site */
  organiserId: idSchema,
  organiserName: z.string(),
  title: z.string(),
  description: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  signupDeadline: z.string(),
  /** null: the whole community */
  compoundIds: z.array(idSchema).nullable(),
  itemCode: z.string(),
  volunteerHours: z.number(),
  status: z.enum(ACTIVITY_STATUSES),
  /** seats taken: only ever raised by a conditional `_.inc`, so it never passes `capacity` */
  taken: z.number().int(),
  /** bumped with every change of `taken`: a recount lands only when nothing changed it meanwhile */
  seatOps: z.number().int().default(0),
  /** a crash's leftovers were settled but the seats not yet recounted: the sweep tries again */
  recount: z.boolean().default(false),
  /** in the check-in 小程序码's scene (shortIdOf) */
  shortId: z.string(),
  /** HMAC key of the check-in codes; never leaves the server */
  secret: z.string(),
  summary: z.string().nullable(),
  photos: z.array(z.string()),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  requestHash: z.string(),
  rev: z.number().int(),
});
export type ActivityDoc = z.infer<typeof activityDoc>;

export const signupDoc = z.object({
  _id: z.string(),
  activityId: idSchema,
  communityId: idSchema,
  personId: idSchema,
  personName: z.string(),
  status: z.enum(SIGNUP_STATES),
  /** when it entered its status (a passing one goes stale after STALE_AFTER_MS) */
  stateAt: z.string().default(''),
  /** the waiting list's order: when the person (last) signed up, ms */
  seq: z.number(),
  signedUpAt: z.string(),
  /** projection for the awards' index: checked in */
  attended: z.boolean(),
  checkedInAt: z.string().nullable(),
  checkin: z.object({ by: z.enum(['self', 'proxy']), proxyId: idSchema.nullable(), proxyName: z.string().nullable() }).nullable(),
  checkedOutAt: z.string().nullable().default(null),
  /** the day-before reminder, asked for in the sign-up tap; `remindAt`: a day before the start */
  reminder: z.enum(REMINDER_STATES).default('none'),
  remindAt: z.string().nullable().default(null),
  awarded: z.boolean(),
  /** why no points were booked (a monthly cap reached), if so */
  awardNote: z.string().nullable(),
  /** volunteer hours credited when the activity finished */
  hours: z.number(),
  /** the idempotency key of the sign-up or cancellation that set `status` */
  key: z.string(),
  /** every key that acted on this sign-up (the last KEPT_KEYS): a retry, however late, answers without acting again */
  keys: z.array(z.string()).default([]),
  rev: z.number().int(),
});
export type SignupDoc = z.infer<typeof signupDoc>;

// ---------- the check-in code ----------

export const CODE_WINDOW_MS = 30_000;

export const codeWindow = (atMs: number) => Math.floor(atMs / CODE_WINDOW_MS);

/** Seconds until the window of `atMs` ends (1–30). */
export const secondsLeft = (atMs: number) => Math.ceil(((codeWindow(atMs) + 1) * CODE_WINDOW_MS - atMs) / 1000);

/**
 * The 6-digit code of one 30-second window: HMAC-SHA256 of the activity and window under the
 * activity's secret, dynamically truncated as in RFC 4226 (TOTP's way), so a code says nothing
 * about the next one without the secret.
 */
export function checkinCode(secretHex: string, activityId: string, window: number): string {
  const mac = hmac(sha256, hexToBytes(secretHex), utf8ToBytes(`${activityId}:${window}`));
  const offset = mac[mac.length - 1] & 0x0f;
  const value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(value % 1_000_000).padStart(6, '0');
}

/** The code shown now or in the window before (a code read out just before it changed still works). */
export function codeAccepted(secretHex: string, activityId: string, code: string, atMs: number): boolean {
  const w = codeWindow(atMs);
  return code === checkinCode(secretHex, activityId, w) || code === checkinCode(secretHex, activityId, w - 1);
}

// ---------- check-out, reminder ----------

/**
 * The volunteer hours finishing credits: the activity's, or — when the attendee checked out — the
 * time between check-in and check-out in whole half hours, never more than the activity's.
 */
export function creditedHours(volunteerHours: number, s: Pick<SignupDoc, 'checkedInAt' | 'checkedOutAt'>): number {
  if (!s.checkedInAt || !s.checkedOutAt) return volunteerHours;
  const halfHours = Math.floor((Date.parse(s.checkedOutAt) - Date.parse(s.checkedInAt)) / 1_800_000);
  return Math.min(volunteerHours, Math.max(0, halfHours) / 2);
}

export const ACTIVITY_PAGE = 'packages/service/pages/activity/index';

/**
 * The day-before reminder's keywords (the template chosen in 微信公众平台, e.g. 「活动开始提醒」, must
 * have them): thing1 活动名称, time2 活动时间, thing3 活动地点; thing ≤ 20 characters.
 */
export function reminderData(a: Pick<ActivityDoc, 'title' | 'startAt' | 'place'>): Record<string, string> {
  return { thing1: clip(a.title, 20), time2: minuteOf(a.startAt), thing3: clip(a.place, 20) };
}

// ---------- sign-up ----------

export const KEPT_KEYS = 20;
export const keysWith = (s: Pick<SignupDoc, 'keys'> | null, key: string) => [...(s?.keys ?? []).slice(-(KEPT_KEYS - 1)), key];


/** Why a person may not sign up now, or null. */
export function signupRefusal(a: Pick<ActivityDoc, 'status' | 'signupDeadline' | 'compoundIds' | 'communityId'>, person: { communityId: string | null; compoundId: string | null }, at: Date): string | null {
  if (a.status !== 'open') return '这个活动已经结束了';
  if (at.toISOString() > a.signupDeadline) return '报名已经截止了';
  if (person.communityId !== a.communityId) return '这个活动只面向本社区的居民';
  if (a.compoundIds && (!person.compoundId || !a.compoundIds.includes(person.compoundId))) return '这个活动只面向指定小区的居民';
  return null;
}

/** The waiting list in the order it moves up: first signed up first, ties by person. */
export function waitingOrder<T extends Pick<SignupDoc, 'seq' | 'personId'>>(waiting: T[]): T[] {
  return [...waiting].sort((x, y) => x.seq - y.seq || (x.personId < y.personId ? -1 : x.personId > y.personId ? 1 : 0));
}

