/**
 * A return visit (回访): a rating of 3 or less (lifecycle RETURN_VISIT_MAX_SCORE) gives staff the task
 * of calling or visiting the reporter within its own limit, and recording what they heard.
 * One per low rating: `_id` derives from the request and which rating it follows, so the effect can
 * run again (a retry, the sweep after a crash) without a second visit.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';

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
});
export type ReturnVisitDoc = z.infer<typeof returnVisitDoc>;

export const returnVisitId = (requestId: string, ratingNo: number) => `rv_${requestId}_${ratingNo}`;
