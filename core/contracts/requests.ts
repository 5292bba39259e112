/**
 * Requests (报事): 点单 → 派单 → 接单 → 办理 → 反馈 → 评单. Every write carries an idempotency key;
 * a repeat with the same key returns the first result, the same key with other input is
 * IDEMPOTENCY_CONFLICT. What a viewer sees depends on who they are to the request: reporter,
 * handler in scope, or staff; anyone else is told there is no such request.
 */
import { z } from 'zod';
import { defineAction, idSchema, pageInput } from './common';
import { idempotencyKey } from './points';
import { exportFile } from './points-export';
import { REQUEST_CATEGORY_CODES, URGENCIES } from '../domain/requests/categories';
import { REQUEST_STATES, TIMELINE_TYPES } from '../domain/requests/lifecycle';
import { REPORTER_NOTICES } from '../domain/requests/model';

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
  /** the photos the caller may see: checked ones, and their own while WeChat still checks them */
  photos: z.array(z.string()),
  /** photos WeChat is still checking that the caller may not see yet (shown as 「n 张照片审核中」) */
  photosUnderReview: z.number().int(),
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
  timeline: z.array(
    z.object({
      at: z.string(),
      type: z.enum(TIMELINE_TYPES),
      label: z.string(),
      from: z.enum(REQUEST_STATES),
      to: z.enum(REQUEST_STATES),
      /** who acted (null: the system) */
      by: z.string().nullable(),
      /** the note, summary, reason, comment or outcome the entry carries */
      text: z.string().nullable(),
      /** photos of a progress note or the resolution, as `photos` above */
      photos: z.array(z.string()),
      /** a rating's score */
      score: z.number().int().nullable(),
    }),
  ),
  /** the reporter's rating once closed with one */
  rating: z.object({ score: z.number().int(), comment: z.string() }).nullable(),
  /** 督办: 0 in time, 1 past the limit, 2 past the second limit (raised to staff) */
  overdueLevel: z.number().int(),
  escalation: z.object({ partnerId: z.string(), partnerName: z.string(), reason: z.string() }).nullable(),
  /** a merged duplicate: the request it went into, which its reporter may open and follow */
  mergedInto: z.string().nullable(),
  /** what the caller may do now (the state machine's answer for them) */
  can: z.array(z.enum(['accept', 'progress', 'resolve', 'rate', 'reopen', 'withdraw', 'merge', 'escalate', 'consult', 'reassign', 'revealPhone'])),
  /** who the caller is to this request (`reporter` too for the reporter of a duplicate merged into it) */
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
      /**
       * 代报: a Red Neighbor Leader or grid worker files for a resident of a building they serve who
       * cannot use a phone; the request is theirs, and the one who filed it follows it too
       */
      forPersonId: idSchema.optional(),
      urgency: z.enum(URGENCIES, { error: '紧急程度只能是一般或紧急' }).default('normal'),
      /** the subscribe messages the reporter allowed in the tap that submitted (受理, 办结) */
      notify: z
        .array(z.enum(REPORTER_NOTICES, { error: '不支持的消息类型' }), { error: '消息类型必须是列表' })
        .max(3, '最多订阅 3 类消息')
        .refine((n) => new Set(n).size === n.length, { message: '消息类型不能重复' })
        .default([]),
    })
    .strict(),
  requestView,
);

export const requestsAccept = defineAction('requests.accept', z.object({ idempotencyKey, requestId: idSchema }).strict(), requestView);

export const requestsGet = defineAction('requests.get', z.object({ requestId: idSchema }).strict(), requestView);

/** Free text of a transition, with its length limits. */
const words = (what: string, min: number, max: number) =>
  z.string({ error: `${what}必须是文字` }).trim().min(min, min > 1 ? `${what}至少 ${min} 个字` : `请填写${what}`).max(max, `${what}最多 ${max} 个字`);
const photos = z
  .array(photoId, { error: '照片必须是列表' })
  .max(9, '最多上传 9 张照片')
  .refine((ids) => new Set(ids).size === ids.length, { message: '照片不能重复' })
  .default([]);
const onRequest = { idempotencyKey, requestId: idSchema };

