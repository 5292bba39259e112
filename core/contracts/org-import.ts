/**
 * Rosters from Excel: templates to download, a preview that checks every row and writes nothing,
 * an all-or-nothing commit, and .xlsx exports of the lists staff see. Staff of the community (and
 * admins of it) only. The file is uploaded first to the caller's own folder `imports/<personId>/`.
 */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { exportFile } from './points-export';
import { idempotencyKey } from './points';
import { IMPORT_KINDS } from '../labels/org-import';

export * from '../labels/org-import';

const importKind = z.enum(IMPORT_KINDS, { error: `导入类型只能是 ${IMPORT_KINDS.join('、')}` });
/** omitted: the caller's own community */
const communityRef = idSchema.optional();

export const orgImportTemplate = defineAction('org.import.template', z.object({ kind: importKind }).strict(), exportFile);

export const importIssue = z.object({
  /** Excel row number; 0: the whole file */
  row: z.number().int(),
  /** the column's header; '' for the whole row or file */
  column: z.string(),
  message: z.string(),
  /** 「第 12 行『手机号』：不是有效的手机号」 */
  text: z.string(),
});

export const summaryLineOutput = z.object({ what: z.string(), created: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });

/** At most this many problems are listed (the answer stays under 64 KB); `errorCount` has them all. */
export const MAX_LISTED_ISSUES = 100;

export const orgImportPreview = defineAction(
  'org.import.preview',
  z
    .object({
      kind: importKind,
      /** cloud://… of the uploaded file, under imports/<your person id>/ */
      fileID: z.string({ error: '缺少文件' }).min(1, '缺少文件').max(400, '文件编号过长'),
      communityId: communityRef,
    })
    .strict(),
  z.object({
    importId: z.string(),
    kind: importKind,
    /** data rows read */
    rows: z.number().int(),
    errorCount: z.number().int(),
    errors: z.array(importIssue).max(MAX_LISTED_ISSUES),
    /** what a commit would create, change and leave alone */
    summary: z.array(summaryLineOutput),
    /** committed: this file was imported before (a commit again changes nothing) */
    status: z.enum(['previewed', 'committing', 'committed']),
  }),
);

export const orgImportCommit = defineAction(
  'org.import.commit',
  z.object({ importId: z.string().min(1).max(64), idempotencyKey }).strict(),
  z.object({
    importId: z.string(),
    /** committing: the time of one call ran out; call again (same input) to carry on */
    status: z.enum(['committing', 'committed']),
    /** what this import created, changed and left alone (complete once committed) */
    result: z.array(summaryLineOutput),
  }),
);

const exportInput = z.object({ communityId: communityRef }).strict().default({});
export const orgExportHouseholds = defineAction('org.export.households', exportInput, exportFile);
export const orgExportResidents = defineAction('org.export.residents', exportInput, exportFile);
export const orgExportPartyMembers = defineAction('org.export.partyMembers', exportInput, exportFile);
export const orgExportPartners = defineAction('org.export.partners', exportInput, exportFile);
export const orgExportPeople = defineAction('org.export.people', exportInput, exportFile);

