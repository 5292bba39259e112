/**
 * A return visit (回访): a rating of 3 or less (lifecycle RETURN_VISIT_MAX_SCORE) gives staff the task
 * of calling or visiting the reporter within its own limit, and recording what they heard.
 * One per low rating: `_id` derives from the request and which rating it follows, so the effect can
 * run again (a retry, the sweep after a crash) without a second visit.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { dueAt } from './deadlines';
import type { RequestDoc } from './model';

export const RETURN_VISIT_COLLECTION = 'request_visits';
/** staff call back within 2 working days */
export const RETURN_VISIT_LIMIT = { workingDays: 2 } as const;

export const returnVisitDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  gridId: idSchema.nullable(),
  branchId: idSchema.nullable(),
  requestId: idSchema,
  /** which rating of the request (1 = the first; a reopened request can be rated again) */
  ratingNo: z.number().int().min(1),
  score: z.number().int().min(1).max(5),
  comment: z.string(),
  createdAt: z.string(),
  dueBy: z.string(),
  status: z.enum(['open', 'done']),
  /** what the reporter said, and who visited */
  outcome: z.string().nullable(),
  visitedAt: z.string().nullable(),
  visitorId: idSchema.nullable(),
  visitorName: z.string().nullable(),
  /** the idempotency key of the call that recorded the outcome: its retry answers the same, any other is refused */
  recordKey: z.string().nullable().default(null),
});
export type ReturnVisitDoc = z.infer<typeof returnVisitDoc>;

export const returnVisitId = (requestId: string, ratingNo: number) => `rv_${requestId}_${ratingNo}`;

/** The return visit the request's latest rating asks for (the effect `returnVisit`); null when it has none. */
export function returnVisitOf(request: Pick<RequestDoc, '_id' | 'communityId' | 'compoundId' | 'gridId' | 'branchId' | 'timeline'>): ReturnVisitDoc | null {
  const ratings = request.timeline.filter((e) => e.type === 'rate');
  const last = ratings.at(-1);
  if (!last) return null;
  const createdAt = last.at;
  return {
    _id: returnVisitId(request._id, ratings.length),
    communityId: request.communityId,
    compoundId: request.compoundId,
    gridId: request.gridId,
    branchId: request.branchId,
    requestId: request._id,
    ratingNo: ratings.length,
    score: Number(last.detail.score),
    comment: String(last.detail.comment ?? ''),
    createdAt,
    dueBy: dueAt(new Date(createdAt), RETURN_VISIT_LIMIT).at.toISOString(),
    status: 'open',
    outcome: null,
    visitedAt: null,
    visitorId: null,
    visitorName: null,
    recordKey: null,
  };
}
