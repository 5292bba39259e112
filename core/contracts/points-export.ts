/**
 * Excel exports of the points scheme (台账) for community staff: a period's ledger and a
 * publication's frozen list. The function writes an .xlsx to cloud storage under
 * `exports/<communityId>/` and answers a temporary download URL.
 */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { periodKey, publicationId } from './points';

export const exportFile = z.object({
  /** cloud://… of the stored file */
  fileID: z.string(),
  /** temporary download URL (expires at `expiresAt`) */
  url: z.string(),
  /** what to call the file when saving it, e.g. 幸福里社区积分台账（2026年11月）.xlsx */
  fileName: z.string(),
  /** data rows written (header rows not counted) */
  rows: z.number().int(),
  expiresAt: z.string(),
});
export type ExportFile = z.infer<typeof exportFile>;

export const pointsExportLedger = defineAction(
  'points.export.ledger',
  z
    .object({
      period: periodKey,
      /** omitted: the caller's own community */
      communityId: idSchema.optional(),
    })
    .strict(),
  exportFile,
);

export const pointsExportPublication = defineAction('points.export.publication', z.object({ publicationId }).strict(), exportFile);
