/**
 * 微心愿 (function `wishes`). Every write carries an idempotency key: a retry answers the first
 * result, the same key with other input is IDEMPOTENCY_CONFLICT. The beneficiary's name and home
 * are shown only to the poster, the claimer and staff; the wall shows a masked name.
 */
import { z } from 'zod';
import { defineAction, idSchema, pageInput } from './common';
import { idempotencyKey, photoId } from './points';
import { exportFile } from './points-export';
import { BENEFICIARY_KINDS, MODERATIONS, WISH_CATEGORIES, WISH_EVENTS, WISH_FLAGS, WISH_STATUSES } from '../domain/service/wishes';

const text = (what: string, max: number) =>
  z.string({ error: `${what}必须是文字` }).trim().min(1, `请填写${what}`).max(max, `${what}最多 ${max} 个字`);
const date = z.string({ error: '日期必须是文字' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-12-01');

export const wishCard = z.object({
  id: z.string(),
  category: z.enum(WISH_CATEGORIES),
  text: z.string(),
  neededBy: z.string(),
  compoundName: z.string(),
  /** 李**（独居老人）: never the full name on the wall */
  beneficiary: z.string(),
  proxy: z.boolean(),
  /** the photos this viewer may see (others' only once WeChat's media check passed them) */
  photos: z.array(z.string()),
  /** photos of the wish and its fulfilment still being checked, not shown to this viewer */
  photosUnderReview: z.number().int(),
  status: z.enum(WISH_STATUSES),
  statusLabel: z.string(),
  postedAt: z.string(),
});
export type WishCard = z.infer<typeof wishCard>;

export const wishView = wishCard.extend({
  /** poster, claimer and staff only */
  beneficiaryDetail: z.object({ name: z.string(), householdLabel: z.string(), kind: z.enum(BENEFICIARY_KINDS).nullable() }).nullable(),
  poster: z.string().nullable(),
  claimer: z.object({ id: z.string(), name: z.string() }).nullable(),
  fulfilment: z.object({ at: z.string(), photos: z.array(z.string()), note: z.string() }).nullable(),
  timeline: z.array(z.object({ type: z.enum(WISH_EVENTS), at: z.string(), by: z.string(), reason: z.string().nullable() })),
  moderation: z.enum(MODERATIONS),
  awarded: z.boolean(),
  viewer: z.enum(['poster', 'claimer', 'staff', 'public']),
  can: z.array(z.enum(WISH_EVENTS)),
  /** staff only: photos WeChat wants reviewed or found risky (shown to staff alone, with this mark) */
  photoMarks: z.array(z.object({ fileId: z.string(), mark: z.enum(['review', 'risky']) })),
  /** staff only (null for others): what the sweep raised — 逾期未认领, 已催办 — and how often the claimer was chased */
  flag: z.enum(WISH_FLAGS).nullable(),
  chases: z.number().int(),
  /** the subscribe template a claimer is asked to allow in the claim's tap (the chase message); null: not configured */
  chaseTemplateId: z.string().nullable(),
});
export type WishView = z.infer<typeof wishView>;

export const wishesPost = defineAction(
  'wishes.post',
  z
    .object({
      idempotencyKey,
      category: z.enum(WISH_CATEGORIES, { error: '请选择心愿类别' }),
      text: text('心愿内容', 300),
      neededBy: date,
      photos: z.array(photoId).max(3, '最多 3 张照片').default([]),
      /** a grid worker or building head posting for a resident of their grid or building */
      onBehalfOf: z
        .object({ name: text('受助人姓名', 20), householdId: idSchema, kind: z.enum(BENEFICIARY_KINDS, { error: '请选择受助人情况' }) })
        .strict()
        .optional(),
    })
    .strict(),
  wishView,
);

/** newest first, 20 a page; `hasMore` when another page follows */
export const wishesWall = defineAction(
  'wishes.wall',
  pageInput.extend({ compoundId: idSchema.optional() }).strict().default({ page: 1, pageSize: 20 }),
  z.object({ items: z.array(wishCard), hasMore: z.boolean() }),
);

/** staff: every wish of the community, newest first; by status, by the sweep's flag or held for review (one of them); with the flags' counts */
export const wishesList = defineAction(
  'wishes.list',
  pageInput
    .extend({ status: z.enum(WISH_STATUSES).optional(), flag: z.enum(WISH_FLAGS).optional(), moderation: z.enum(MODERATIONS).optional() })
    .strict()
    .refine((v) => [v.status, v.flag, v.moderation].filter(Boolean).length <= 1, { message: '按状态、提醒或审核筛选，只能选一个', path: ['flag'] })
    .default({ page: 1, pageSize: 20 }),
  z.object({ items: z.array(wishView), hasMore: z.boolean(), counts: z.object({ unclaimed: z.number().int(), chased: z.number().int() }) }),
);

/** A grid worker's or building head's households to post for (代人许愿): the buildings they serve, or the homes of one of them. */
export const wishesHouseholds = defineAction(
  'wishes.households',
  z.object({ buildingId: idSchema.optional() }).strict().default({}),
  z.object({
    buildings: z.array(z.object({ id: z.string(), name: z.string(), compoundName: z.string() })),
    households: z.array(z.object({ id: z.string(), label: z.string() })),
  }),
);

export const wishesGet = defineAction('wishes.get', z.object({ wishId: idSchema }).strict(), wishView);

const act = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
  defineAction(action, z.object({ wishId: idSchema, idempotencyKey, ...shape }).strict(), wishView);

/** `remind`: the claimer allowed the chase message (asked in the tap) */
export const wishesClaim = act('wishes.claim', { remind: z.boolean({ error: '提醒设置必须是是或否' }).default(false) });
export const wishesRelease = act('wishes.release', { reason: text('放弃的原因', 200) });
export const wishesFulfil = act('wishes.fulfil', {
  photos: z.array(photoId).min(1, '请上传一张完成的照片').max(6, '最多 6 张照片'),
  note: z.string({ error: '说明必须是文字' }).trim().max(200, '说明最多 200 个字').default(''),
});
export const wishesConfirm = act('wishes.confirm', {});

/** staff: pass a wish WeChat wanted reviewed onto the wall, or reject it with a reason the poster reads */
export const wishesModerate = defineAction(
  'wishes.moderate',
  z
    .discriminatedUnion(
      'pass',
      [
        z.object({ wishId: idSchema, idempotencyKey, pass: z.literal(true) }).strict(),
        z.object({ wishId: idSchema, idempotencyKey, pass: z.literal(false), reason: text('不通过的原因', 200) }).strict(),
      ],
      { error: '请选择通过或不通过' },
    ),
  wishView,
);

/** staff: every wish of the community as .xlsx (counted under the export limit) */
export const wishesExport = defineAction('wishes.export', z.object({}).strict().default({}), exportFile);

/*
 * Server-only: reached by CloudBase itself, never by the mini-program (not in index.ts).
 */

/** The timer `sweep`: open wishes past their date flagged for staff, claimed ones not fulfilled in time chased. */
export const wishesSweep = defineAction(
  'wishes.sweep',
  z.object({}).strict().default({}),
  z.object({
    examined: z.number().int(),
    flagged: z.number().int(),
    chased: z.number().int(),
    /** chase messages WeChat accepted */
    messages: z.number().int(),
    /** wishes left for the next run after an error */
    failed: z.number().int(),
    /** the run stopped at its time budget with due wishes left */
    more: z.boolean(),
  }),
);
