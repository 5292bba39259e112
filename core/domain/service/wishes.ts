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

export const WISH_COLLECTION = 'wishes';
/** 爱心帮扶 · 认领并完成微心愿 (tools/seed/points-catalogue.ts) */
export const WISH_POINTS_ITEM = 'BF02';

export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'confirmed'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_STATUS_LABELS: Record<WishStatus, string> = { open: '待认领', claimed: '已认领', fulfilled: '待确认', confirmed: '已完成' };
export const WISH_CATEGORIES = ['生活物品', '学习用品', '助老服务', '医疗健康', '陪伴关怀', '其他'] as const;
export const BENEFICIARY_KINDS = ['独居老人', '儿童', '困难家庭', '残疾人', '其他'] as const;
export const MODERATIONS = ['pass', 'review', 'rejected'] as const;
export const WISH_EVENTS = ['post', 'moderate', 'claim', 'release', 'fulfil', 'confirm'] as const;
export type WishEventType = (typeof WISH_EVENTS)[number];

export const wishId = (posterId: string, key: string) => `ws_${sha256Hex(`${posterId}|${key}`).slice(0, 32)}`;

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
  /** WeChat's verdict on the text: `review` is held off the wall until staff pass or reject it */
  moderation: z.enum(MODERATIONS),
  status: z.enum(WISH_STATUSES),
  /** projection for the wall's index: open and passed */
  onWall: z.boolean(),
  claimerId: idSchema.nullable(),
  claimerName: z.string().nullable(),
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
  | { type: 'claim' }
  | { type: 'release'; reason: string }
  | { type: 'fulfil'; photos: string[]; note: string }
  | { type: 'confirm' };

export type WishRefusal = { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'PRECONDITION_FAILED'; message: string };
export type WishTransition = { ok: true; changes: Partial<WishDoc>; entry: Omit<WishEntry, 'key' | 'actorName'> } | WishRefusal;

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
      return { ok: true, changes: { status: 'claimed', claimerId: actor.personId, claimerName: actor.name }, entry: entry() };
    case 'release':
      if (!isClaimer && !actor.staff) return refuse('FORBIDDEN', '只有认领人可以放弃这个心愿');
      if (w.status !== 'claimed') return refuse('CONFLICT', '这个心愿现在不是认领状态');
      return { ok: true, changes: { status: 'open', claimerId: null, claimerName: null }, entry: entry(event.reason) };
    case 'fulfil':
      if (!isClaimer) return refuse('FORBIDDEN', '只有认领人可以登记完成');
      if (w.status !== 'claimed') return refuse('CONFLICT', '这个心愿现在不能登记完成');
      return {
        ok: true,
        changes: { status: 'fulfilled', fulfilment: { at: at.toISOString(), photos: event.photos, note: event.note } },
        entry: entry(event.note || null, event.photos),
      };
    case 'confirm':
      if (w.posterId !== actor.personId) return refuse('FORBIDDEN', w.proxy ? '由代为发布心愿的工作人员确认' : '只有发布心愿的居民可以确认');
      if (w.status !== 'fulfilled') return refuse('CONFLICT', w.status === 'confirmed' ? '这个心愿已经确认过了' : '认领人还没有登记完成');
      return { ok: true, changes: { status: 'confirmed' }, entry: entry() };
  }
}

/** Fields that follow from the others: rewritten with every change. */
export const wishProjections = (w: Pick<WishDoc, 'status' | 'moderation'>) => ({ onWall: w.status === 'open' && w.moderation === 'pass' });

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
  const probes: WishEvent[] = [{ type: 'moderate', pass: true, reason: '' }, { type: 'claim' }, { type: 'release', reason: '-' }, { type: 'fulfil', photos: [], note: '' }, { type: 'confirm' }];
  return probes.filter((e) => wishTransition(w, e, actor, at).ok).map((e) => e.type);
}
