/**
 * 微心愿: a resident (or a grid worker / building head for them: proxy) posts a small wish; a party
 * member or leader claims it, fulfils it offline with a photo, and whoever posted it confirms, which
 * books the claimer's points once (`wish:<id>:fulfilled`). Pure: the states, who may do what, what
 * each viewer sees.
 *
 *   open ──claim──▶ claimed ──fulfil──▶ fulfilled ──confirm──▶ confirmed
 *     ▲──release (reason)──┘
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { maskName } from '../masking';
import { sha256Hex } from '../points/canonical';
import { BENEFICIARY_KINDS, MODERATIONS, WISH_CATEGORIES, WISH_EVENTS, WISH_FLAGS, WISH_STATUSES, type WishEventType, type WishFlag } from '../../labels/wishes';

export const WISH_COLLECTION = 'wishes';
/** 爱心帮扶 · 认领并完成微心愿 (tools/seed/points-catalogue.ts) */
export const WISH_POINTS_ITEM = 'BF02';

export {
  BENEFICIARY_KINDS,
  MODERATIONS,
  WISH_CATEGORIES,
  WISH_EVENTS,
  WISH_FLAGS,
  WISH_STATUSES,
  WISH_STATUS_LABELS,
  type WishEventType,
  type WishFlag,
  type WishStatus,
} from '../../labels/wishes';

const DAY_MS = 86_400_000;
/** a claim made after the wish's date gets this long before it is chased */
export const CHASE_AFTER_LATE_CLAIM_DAYS = 7;
/** chases of one claim are this far apart */
export const CHASE_EVERY_DAYS = 3;

export const wishId = (posterId: string, key: string) => `ws_${sha256Hex(`${posterId}|${key}`).slice(0, 32)}`;

const mediaCheck = z.object({ fileId: z.string(), uploaderId: idSchema, traceId: z.string().nullable() });
export type WishMediaCheck = z.infer<typeof mediaCheck>;

const timelineEntry = z.object({
  type: z.enum(WISH_EVENTS),
  at: z.string(),
  actorId: idSchema,
  actorName: z.string(),
  /** the caller's idempotency key: a retry finds its own entry */
  key: z.string(),
  reason: z.string().nullable(),
  photos: z.array(z.string()),
});
export type WishEntry = z.infer<typeof timelineEntry>;

export const wishDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  compoundName: z.string(),
  posterId: idSchema,
  posterName: z.string(),
  /** posted by a grid worker or building head on behalf of the beneficiary */
  proxy: z.boolean(),
  beneficiary: z.object({ name: z.string(), householdId: idSchema, householdLabel: z.string(), kind: z.enum(BENEFICIARY_KINDS).nullable() }),
  category: z.enum(WISH_CATEGORIES),
  text: z.string(),
  /** YYYY-MM-DD, Shanghai */
  neededBy: z.string(),
  photos: z.array(z.string()),
  /**
   * WeChat's asynchronous media check of every photo (the wish's and the fulfilment's): the trace id
   * its verdict is recorded under in `mediaVerdicts` (null: the check could not be started). A photo
   * is shown to others only once its verdict is `pass` (wishPhotos).
   */
  mediaChecks: z.array(mediaCheck).default([]),
  /** WeChat's verdict on the text: `review` is held off the wall until staff pass or reject it */
  moderation: z.enum(MODERATIONS),
  status: z.enum(WISH_STATUSES),
  /** projection for the wall's index: open and passed */
  onWall: z.boolean(),
  claimerId: idSchema.nullable(),
  claimerName: z.string().nullable(),
  claimedAt: z.string().nullable().default(null),
  /** the claimer allowed one chase message when claiming (wishes.claim `remind`); spent by the first */
  chaseGrant: z.boolean().default(false),
  /** set by the sweep when the wish was still open after its date; cleared by a claim */
  overdueSince: z.string().nullable().default(null),
  /** the sweep's chases of the current claim, and the last one's time */
  chases: z.number().int().default(0),
  chasedAt: z.string().nullable().default(null),
  /** projection for staff's flagged lists (index communityId_1_flag_1_postedAt_-1) */
  flag: z.enum(WISH_FLAGS).nullable().default(null),
  /** projection: when the sweep must look at the wish next (index nextCheckAt_1); null: never */
  nextCheckAt: z.string().nullable().default(null),
  fulfilment: z.object({ at: z.string(), photos: z.array(z.string()), note: z.string() }).nullable(),
  /** the claimer's points are booked (set after the ledger answered) */
  awarded: z.boolean(),
  postedAt: z.string(),
  timeline: z.array(timelineEntry),
  requestHash: z.string(),
  rev: z.number().int(),
});
export type WishDoc = z.infer<typeof wishDoc>;

/** Who acts on a wish: from their person, for the wish's community. */
export interface WishActor {
  personId: string;
  name: string;
  /** a party member or a leader of the wish's community */
  mayServe: boolean;
  staff: boolean;
}

