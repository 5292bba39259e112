/**
 * From checked rows to what an import would write, and how that reads as a summary: per kind, the
 * documents to create or change (whole, ready to write) and the counts of created / changed / left
 * alone. Pure: the preview shows this plan, the commit writes the same plan, recomputed by the same
 * code from the same file, so the two cannot disagree.
 */
import type { ImportKind } from '../../labels/org-import';
import type { ImportRow } from './rows';
import type { PlanContext, PlanResult } from './plan-common';
import { planHouseholds } from './plan-households';
import { planResidents } from './plan-residents';
import { planPartyMembers } from './plan-party-members';
import { planPartners } from './plan-partners';

export type { ImportPlan, PlanContext, PlanResult } from './plan-common';

export function planImport(kind: ImportKind, rows: ImportRow[], ctx: PlanContext): PlanResult {
  switch (kind) {
    case 'households':
      return planHouseholds(rows, ctx);
    case 'residents':
      return planResidents(rows, ctx);
    case 'partyMembers':
      return planPartyMembers(rows, ctx);
    case 'partners':
      return planPartners(rows, ctx);
  }
}

