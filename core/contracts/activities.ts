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
    .object({ status: z.enum(SIGNUP_STATUSES), waitingPosition: z.number().int().nullable(), checkedInAt: z.string().nullable(), checkedOutAt: z.string().nullable() })
    .nullable(),
  /** the caller runs it: shows the code, checks people in, finishes it */
  organising: z.boolean(),
  /** the day-before reminder's template to ask for with wx.requestSubscribeMessage in the sign-up tap; null: no reminders */
  reminderTemplateId: z.string().nullable(),
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

export const activitiesSignup = defineAction(
  'activities.signup',
  z
    .object({
      ...activityRef,
      idempotencyKey,
      /** the person accepted the reminder prompt (reminderTemplateId) in the sign-up tap: one reminder the day before */
      remind: z.boolean({ error: '提醒选项必须是是或否' }).optional(),
    })
    .strict(),
  signupAnswer,
);
export const activitiesCancel = defineAction('activities.cancel', z.object({ ...activityRef, idempotencyKey }).strict(), signupAnswer);

/** the page the check-in 小程序码 opens, with `scene` in its query */
export const CHECKIN_PAGE = 'packages/service/pages/checkin/index';

export const activitiesCode = defineAction(
  'activities.code',
  z.object({ ...activityRef, /** also the 小程序码 of this window */ image: z.boolean().optional() }).strict(),
  z.object({
    code: z.string().regex(/^\d{6}$/),
    secondsLeft: z.number().int(),
    validUntil: z.string(),
    /** what the 小程序码 carries (the activity's short id and the code); check in with `{ scene }` */
    scene: z.string().max(32),
    /** when asked: the 小程序码 opening CHECKIN_PAGE with `scene`, as a `data:image/…;base64,` URL */
    image: z.string().optional(),
  }),
);

/** the code typed (with the activity) or the scene of the scanned 小程序码 */
const codeInput = z
  .object({
    activityId: idSchema.optional(),
    code: z.string({ error: '请输入签到码' }).regex(/^\d{6}$/, '签到码是 6 位数字').optional(),
    scene: z.string({ error: '无法识别这个小程序码' }).min(1, '无法识别这个小程序码').max(32, '无法识别这个小程序码').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.scene !== undefined) {
      if (v.activityId !== undefined || v.code !== undefined) ctx.addIssue({ code: 'custom', path: ['scene'], message: '扫码签到不需要再输入签到码' });
      return;
    }
    if (v.activityId === undefined) ctx.addIssue({ code: 'custom', path: ['activityId'], message: '请先选择活动' });
    if (v.code === undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: '请输入签到码' });
  });
/** what a page sends to activities.checkin / activities.checkout */
export type CodeInput = { activityId: string; code: string } | { scene: string };

const checkinAnswer = z.object({
  activityId: z.string(),
  title: z.string(),
  personName: z.string(),
  checkedInAt: z.string(),
  by: z.enum(['self', 'proxy']),
  already: z.boolean(),
  checkedOutAt: z.string().nullable(),
});

export const activitiesCheckin = defineAction('activities.checkin', codeInput, checkinAnswer);

/**
 * The attendee checks out with the organiser's current code (the screen switched to 签退), once.
 * `hours`: what finishing will credit — the time between check-in and check-out in whole half hours,
 * at most the activity's volunteer hours.
 */
export const activitiesCheckout = defineAction(
  'activities.checkout',
  codeInput,
  z.object({ activityId: z.string(), title: z.string(), checkedOutAt: z.string(), hours: z.number(), already: z.boolean() }),
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

export const ACTIVITY_LIST_VIEWS = ['open', 'mine', 'organising'] as const;

export const activityCard = activityView
  .pick({ id: true, title: true, startAt: true, endAt: true, place: true, capacity: true, taken: true, signupDeadline: true, status: true })
  .extend({
    /** who organises it: the community, the branch or the team (e.g. 和平小区党支部) */
    organiserName: z.string(),
    /** the caller's sign-up, if any */
    mine: z.enum(SIGNUP_STATUSES).nullable(),
  });
export type ActivityCard = z.infer<typeof activityCard>;

/**
 * `open`: the community's activities not finished that the caller may join, soonest first;
 * `mine`: those they signed up for (or wait for), latest sign-up first; `organising`: those they
 * run (staff: all the community's), latest start first. 20 a page.
 */
export const activitiesList = defineAction(
  'activities.list',
  z
    .object({
      view: z.enum(ACTIVITY_LIST_VIEWS, { error: '请选择要看的活动' }).default('open'),
      page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').max(50, '最多翻到第 50 页').default(1),
    })
    .strict()
    .default({ view: 'open', page: 1 }),
  z.object({ items: z.array(activityCard), hasMore: z.boolean() }),
);

export const rosterEntry = z.object({
  personId: z.string(),
  /** full name: the roster is for the organiser */
  name: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  /** from 1 while waiting */
  waitingPosition: z.number().int().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  by: z.enum(['self', 'proxy']).nullable(),
});
export type RosterEntry = z.infer<typeof rosterEntry>;

/** The organiser's (or staff's) roster: the confirmed in sign-up order, then the waiting list; 20 a page. */
export const activitiesRoster = defineAction(
  'activities.roster',
  z
    .object({
      ...activityRef,
      page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').max(100, '最多翻到第 100 页').default(1),
    })
    .strict(),
  z.object({ items: z.array(rosterEntry), hasMore: z.boolean(), confirmed: z.number().int(), waiting: z.number().int(), checkedIn: z.number().int() }),
);

/** The server's sweep (timer, every minute): the day-before reminders due. */
export const activitiesSweep = defineAction('activities.sweep', z.object({}).strict().default({}), z.object({ reminded: z.number().int() }));

/** the organiser's roster and attendance as .xlsx (counted under the export limit) */
export const activitiesExport = defineAction('activities.export', z.object(activityRef).strict(), exportFile);
