/**
 * The stored notice (`notices`) and its reads (`noticeReads`). Who a notice reaches is resolved once,
 * at publishing, into `audience` keys; a person's own keys come from their person document alone
 * (audienceKeysOf), so the feed is one indexed query (`audience in keys`) and nobody outside the
 * scope can match.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { MP_STATUSES, NOTICE_STATES, noticeBlock, noticeScope } from '../../contracts/notices';
import type { PersonDoc } from '../org-model';
import { sha256Hex } from '../points/canonical';
import { NOTICE_CATEGORIES, type NoticeCategory } from './blocks';
import { fanoutState } from './fanout';

export const NOTICE_COLLECTION = 'notices';
/** one per notice and reader (`_id` = readId): the unique-reader count's guard */
export const NOTICE_READS_COLLECTION = 'noticeReads';

export const noticeId = (personId: string, key: string) => `nt_${sha256Hex(`${personId}|${key}`).slice(0, 32)}`;
export const readId = (noticeId: string, personId: string) => `${noticeId}_${personId}`;

/** ISO time far in the future: a notice without expiry stays in the feed's `visibleUntil > now` range */
export const NEVER = '9999-12-31T23:59:59.999Z';

/** Feed order: pinned first, then 应急通知, then the rest (each newest first). */
export const sortRank = (pinned: boolean, category: NoticeCategory) => (pinned ? 2 : category === 'emergency' ? 1 : 0);

/** What one official-account step left behind (stored before the next step starts). */
export const mpSync = z.object({
  status: z.enum(MP_STATUSES),
  /** body images uploaded by media/uploadimg: our file ID → WeChat's URL */
  images: z.array(z.object({ fileId: z.string(), url: z.string() })),
  coverMediaId: z.string().nullable(),
  draftMediaId: z.string().nullable(),
  /** set just before freepublish/submit: found without publishId, the submit's outcome is unknown */
  submitStartedAt: z.string().nullable(),
  publishId: z.string().nullable(),
  articleId: z.string().nullable(),
  articleUrl: z.string().nullable(),
  /** the last failure, in staff's words; `retry`: the sweep tries again by itself */
  error: z.object({ step: z.string(), errcode: z.number().nullable(), message: z.string(), retry: z.boolean() }).nullable(),
  /** when the sweep should next work on it (ISO); null: nothing to do */
  dueAt: z.string().nullable(),
  /** one runner at a time: a runner owns the notice until then (ISO) */
  leaseUntil: z.string(),
  attempts: z.number().int(),
});
export type MpSync = z.infer<typeof mpSync>;

export const newMpSync = (dueAt: string): MpSync => ({
  status: 'syncing',
  images: [],
  coverMediaId: null,
  draftMediaId: null,
  submitStartedAt: null,
  publishId: null,
  articleId: null,
  articleUrl: null,
  error: null,
  dueAt,
  leaseUntil: '',
  attempts: 0,
});

export const noticeDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  authorId: idSchema,
  authorName: z.string(),
  category: z.enum(NOTICE_CATEGORIES),
  title: z.string(),
  digest: z.string(),
  blocks: z.array(noticeBlock),
  coverFileId: z.string().nullable(),
  scope: noticeScope,
  /** resolved at publishing (scopeKeys); empty while a draft */
  audience: z.array(z.string()),
  pinned: z.boolean(),
  expiresAt: z.string().nullable(),
  /** expiresAt, or NEVER: the feed's range key */
  visibleUntil: z.string(),
  sortRank: z.number().int(),
  syncToOfficialAccount: z.boolean(),
  state: z.enum(NOTICE_STATES),
  moderation: z
    .object({ suggest: z.enum(['pass', 'review']), label: z.number(), traceId: z.string().nullable(), approvedBy: z.string().nullable() })
    .nullable(),
  /** the images' media checks of the last publishing (started then; verdicts in mediaVerdicts by trace id) */
  imageChecks: z
    .object({ startedAt: z.string(), checks: z.array(z.object({ fileId: z.string(), traceId: z.string() })) })
    .nullable()
    .default(null),
  /** why the last publishing went back to a draft (an image WeChat found risky, no verdict in time) */
  rejection: z.string().nullable().default(null),
  /** unique readers in scope: bumped only by the read that created its noticeReads document */
  readCount: z.number().int(),
  mp: mpSync.nullable(),
  /** the subscribe-message fan-out (fanout.ts); null: no template configured, or not published */
  fanout: fanoutState.nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
});
export type NoticeDoc = z.infer<typeof noticeDoc>;

/** The keys under which a person finds notices: where they live and what their roles cover. */
export function audienceKeysOf(person: PersonDoc): string[] {
  const keys = new Set<string>([`person:${person._id}`]);
  if (person.communityId) keys.add(`community:${person.communityId}`);
  if (person.compoundId) keys.add(`compound:${person.compoundId}`);
  if (person.buildingId) keys.add(`building:${person.buildingId}`);
  for (const { role, scope } of person.roles) {
    for (const cid of [scope.communityId, ...(scope.communityIds ?? [])]) if (cid) keys.add(`role:${cid}:${role}`);
    if (scope.compoundId) keys.add(`compound:${scope.compoundId}`);
    if (scope.gridId) keys.add(`grid:${scope.gridId}`);
    for (const b of scope.buildingIds ?? []) keys.add(`building:${b}`);
  }
  return [...keys];
}

/** What publishing resolved a scope into: the grids' buildings and the teams' members, read then. */
export interface ScopeParts {
  communityId: string;
  compounds?: string[];
  grids?: { id: string; buildingIds: string[] }[];
  teams?: { memberIds: string[]; leaderId: string | null }[];
  roles?: string[];
}

export function scopeKeys(p: ScopeParts): string[] {
  const keys = new Set<string>();
  if (!p.compounds && !p.grids && !p.teams && !p.roles) keys.add(`community:${p.communityId}`);
  for (const c of p.compounds ?? []) keys.add(`compound:${c}`);
  for (const g of p.grids ?? []) {
    keys.add(`grid:${g.id}`);
    for (const b of g.buildingIds) keys.add(`building:${b}`);
  }
  for (const t of p.teams ?? []) for (const m of [...t.memberIds, ...(t.leaderId ? [t.leaderId] : [])]) keys.add(`person:${m}`);
  for (const r of p.roles ?? []) keys.add(`role:${p.communityId}:${r}`);
  return [...keys];
}
