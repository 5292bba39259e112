/**
 * The stored request (`requests` collection): the lifecycle's fields (lifecycle.ts) plus what was
 * filed, who filed it and its deadlines. Functions parse what they read with this schema.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { sha256Hex } from '../points/canonical';
import { REQUEST_CATEGORY_CODES, URGENCIES } from './categories';
import { REQUEST_STATES, TIMELINE_TYPES } from './lifecycle';

export const REQUEST_COLLECTION = 'requests';

const assignment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid'), gridId: idSchema, buildingId: idSchema.nullable() }),
  z.object({ kind: z.literal('person'), personId: idSchema }),
  z.object({ kind: z.literal('team'), teamId: idSchema }),
  z.object({ kind: z.literal('partner'), partnerId: idSchema }),
]);

/** Messages a reporter can allow when filing: 受理 (accepted) and 办结 (resolved). */
export const REPORTER_NOTICES = ['accepted', 'resolved'] as const;
export type ReporterNotice = (typeof REPORTER_NOTICES)[number];

const mediaCheck = z.object({
  fileId: z.string(),
  /** who uploaded it: they always see their own photo */
  uploaderId: idSchema,
  /** WeChat's trace_id for the asynchronous check; null when the check could not be started */
  traceId: z.string().nullable(),
  verdict: z.enum(['pending', 'pass', 'review', 'risky']),
});
export type MediaCheck = z.infer<typeof mediaCheck>;

const effectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('returnVisit') }),
  z.object({ kind: z.literal('award'), personId: idSchema }),
]);

const timelineEntry = z.object({
  at: z.string(),
  type: z.enum(TIMELINE_TYPES),
  actorId: z.string().nullable(),
  from: z.enum(REQUEST_STATES),
  to: z.enum(REQUEST_STATES),
  detail: z.record(z.string(), z.unknown()),
  /** who acted, as they were called then (null: the system) */
  actorName: z.string().nullable().default(null),
  /** the idempotency key of the call that appended it: a retry finds its own entry */
  key: z.string().nullable().default(null),
});

export const requestDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  gridId: idSchema.nullable(),
  /** the party branch serving the compound when it was filed (the rates group by it) */
  branchId: idSchema.nullable().default(null),
  /** the Shanghai month it was filed in (YYYY-MM): the rates count requests by the month they were filed */
  filedMonth: z.string().regex(/^\d{4}-\d{2}$/),
  buildingId: idSchema.nullable(),
  unitId: idSchema.nullable(),
  /** a common area of the compound (小区公共区域), when not a building */
  area: z.string().nullable(),
  /** e.g. 和平小区 1号楼1单元, 和平小区 北门停车场 */
  locationLabel: z.string(),
  category: z.enum(REQUEST_CATEGORY_CODES),
  urgency: z.enum(URGENCIES),
  text: z.string(),
  photos: z.array(z.string()),
  /**
   * WeChat's asynchronous media check of every photo on the request (filing, progress, resolution):
   * `pending` until its verdict arrives; a `risky` photo is never shown to anyone but its uploader.
   */
  mediaChecks: z.array(mediaCheck).default([]),
  /** msgSecCheck's verdict on the text: `review` holds it for staff */
  moderation: z.enum(['pass', 'review']),
  reporterId: idSchema,
  reporterName: z.string(),
  /** full number: shown masked to handlers and staff, never to anyone else */
  reporterPhone: z.string().nullable(),
  proxyId: idSchema.nullable(),
  /** who follows it in 我的报事: the reporter, and the building head or grid worker who filed it for them */
  followerIds: z.array(idSchema).default([]),
  status: z.enum(REQUEST_STATES),
  assignment: assignment.nullable(),
  handlerId: idSchema.nullable(),
  handlerName: z.string().nullable(),
  escalation: z.object({ partnerId: idSchema, reason: z.string(), at: z.string() }).nullable(),
  submittedAt: z.string(),
  clockStartedAt: z.string(),
  acceptedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closure: z.enum(['rated', 'unrated']).nullable(),
  rating: z.object({ score: z.number().int(), comment: z.string() }).nullable(),
  /** first accept within the response limit (响应率); null until accepted */
  respondedOnTime: z.boolean().nullable().default(null),
  mergedInto: idSchema.nullable(),
  /** when the response (接单) and resolution (办结) limits run out, from clockStartedAt */
  respondBy: z.string(),
  resolveBy: z.string(),
  /** the second limits (schedule.ts): past these the supervision goes up to staff (督办升级) */
  respondEscalateBy: z.string(),
  resolveEscalateBy: z.string(),
  /** the reporter's one-time subscribe grants (受理 / 办结), spent when the message is sent */
  grants: z.array(z.enum(REPORTER_NOTICES)).default([]),
  /**
   * Work a transition asked for that is not yet done (lifecycle Effect: points, a return visit). Written
   * with the transition, removed once done; the sweep finishes any a crash left behind.
   */
  pendingEffects: z.array(effectSchema).default([]),
  /** projections (schedule.ts), rewritten by every write: the board's and the sweep's indexes */
  open: z.boolean(),
  overdueLevel: z.number().int().min(0).max(2),
  nextCheckAt: z.string().nullable(),
  timeline: z.array(timelineEntry),
  idempotencyKey: z.string(),
  requestHash: z.string(),
  /** optimistic concurrency: every transition writes only over the version it read */
  rev: z.number().int(),
});
export type RequestDoc = z.infer<typeof requestDoc>;

/** One request per (reporter, idempotency key): a retried submit finds the one it filed. */
export const requestId = (personId: string, key: string) => `rq_${sha256Hex(`${personId}|${key}`).slice(0, 32)}`;
