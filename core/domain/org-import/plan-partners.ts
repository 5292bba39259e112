/**
 * 包联单位: each row a unit, known by its name in the community. A new one is created; for one
 * already there the row's type and compounds are the truth (changed when they differ).
 */
import type { PartnerDoc } from '../org-model';
import { nameList, quote } from './cells';
import { partnerIdFor } from './keys';
import { PlaceIndex } from './place';
import { FirstSeen, Tally, missingCells, type PlanContext, type PlanResult } from './plan-common';
import type { ImportIssue, ImportRow } from './rows';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function planPartners(rows: ImportRow[], { org }: PlanContext): PlanResult {
  const index = new PlaceIndex(org);
  const issues: ImportIssue[] = [];
  const partners: PartnerDoc[] = [];
  const seen = new FirstSeen();
  const tally = new Tally('包联单位');

  for (const row of rows) {
    const missing = missingCells('partners', row);
    if (missing.length) {
      issues.push(...missing);
      continue;
    }
    const { name, kind } = row.values;
    if (Array.from(name).length > 40) {
      issues.push({ row: row.row, column: '单位名称', message: '单位名称最多 40 个字' });
      continue;
    }
    if (Array.from(kind).length > 20) {
      issues.push({ row: row.row, column: '类型', message: '类型最多 20 个字' });
      continue;
    }
    const compoundIds: string[] = [];
    let bad: string | null = null;
    for (const compoundName of nameList(row.values.compounds)) {
      const c = index.compoundByName(compoundName);
      if (!c || c.retiredAt) {
        bad = c ? `“${quote(c.name)}”已撤销` : `本社区没有“${quote(compoundName)}”，多个小区请用顿号“、”隔开`;
        break;
      }
      if (!compoundIds.includes(c._id)) compoundIds.push(c._id);
    }
    if (bad) {
      issues.push({ row: row.row, column: '包联小区', message: bad });
      continue;
    }
    const existing = index.partners.get(name.replace(/\s/g, ''));
    const first = seen.repeatOf(existing?._id ?? partnerIdFor(org.communityId, name), row.row);
    if (first !== null) {
      issues.push({ row: row.row, column: '单位名称', message: `与第 ${first} 行是同一个单位` });
      continue;
    }
    if (existing?.retiredAt) {
      issues.push({ row: row.row, column: '单位名称', message: `“${quote(existing.name)}”已撤销，不能再导入` });
      continue;
    }
    if (!existing) {
      tally.created++;
      partners.push({ _id: partnerIdFor(org.communityId, name), communityId: org.communityId, name, kind, compoundIds, memberIds: [], rev: 0, retiredAt: null });
    } else if (existing.kind === kind && sameSet(existing.compoundIds, compoundIds)) {
      tally.unchanged++;
    } else {
      tally.changed++;
      partners.push({ ...existing, kind, compoundIds });
    }
  }
  return { issues, summary: [tally.line()], plan: { kind: 'partners', partners } };
}
