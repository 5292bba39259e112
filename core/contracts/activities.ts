/**
 * Activities (function `activities`). Every write carries an idempotency key. The check-in code
 * rotates every 30 seconds; the secret it derives from never leaves the server.
 */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { idempotencyKey, photoId, ruleCode } from './points';
import { exportFile } from './points-export';
import { SIGNUP_STATUSES } from '../domain/service/activities';

const text = (what: string, max: number) =>
  z.string({ error: `${what}必须是文字` }).trim().min(1, `请填写${what}`).max(max, `${what}最多 ${max} 个字`);
const instant = (what: string) => z.iso.datetime({ offset: true, error: `${what}须是带时区的时间，如 2026-12-05T09:00:00+08:00` });
const activityRef = { activityId: idSchema };

export const organiserInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('community') }).strict(),
    z.object({ kind: z.literal('branch'), branchId: idSchema }).strict(),
    z.object({ kind: z.literal('team'), teamId: idSchema }).strict(),
  ],
  { error: '请选择以社区、支部还是服务队的名义组织' },
);

export const activityView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  organiser: z.object({ kind: z.enum(['community', 'branch', 'team']), id: z.string(), name: z.string() }),
  startAt: z.string(),
  endAt: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  taken: z.number().int(),
  signupDeadline: z.string(),
  compoundIds: z.array(z.string()).nullable(),
  itemCode: z.string(),
  volunteerHours: z.number(),
  status: z.enum(['open', 'finished']),
  summary: z.string().nullable(),
  photos: z.array(z.string()),
  /** the caller's sign-up; `waitingPosition` from 1 while on the waiting list */
  mine: z
    .object({ status: z.enum(SIGNUP_STATUSES), waitingPosition: z.number().int().nullable(), checkedInAt: z.string().nullable() })
    .nullable(),
  /** the caller runs it: shows the code, checks people in, finishes it */
  organising: z.boolean(),
});
export type ActivityView = z.infer<typeof activityView>;

export const activitiesCreate = defineAction(
  'activities.create',
  z
    .object({
      idempotencyKey,
      organiser: organiserInput,
      title: text('活动名称', 40),
      description: text('活动介绍', 1000),
      startAt: instant('开始时间'),
      endAt: instant('结束时间'),
      place: text('活动地点', 60),
      capacity: z.number({ error: '名额必须是数字' }).int('名额必须是整数').min(1, '名额至少 1 个').max(2000, '名额最多 2000 个'),
      signupDeadline: instant('报名截止时间'),
      /** the compounds whose residents may sign up; left out: the whole community */
      compoundIds: z.array(idSchema).min(1, '至少选择一个小区').max(50).optional(),
      itemCode: ruleCode,
      volunteerHours: z.number({ error: '志愿时长必须是数字' }).min(0, '志愿时长不能为负').max(24, '志愿时长最多 24 小时').multipleOf(0.5, '志愿时长以半小时计'),
    })
    .strict(),
  activityView,
);

export const activitiesGet = defineAction('activities.get', z.object(activityRef).strict(), activityView);

const signupAnswer = z.object({ status: z.enum(SIGNUP_STATUSES), waitingPosition: z.number().int().nullable(), taken: z.number().int(), capacity: z.number().int() });

export const activitiesSignup = defineAction('activities.signup', z.object({ ...activityRef, idempotencyKey }).strict(), signupAnswer);
export const activitiesCancel = defineAction('activities.cancel', z.object({ ...activityRef, idempotencyKey }).strict(), signupAnswer);

export const activitiesCode = defineAction(
  'activities.code',
  z.object(activityRef).strict(),
  z.object({ code: z.string().regex(/^\d{6}$/), secondsLeft: z.number().int(), validUntil: z.string() }),
);

const checkinAnswer = z.object({ personName: z.string(), checkedInAt: z.string(), by: z.enum(['self', 'proxy']), already: z.boolean() });

export const activitiesCheckin = defineAction(
  'activities.checkin',
  z.object({ ...activityRef, code: z.string({ error: '请输入签到码' }).regex(/^\d{6}$/, '签到码是 6 位数字') }).strict(),
  checkinAnswer,
);

/** the organiser checks in someone without a phone (recorded as proxy) */
export const activitiesCheckinProxy = defineAction(
  'activities.checkin.proxy',
  z.object({ ...activityRef, personId: idSchema, idempotencyKey }).strict(),
  checkinAnswer,
);

export const activitiesFinish = defineAction(
  'activities.finish',
  z
    .object({
      ...activityRef,
      idempotencyKey,
      summary: text('活动小结', 500),
      photos: z.array(photoId).min(1, '请上传至少一张活动照片').max(9, '最多 9 张照片'),
    })
    .strict(),
  /** `pending` > 0: the time budget ran out; call again to book the rest */
  z.object({ attendees: z.number().int(), awarded: z.number().int(), pending: z.number().int() }),
);

/** the organiser's roster and attendance as .xlsx (counted under the export limit) */
export const activitiesExport = defineAction('activities.export', z.object(activityRef).strict(), exportFile);