export type WishEvent =
  | { type: 'moderate'; pass: boolean; reason: string }
  | { type: 'claim'; remind: boolean }
  | { type: 'release'; reason: string }
  | { type: 'fulfil'; photos: string[]; note: string }
  | { type: 'confirm' };

export type WishRefusal = { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'PRECONDITION_FAILED'; message: string };
export type WishTransition = { ok: true; changes: Partial<WishDoc>; entry: Omit<WishEntry, 'key' | 'actorName'> } | WishRefusal;

const NOT_CHASED = { chases: 0, chasedAt: null } as const;

const refuse = (code: WishRefusal['code'], message: string): WishRefusal => ({ ok: false, code, message });

/** The change `event` makes, or why it may not happen now. */
export function wishTransition(w: WishDoc, event: WishEvent, actor: WishActor, at: Date): WishTransition {
  const entry = (reason: string | null = null, photos: string[] = []) => ({ type: event.type, at: at.toISOString(), actorId: actor.personId, reason, photos });
  const isClaimer = w.claimerId === actor.personId;
  switch (event.type) {
    case 'moderate':
      if (!actor.staff) return refuse('FORBIDDEN', '只有社区工作人员可以审核心愿');
      if (w.moderation !== 'review') return refuse('CONFLICT', '这个心愿不在待审核状态');
      return { ok: true, changes: { moderation: event.pass ? 'pass' : 'rejected' }, entry: entry(event.reason || null) };
    case 'claim':
      if (!actor.mayServe) return refuse('FORBIDDEN', '只有党员和红色近邻长可以认领微心愿');
      if (w.posterId === actor.personId) return refuse('FORBIDDEN', '不能认领自己发布的心愿');
      if (w.status !== 'open') return refuse('CONFLICT', w.status === 'claimed' ? `这个心愿已由${w.claimerName ?? '其他人'}认领` : '这个心愿已经有人在办了');
      if (w.moderation !== 'pass') return refuse('PRECONDITION_FAILED', w.moderation === 'review' ? '这个心愿还在审核中' : '这个心愿没有通过审核');
      return {
        ok: true,
        changes: { status: 'claimed', claimerId: actor.personId, claimerName: actor.name, claimedAt: at.toISOString(), chaseGrant: event.remind, overdueSince: null, ...NOT_CHASED },
        entry: entry(),
      };
    case 'release':
      if (!isClaimer && !actor.staff) return refuse('FORBIDDEN', '只有认领人可以放弃这个心愿');
      if (w.status !== 'claimed') return refuse('CONFLICT', '这个心愿现在不是认领状态');
      return { ok: true, changes: { status: 'open', claimerId: null, claimerName: null, claimedAt: null, chaseGrant: false, ...NOT_CHASED }, entry: entry(event.reason) };
    case 'fulfil':
      if (!isClaimer) return refuse('FORBIDDEN', '只有认领人可以登记完成');
      if (w.status !== 'claimed') return refuse('CONFLICT', '这个心愿现在不能登记完成');
      return {
        ok: true,
        changes: { status: 'fulfilled', chaseGrant: false, fulfilment: { at: at.toISOString(), photos: event.photos, note: event.note } },
        entry: entry(event.note || null, event.photos),
      };
    case 'confirm':
      if (w.posterId !== actor.personId) return refuse('FORBIDDEN', w.proxy ? '由代为发布心愿的工作人员确认' : '只有发布心愿的居民可以确认');
      if (w.status !== 'fulfilled') return refuse('CONFLICT', w.status === 'confirmed' ? '这个心愿已经确认过了' : '认领人还没有登记完成');
      return { ok: true, changes: { status: 'confirmed' }, entry: entry() };
  }
}

type Watched = Pick<WishDoc, 'status' | 'moderation' | 'neededBy' | 'claimedAt' | 'overdueSince' | 'chases' | 'chasedAt'>;

/** The end of the wish's date in Shanghai (no daylight saving): from then on it is late. */
export const deadlineOf = (neededBy: string) => new Date(Date.parse(`${neededBy}T00:00:00+08:00`) + DAY_MS);

/** When a claim not yet fulfilled is chased first: at the wish's date, or a week after a claim made later than that. */
function firstChaseAt(w: Pick<WishDoc, 'neededBy' | 'claimedAt'>): Date {
  const deadline = deadlineOf(w.neededBy);
  const claimed = Date.parse(w.claimedAt ?? '');
  return Number.isNaN(claimed) || claimed < deadline.getTime() ? deadline : new Date(claimed + CHASE_AFTER_LATE_CLAIM_DAYS * DAY_MS);
}

/** When the sweep must next look at the wish, or null: an open wish until flagged, a claimed one until fulfilled. */
export function nextCheckOf(w: Watched): string | null {
  if (w.status === 'open') return w.moderation === 'rejected' || w.overdueSince ? null : deadlineOf(w.neededBy).toISOString();
  if (w.status !== 'claimed') return null;
  if (w.chasedAt) return new Date(Date.parse(w.chasedAt) + CHASE_EVERY_DAYS * DAY_MS).toISOString();
  return firstChaseAt(w).toISOString();
}

