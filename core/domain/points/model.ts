/**
 * The stored documents of the points scheme (one zod schema per collection) and their ids.
 *
 * - pointBooks      one per community: the rules catalogue, grading, the ledger's chain head and
 *                   the issuing account's total, so an award reads rule + head in one read;
 * - pointEntries    the append-only ledger; ids derive from the idempotency key;
 * - pointAccounts   one per person: balance, per-period totals and cap counters (caps are checked
 *                   with the same read that gives the totals);
 * - pointTallies    one per person per period (month, quarter, year), written with absolute values
 *                   from the account, indexed for rankings;
 * - pointClaims, pointPublications, pointObjections;
 * - pointCheckpoints one per community: where the last full verification that passed ended.
 */
import { z } from 'zod';
import {
  APPROVERS,
  CLAIM_STATUSES,
  ENTRY_SOURCES,
  PERIOD_TYPES,
  PUBLICATION_STATUSES,
  RANK_SCOPES,
  grading,
  gradingTable,
  publicationRow,
  ruleCategory,
  ruleItem,
} from '../../contracts/points';
import { sha256Hex } from './canonical';
import { OBJECTION_STATUSES } from '../../labels/points';

export const POINT_COLLECTIONS = {
  books: 'pointBooks',
  entries: 'pointEntries',
  accounts: 'pointAccounts',
  tallies: 'pointTallies',
  claims: 'pointClaims',
  publications: 'pointPublications',
  objections: 'pointObjections',
  checkpoints: 'pointCheckpoints',
} as const;

export const ISSUING = 'issuing';
export const personAccount = (personId: string) => `person:${personId}`;

export const chainHeadDoc = z.object({ seq: z.number().int().min(0), hash: z.string() });

export const bookDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  categories: z.array(ruleCategory),
  items: z.array(ruleItem),
  grading,
  head: chainHeadDoc,
  /** net points transferred out of the issuing account; its balance is -issued */
  issued: z.number().int(),
  /** idempotency of catalogue writes: key → request hash */
  ops: z.record(z.string(), z.string()),
  updatedAt: z.string(),
});
export type BookDoc = z.infer<typeof bookDoc>;

export const posting = z.object({ account: z.string(), delta: z.number().int() });
export type Posting = z.infer<typeof posting>;

export const entryDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  seq: z.number().int().min(1),
  kind: z.enum(['award', 'reversal']),
  personId: z.string(),
  /** 已注销用户 once the person deleted their account (entry-name.ts) */
  personName: z.string(),
  /** the name's seal: the hash covers `nameDigest`, not the name; null once erased (absent on entries from before) */
  nameSalt: z.string().nullable().optional(),
  nameDigest: z.string().optional(),
  branchId: z.string().nullable(),
  /** two legs summing to zero: the issuing account and the person's */
  postings: z.array(posting),
  item: z.object({ code: z.string(), name: z.string(), version: z.number().int() }).nullable(),
  /** the cap counter this entry moved (`ZC01@2026-11`), so a reversal moves the same one */
  capKey: z.string().nullable(),
  source: z.object({ type: z.enum(ENTRY_SOURCES), id: z.string().nullable() }),
  reason: z.string().nullable(),
  /** the month it counts towards (a reversal counts towards its original's month) */
  month: z.string(),
  reverses: z.string().nullable(),
  idempotencyKey: z.string(),
  requestHash: z.string(),
  actorId: z.string().nullable(),
  createdAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type EntryDoc = z.infer<typeof entryDoc>;

export const periodTotal = z.object({ points: z.number().int(), count: z.number().int() });
export type PeriodTotal = z.infer<typeof periodTotal>;

export const accountDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  personId: z.string(),
  name: z.string(),
  branchId: z.string().nullable(),
  balance: z.number().int(),
  lastSeq: z.number().int(),
  /** by period key (month, quarter and year keys side by side) */
  periods: z.record(z.string(), periodTotal),
  /** cap counters by `<itemCode>@<periodKey>` */
  caps: z.record(z.string(), periodTotal),
  updatedAt: z.string(),
});
export type AccountDoc = z.infer<typeof accountDoc>;

