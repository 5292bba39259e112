/**
 * Subscribe messages for notices. A resident's one-time grants (WeChat's 订阅消息: each accept allows
 * one message) are counted per category on one document per person (`noticeGrants`, `_id` = person
 * id), with the audience keys of where they live (model.ts audienceKeysOf), renewed at each subscribe.
 * Publishing sends one message to each holder in scope with a grant of the notice's category (应急通知:
 * any notice grant), through deliveries (`noticeDeliveries`, `_id` = notice and person): a delivery is
 * claimed by inserting it before anything is spent or sent, so the job, resumed after a crash from its
 * stored cursor, never messages anyone twice.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS, type NoticeCategory } from './blocks';

export const NOTICE_GRANTS_COLLECTION = 'noticeGrants';
export const NOTICE_DELIVERIES_COLLECTION = 'noticeDeliveries';

const counts = z.object(Object.fromEntries(NOTICE_CATEGORIES.map((c) => [c, z.number().int().min(0)])) as Record<NoticeCategory, z.ZodNumber>);
export type GrantCounts = Record<NoticeCategory, number>;
export const NO_GRANTS: GrantCounts = { notice: 0, activity: 0, policy: 0, emergency: 0 };

export const grantDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  openid: z.string(),
  keys: z.array(z.string()),
  counts,
  /** the sum of counts: the fan-out's `> 0` filter */
  total: z.number().int().min(0),
  updatedAt: z.string(),
});
export type GrantDoc = z.infer<typeof grantDoc>;

export const DELIVERY_OUTCOMES = ['sending', 'sent', 'refused', 'failed', 'noGrant'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
export const deliveryDoc = z.object({
  _id: z.string(),
  noticeId: idSchema,
  personId: idSchema,
  outcome: z.enum(DELIVERY_OUTCOMES),
  /** the category whose grant was spent */
  spent: z.enum(NOTICE_CATEGORIES).nullable(),
  errcode: z.number().nullable(),
  at: z.string(),
});
export type DeliveryDoc = z.infer<typeof deliveryDoc>;
export const deliveryId = (noticeId: string, personId: string) => `${noticeId}_${personId}`;

/** The fan-out's progress, on the notice: holders are walked in `_id` order after `cursor`. */
export const fanoutState = z.object({
  status: z.enum(['running', 'done']),
  cursor: z.string(),
  sent: z.number().int(),
  refused: z.number().int(),
  failed: z.number().int(),
  dueAt: z.string().nullable(),
  leaseUntil: z.string(),
});
export type FanoutState = z.infer<typeof fanoutState>;
export const newFanout = (dueAt: string): FanoutState => ({ status: 'running', cursor: '', sent: 0, refused: 0, failed: 0, dueAt, leaseUntil: '' });

/** Which grant a notice spends: its own category's; for 应急通知 the emergency grant first, else the largest other. */
export function grantToSpend(category: NoticeCategory, held: GrantCounts): NoticeCategory | null {
  if (held[category] > 0) return category;
  if (category !== 'emergency') return null;
  const best = NOTICE_CATEGORIES.filter((c) => held[c] > 0).sort((a, b) => held[b] - held[a])[0];
  return best ?? null;
}

/**
 * The template's keywords (the template chosen in 微信公众平台 must have these): thing1 公告标题,
 * phrase2 类别, time3 发布时间. Values within WeChat's limits (thing ≤ 20, phrase ≤ 5 characters).
 */
export function noticeMessageData(n: { title: string; category: NoticeCategory; publishedAt: string }): Record<string, string> {
  const title = [...n.title];
  const at = new Date(Date.parse(n.publishedAt) + 8 * 3600_000).toISOString(); // Asia/Shanghai
  return {
    thing1: title.length > 20 ? `${title.slice(0, 19).join('')}…` : n.title,
    phrase2: NOTICE_CATEGORY_LABELS[n.category],
    time3: `${at.slice(0, 10)} ${at.slice(11, 16)}`,
  };
}

export const NOTICE_PAGE = 'packages/resident/pages/notice/index';