const flagOf = (w: Watched): WishFlag | null => (w.status === 'open' && w.overdueSince ? 'unclaimed' : w.status === 'claimed' && w.chases > 0 ? 'chased' : null);

/** Fields that follow from the others: rewritten with every change. */
export const wishProjections = (w: Watched) => ({ onWall: w.status === 'open' && w.moderation === 'pass', flag: flagOf(w), nextCheckAt: nextCheckOf(w) });

/**
 * What the sweep does to a wish whose check is due at `at`: flag it 逾期未认领, or chase its claimer
 * (with the one message they allowed, if any). Null: nothing is due (someone changed it meanwhile).
 */
export function sweepStep(w: WishDoc, at: Date): { kind: 'flag' | 'chase' | 'clear'; changes: Partial<WishDoc>; message: boolean } | null {
  if (w.nextCheckAt === null || w.nextCheckAt > at.toISOString()) return null;
  if (w.status === 'open') {
    const changes: Partial<WishDoc> = { overdueSince: at.toISOString() };
    return { kind: 'flag', changes: { ...changes, ...wishProjections({ ...w, ...changes }) }, message: false };
  }
  if (w.status === 'claimed') {
    const changes: Partial<WishDoc> = { chases: w.chases + 1, chasedAt: at.toISOString(), chaseGrant: false };
    return { kind: 'chase', changes: { ...changes, ...wishProjections({ ...w, ...changes }) }, message: w.chaseGrant };
  }
  return { kind: 'clear', changes: wishProjections(w), message: false };
}

/** The chase message's keywords (template 「待办事项提醒」-like: 事项 thing1, 截止日期 date2, 提示 thing3); each within WeChat's limits. */
export function chaseMessageData(w: Pick<WishDoc, 'text' | 'neededBy'>): Record<string, string> {
  const text = [...w.text];
  return { thing1: text.length > 20 ? `${text.slice(0, 19).join('')}…` : w.text, date2: w.neededBy, thing3: '认领的微心愿还没登记完成' };
}

export type PhotoMark = 'review' | 'risky';
export type MediaVerdictOf = (traceId: string) => 'pass' | 'review' | 'risky' | undefined;

/**
 * Which photos a viewer sees: their own uploads always, others' only once WeChat passed them; staff
 * also see those held for review or found risky, marked. Pending ones are counted, not shown.
 */
export function wishPhotos(w: Pick<WishDoc, 'mediaChecks'>, viewerId: string, staff: boolean, verdictOf: MediaVerdictOf) {
  const checks = new Map(w.mediaChecks.map((c) => [c.fileId, c]));
  const marks: { fileId: string; mark: PhotoMark }[] = [];
  let underReview = 0;
  const seen = new Set<string>();
  const visible = (fileId: string): boolean => {
    const c = checks.get(fileId);
    if (!c || c.uploaderId === viewerId) return true; // photos from before the media check, and one's own
    const verdict = c.traceId ? verdictOf(c.traceId) : undefined;
    if (verdict === 'pass') return true;
    const first = !seen.has(fileId);
    seen.add(fileId);
    if (staff && (verdict === 'review' || verdict === 'risky')) {
      if (first) marks.push({ fileId, mark: verdict });
      return true;
    }
    if (first && verdict !== 'risky') underReview += 1;
    return false;
  };
  return { visible, marks: () => marks, underReview: () => underReview };
}

export type WishViewer = 'poster' | 'claimer' | 'staff' | 'public';

/** Staff, the poster and the claimer see the beneficiary; everyone else a masked name. */
export function wishViewer(w: Pick<WishDoc, 'posterId' | 'claimerId' | 'communityId'>, actor: WishActor): WishViewer {
  if (w.posterId === actor.personId) return 'poster';
  if (w.claimerId !== null && w.claimerId === actor.personId) return 'claimer';
  return actor.staff ? 'staff' : 'public';
}

/** 李秀兰 → 李**; a proxy's wish for 冯建平 (独居老人) → 冯**（独居老人） */
export const maskedBeneficiary = (b: WishDoc['beneficiary']) => `${maskName(b.name)}${b.kind ? `（${b.kind}）` : ''}`;

/** What the viewer may do now: the transitions that would pass (payloads only need to be valid). */
export function wishCan(w: WishDoc, actor: WishActor, at: Date): WishEventType[] {
  const probes: WishEvent[] = [{ type: 'moderate', pass: true, reason: '' }, { type: 'claim', remind: false }, { type: 'release', reason: '-' }, { type: 'fulfil', photos: [], note: '' }, { type: 'confirm' }];
  return probes.filter((e) => wishTransition(w, e, actor, at).ok).map((e) => e.type);
}