/** 办理: a progress note by the handler. */
export const requestsProgress = defineAction('requests.progress', z.object({ ...onRequest, note: words('进展说明', 2, 300), photos }).strict(), requestView);
/** 办结: what was done. */
export const requestsResolve = defineAction('requests.resolve', z.object({ ...onRequest, summary: words('办理结果', 2, 300), photos }).strict(), requestView);
/** 评单: the reporter's 1–5 rating. */
export const requestsRate = defineAction(
  'requests.rate',
  z
    .object({
      ...onRequest,
      score: z.number({ error: '请选择评分' }).int('评分须为 1 到 5 分').min(1, '评分须为 1 到 5 分').max(5, '评分须为 1 到 5 分'),
      comment: z.string({ error: '评价必须是文字' }).trim().max(200, '评价最多 200 个字').default(''),
    })
    .strict(),
  requestView,
);
/** The reporter is not satisfied: back to the handler with the clock restarted. */
export const requestsReopen = defineAction('requests.reopen', z.object({ ...onRequest, reason: words('原因', 2, 200) }).strict(), requestView);
/** The reporter takes it back before anyone accepted it. */
export const requestsWithdraw = defineAction(
  'requests.withdraw',
  z.object({ ...onRequest, reason: z.string({ error: '原因必须是文字' }).trim().max(200, '原因最多 200 个字').default('') }).strict(),
  requestView,
);
/** Staff: a duplicate goes into another open request of the same community; both reporters follow the one left. */
export const requestsMerge = defineAction('requests.merge', z.object({ ...onRequest, intoId: idSchema }).strict(), requestView);
/** 吹哨: the grid worker or staff call in a partner unit (包联单位) of the community. */
export const requestsEscalate = defineAction('requests.escalate', z.object({ ...onRequest, partnerId: idSchema, reason: words('吹哨原因', 2, 200) }).strict(), requestView);
/** 会商: a joint consultation, with who attended and what was agreed. */
export const requestsConsult = defineAction(
  'requests.consult',
  z
    .object({
      ...onRequest,
      attendees: z.array(words('参会人', 1, 20), { error: '参会人必须是列表' }).min(1, '请填写参会人').max(20, '参会人最多 20 位'),
      outcome: words('会商结果', 2, 300),
    })
    .strict(),
  requestView,
);
/** Staff: 派单 / 改派 to a grid, a person, a volunteer team or a partner unit. */
export const requestAssignment = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('grid'), gridId: idSchema }).strict(),
    z.object({ kind: z.literal('person'), personId: idSchema }).strict(),
    z.object({ kind: z.literal('team'), teamId: idSchema }).strict(),
    z.object({ kind: z.literal('partner'), partnerId: idSchema }).strict(),
  ],
  { error: '请选择派给谁：网格、人员、服务队或包联单位' },
);
export const requestsReassign = defineAction('requests.reassign', z.object({ ...onRequest, to: requestAssignment }).strict(), requestView);
/** A handler or staff member taps to call the reporter: the full number, logged and rate-limited. */
export const requestsRevealPhone = defineAction('requests.revealPhone', z.object({ requestId: idSchema }).strict(), z.object({ phone: z.string() }));

/** One line of a list of requests. */
export const requestRow = z.object({
  id: z.string(),
  category: z.string(),
  urgency: z.enum(URGENCIES),
  /** the first 40 characters */
  excerpt: z.string(),
  location: z.string(),
  status: z.enum(REQUEST_STATES),
  statusLabel: z.string(),
  submittedAt: z.string(),
  overdueLevel: z.number().int(),
  handlerName: z.string().nullable(),
});
export type RequestRow = z.infer<typeof requestRow>;
const rows = z.object({ rows: z.array(requestRow), page: z.number().int(), hasMore: z.boolean() });

/** 我的报事: the caller's own requests (filed by them or for them), newest first. */
export const requestsMine = defineAction('requests.mine', pageInput, rows);
/**
 * A handler's work: `todo` the requests they may accept (their grids and buildings, teams and
 * partner units), `doing` those they accepted and are working, `done` those they finished.
 */
export const requestsQueue = defineAction('requests.queue', pageInput.extend({ tab: z.enum(['todo', 'doing', 'done'], { error: '不支持的列表' }) }), rows);

/** 工单看板 (staff): open, overdue or escalated requests of the community, with filters. */
export const requestsBoard = defineAction(
  'requests.board',
  pageInput.extend({
    communityId: idSchema,
    view: z.enum(['open', 'overdue', 'escalated'], { error: '不支持的看板' }).default('open'),
    compoundId: idSchema.optional(),
    gridId: idSchema.optional(),
    branchId: idSchema.optional(),
    category: z.enum(REQUEST_CATEGORY_CODES, { error: '不支持的类别' }).optional(),
    handlerId: idSchema.optional(),
  }),
  rows,
);

