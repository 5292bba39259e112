/**
 * The documents an import keeps: the import record (collection `imports`, one per community, kind
 * and file content) and the party-member register (`partyMembers`, 党员信息台账), one entry per
 * person of a community by name and phone.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { IMPORT_KINDS } from '../../labels/org-import';
import { PARTY_CATEGORIES } from '../org-model';

export const summaryLine = z.object({
  /** what is counted, e.g. 楼栋 */
  what: z.string(),
  created: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
});
export type SummaryLine = z.infer<typeof summaryLine>;

export const IMPORT_STATUSES = ['previewed', 'committing', 'committed'] as const;

export const importDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  kind: z.enum(IMPORT_KINDS),
  /** the uploaded file (imports/<personId>/…) and the sha-256 of its bytes */
  fileID: z.string(),
  fileHash: z.string(),
  personId: idSchema,
  personName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  rows: z.number().int(),
  errorCount: z.number().int(),
  /** what the preview said would happen */
  summary: z.array(summaryLine),
  previewedAt: z.string(),
  committedAt: z.string().nullable(),
  /** what the commit did (all zero when the same file was imported before) */
  result: z.array(summaryLine).nullable(),
});
export type ImportDoc = z.infer<typeof importDoc>;

export const partyMemberDoc = z.object({
  _id: z.string(),
  communityId: idSchema,
  branchId: idSchema,
  name: z.string(),
  phone: z.string(),
  category: z.enum(PARTY_CATEGORIES),
  /** where they live, when the register says so */
  householdId: idSchema.nullable(),
  compoundId: idSchema.nullable(),
  /** the import that last wrote this entry */
  importId: z.string(),
  rev: z.number().int().default(0),
});
export type PartyMemberDoc = z.infer<typeof partyMemberDoc>;