export const tallyDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  branchId: z.string().nullable(),
  personId: z.string(),
  name: z.string(),
  periodKey: z.string(),
  periodType: z.enum(PERIOD_TYPES),
  points: z.number().int(),
  count: z.number().int(),
  updatedAt: z.string(),
});
export type TallyDoc = z.infer<typeof tallyDoc>;

export const claimDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  branchId: z.string().nullable(),
  personId: z.string(),
  personName: z.string(),
  item: z.object({ code: z.string(), name: z.string(), version: z.number().int(), points: z.number().int() }),
  approver: z.enum(APPROVERS),
  date: z.string(),
  note: z.string(),
  photos: z.array(z.string()),
  status: z.enum(CLAIM_STATUSES),
  review: z
    .object({ byId: z.string(), byName: z.string(), reason: z.string().nullable(), at: z.string(), key: z.string(), requestHash: z.string() })
    .nullable(),
  entryId: z.string().nullable(),
  idempotencyKey: z.string(),
  requestHash: z.string(),
  createdAt: z.string(),
});
export type ClaimDoc = z.infer<typeof claimDoc>;

export const publicationDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  title: z.string(),
  periodKey: z.string(),
  scope: z.object({ type: z.enum(RANK_SCOPES), id: z.string(), name: z.string() }),
  status: z.enum(PUBLICATION_STATUSES),
  createdAt: z.string(),
  windowEndsAt: z.string(),
  finalizedAt: z.string().nullable(),
  head: chainHeadDoc,
  revision: z.number().int(),
  revisions: z.array(z.object({ revision: z.number().int(), head: chainHeadDoc, rowsHash: z.string(), at: z.string(), note: z.string() })),
  grading: gradingTable,
  rows: z.array(publicationRow),
  rowCount: z.number().int(),
  rowsHash: z.string(),
  openObjections: z.number().int(),
  /** idempotency of writes to the publication: key → request hash */
  ops: z.record(z.string(), z.string()),
});
export type PublicationDoc = z.infer<typeof publicationDoc>;

export const objectionDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  publicationId: z.string(),
  personId: z.string(),
  personName: z.string(),
  text: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  answer: z.string().nullable(),
  correctionEntryIds: z.array(z.string()),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  idempotencyKey: z.string(),
  requestHash: z.string(),
  resolveKey: z.string().nullable(),
  resolveHash: z.string().nullable(),
  /** WeChat's content check of the text (msgSecCheck v2); absent on objections from before it */
  contentCheck: z.object({ suggest: z.enum(['pass', 'review']), label: z.number().int(), traceId: z.string().nullable() }).optional(),
  /** staff's decision on a held objection */
  moderation: z.object({ decision: z.enum(['release', 'reject']), byId: z.string(), at: z.string(), key: z.string() }).nullable().optional(),
});
export type ObjectionDoc = z.infer<typeof objectionDoc>;

/**
 * Written when a full verification passes (id: the community): entries up to `head` chained from
 * genesis and everything derived from them matched; an incremental check continues from here.
 */
export const checkpointDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  head: chainHeadDoc,
  /** the issuing total at `head` */
  issued: z.number().int(),
  at: z.string(),
  byId: z.string(),
});
export type CheckpointDoc = z.infer<typeof checkpointDoc>;

// ---------- deterministic ids ----------

const short = (text: string) => sha256Hex(text).slice(0, 32);

/** One entry per (community, key, person): a retried call finds the entry it wrote. */
export const entryId = (communityId: string, key: string, personId: string) => `e_${short(`${communityId}|${key}|${personId}`)}`;
/** At most one reversal per entry: its id derives from the original's. */
export const reversalId = (originalId: string) => `r_${originalId}`;
export const accountId = (communityId: string, personId: string) => `${communityId}:${personId}`;
export const tallyId = (periodKey: string, communityId: string, personId: string) => `${periodKey}:${communityId}:${personId}`;
export const claimId = (communityId: string, personId: string, key: string) => `c_${short(`${communityId}|${personId}|${key}`)}`;
/** One publication per scope and period. */
export const publicationDocId = (scopeType: string, scopeId: string, periodKey: string) => `pub:${scopeType}:${scopeId}:${periodKey}`;
export const objectionId = (publicationId: string, personId: string, key: string) => `o_${short(`${publicationId}|${personId}|${key}`)}`;