const month = z.string({ error: '月份必须是文字' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-12');
/** The three rates of a group for a month: counts, and rates in per cent (null when nothing to count). */
export const requestRates = z.object({
  id: z.string(),
  name: z.string(),
  filed: z.number().int(),
  respondedOnTime: z.number().int(),
  closed: z.number().int(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  /** 响应率: accepted within the response limit / filed */
  responseRate: z.number().nullable(),
  /** 解决率: closed / filed */
  resolutionRate: z.number().nullable(),
  /** 满意率: rated 4–5 / rated */
  satisfactionRate: z.number().nullable(),
});
export type RequestRates = z.infer<typeof requestRates>;
/** 三率 (staff): per month, for the community, each branch and each grid; requests count in the month they were filed. */
export const requestsRates = defineAction(
  'requests.rates',
  z.object({ communityId: idSchema, month }).strict(),
  z.object({ month: z.string(), community: requestRates, branches: z.array(requestRates), grids: z.array(requestRates) }),
);
/** 台账 (staff): the requests filed and the return visits in a span of months, as one Excel workbook. */
export const requestsExport = defineAction('requests.export', z.object({ communityId: idSchema, from: month, to: month }).strict(), exportFile);

export const returnVisitView = z.object({
  id: z.string(),
  requestId: z.string(),
  excerpt: z.string(),
  location: z.string(),
  score: z.number().int(),
  comment: z.string(),
  createdAt: z.string(),
  dueBy: z.string(),
  overdue: z.boolean(),
  status: z.enum(['open', 'done']),
  outcome: z.string().nullable(),
  visitedAt: z.string().nullable(),
  visitorName: z.string().nullable(),
});
export type ReturnVisitView = z.infer<typeof returnVisitView>;
/** 回访 (staff): the community's return visits, open ones first by due time. */
export const requestsVisits = defineAction(
  'requests.visits',
  pageInput.extend({ communityId: idSchema, status: z.enum(['open', 'done'], { error: '不支持的状态' }).default('open') }),
  z.object({ visits: z.array(returnVisitView), page: z.number().int(), hasMore: z.boolean() }),
);
export const requestsVisitRecord = defineAction(
  'requests.visitRecord',
  z.object({ idempotencyKey, visitId: idSchema, outcome: words('回访情况', 2, 300) }).strict(),
  returnVisitView,
);

/**
 * 上岗: a handler allows the 新工单 subscribe message in a tap; each allowance is one message
 * (WeChat's grants are one-time), counted here and spent as new requests reach them.
 */
export const requestsDuty = defineAction(
  'requests.duty',
  z.object({ idempotencyKey, granted: z.boolean({ error: '请说明是否允许消息提醒' }) }).strict(),
  z.object({ grantsLeft: z.number().int() }),
);

/** 代报: the most residents one answer lists; more are found by name. */
export const RESIDENTS_LIMIT = 50;
/**
 * 代报: the residents a Red Neighbor Leader or grid worker may file for — those with a home in a
 * building they serve (leader: its buildings; grid worker: its grid's), by household label; at most
 * RESIDENTS_LIMIT, `more` when others match (narrow by `q`, part of the name).
 */
export const requestsResidents = defineAction(
  'requests.residents',
  z.object({ q: z.string({ error: '姓名必须是文字' }).trim().max(20, '姓名最多 20 个字').optional() }).strict(),
  z.object({
    residents: z.array(z.object({ id: z.string(), name: z.string(), householdLabel: z.string(), buildingId: z.string() })),
    more: z.boolean(),
  }),
);

/*
 * Server-only actions: reached by CloudBase itself, never by the mini-program (not in index.ts).
 */

/** 督办 sweep (timer trigger `sweep`): what one run did. */
export const requestsSweep = defineAction(
  'requests.sweep',
  z.object({}).strict(),
  z.object({
    /** requests read (due ones, in batches) */
    examined: z.number().int(),
    /** supervision steps (督办) applied, and requests closed unrated */
    supervised: z.number().int(),
    closed: z.number().int(),
    /** requests whose pending effects (points, return visit) were finished */
    effectsDone: z.number().int(),
    /** requests left for the next run after an error */
    failed: z.number().int(),
    /** the run stopped at its time budget with due requests left */
    more: z.boolean(),
    ms: z.number().int(),
  }),
);

/** WeChat's verdict on a photo (message push `wxa_media_check`, mediaCheckAsync v2). */
export const requestsMediaVerdict = defineAction(
  'requests.wxa_media_check',
  z.looseObject({
    MsgType: z.literal('event'),
    Event: z.literal('wxa_media_check'),
    trace_id: z.string().min(1).max(128),
    errcode: z.number().int().default(0),
    result: z.object({ suggest: z.enum(['pass', 'review', 'risky']), label: z.number().int() }).optional(),
  }),
  z.object({ updated: z.boolean() }),
);
