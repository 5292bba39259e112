/**
 * Requests (报事): 点单 → 派单 → 接单 → 办理 → 反馈 → 评单. Every write carries an idempotency key;
 * a repeat with the same key returns the first result, the same key with other input is
 * IDEMPOTENCY_CONFLICT. What a viewer sees depends on who they are to the request: reporter,
 * handler in scope, or staff; anyone else is told there is no such request.
 */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { idempotencyKey } from './points';
import { REQUEST_CATEGORY_CODES, URGENCIES } from '../domain/requests/categories';
import { REQUEST_STATES, TIMELINE_TYPES } from '../domain/requests/lifecycle';

const photoId = z
  .string({ error: '照片地址必须是文字' })
  .min(1, '照片地址不能为空')
  .max(300, '照片地址过长')
  .regex(/^cloud:\/\/[^/\s]+\/\S+$/, '照片须是在小程序里上传的图片');

export const requestLocation = z.union(
  [
    z.object({ buildingId: idSchema, unitId: idSchema.optional() }).strict(),
    z.object({ area: z.string({ error: '位置必须是文字' }).trim().min(1, '请写明小区里的位置').max(40, '位置最多 40 个字') }).strict(),
  ],
  { error: '请选择楼栋单元，或写明小区里的位置' },
);

export const requestView = z.object({
  id: z.string(),
  category: z.object({ code: z.enum(REQUEST_CATEGORY_CODES), name: z.string() }),
  urgency: z.enum(URGENCIES),
  text: z.string(),
  photos: z.array(z.string()),
  location: z.object({ compoundId: z.string(), buildingId: z.string().nullable(), unitId: z.string().nullable(), area: z.string().nullable(), label: z.string() }),
  status: z.enum(REQUEST_STATES),
  statusLabel: z.string(),
  submittedAt: z.string(),
  /** when the request must be accepted (接单) and resolved (办结) */
  respondBy: z.string(),
  resolveBy: z.string(),
  /** handlers and staff only; the phone masked (138****1234) */
  reporter: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  handler: z.object({ id: z.string(), name: z.string() }).nullable(),
  timeline: z.array(z.object({ at: z.string(), type: z.enum(TIMELINE_TYPES), label: z.string(), from: z.enum(REQUEST_STATES), to: z.enum(REQUEST_STATES) })),
  /** who the caller is to this request */
  viewer: z.enum(['reporter', 'handler', 'staff']),
});
export type RequestView = z.infer<typeof requestView>;

export const requestsSubmit = defineAction(
  'requests.submit',
  z
    .object({
      idempotencyKey,
      category: z.enum(REQUEST_CATEGORY_CODES, { error: '请选择问题类别' }),
      text: z.string({ error: '内容必须是文字' }).trim().min(5, '请把问题写清楚，至少 5 个字').max(500, '内容最多 500 个字'),
      photos: z
        .array(photoId, { error: '照片必须是列表' })
        .max(9, '最多上传 9 张照片')
        .refine((ids) => new Set(ids).size === ids.length, { message: '照片不能重复' })
        .default([]),
      location: requestLocation,
      urgency: z.enum(URGENCIES, { error: '紧急程度只能是一般或紧急' }).default('normal'),
    })
    .strict(),
  requestView,
);

export const requestsAccept = defineAction('requests.accept', z.object({ idempotencyKey, requestId: idSchema }).strict(), requestView);

export const requestsGet = defineAction('requests.get', z.object({ requestId: idSchema }).strict(), requestView);
