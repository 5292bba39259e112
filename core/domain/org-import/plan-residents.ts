/**
 * 住户名册: each row a person living in a room that exists. The entry's id is its natural key
 * (`rosterId(household, name, phone)`), so an entry already there is left alone and the binding
 * (account) finds it by what the resident types.
 */
import { rosterId, type RosterDoc } from '../org-model';
import { mobileNumber } from './cells';
import { PlaceIndex } from './place';
import { FirstSeen, Tally, missingCells, type PlanContext, type PlanResult } from './plan-common';
import type { ImportIssue, ImportRow } from './rows';

export const NAME_MAX = 20;
export const PHONE_INVALID = '不是有效的手机号（11 位数字，如 13812345678）';

/** The name and phone cells of a person row, checked; issues name the column. */
export function personCells(row: ImportRow): { name: string; phone: string } | ImportIssue {
  const { name } = row.values;
  if (Array.from(name).length > NAME_MAX) return { row: row.row, column: '姓名', message: `姓名最多 ${NAME_MAX} 个字` };
  if (/\d/.test(name)) return { row: row.row, column: '姓名', message: '姓名里不能有数字，请核对是否填错了列' };
  const phone = mobileNumber(row.values.phone);
  if (!phone) return { row: row.row, column: '手机号', message: PHONE_INVALID };
  return { name, phone };
}

export function planResidents(rows: ImportRow[], { org, importId, rosterIds = new Set() }: PlanContext): PlanResult {
  const index = new PlaceIndex(org);
  const issues: ImportIssue[] = [];
  const rosters: RosterDoc[] = [];
  const seen = new FirstSeen();
  const tally = new Tally('名册上的住户');

  for (const row of rows) {
    const missing = missingCells('residents', row);
    if (missing.length) {
      issues.push(...missing);
      continue;
    }
    const household = index.existingHousehold(row);
    if (!household.ok) {
      issues.push(household.issue);
      continue;
    }
    const person = personCells(row);
    if ('message' in person) {
      issues.push(person);
      continue;
    }
    const h = household.value;
    const id = rosterId(h._id, person.name, person.phone);
    const first = seen.repeatOf(id, row.row);
    if (first !== null) {
      issues.push({ row: row.row, column: '姓名', message: `与第 ${first} 行重复（同一户、同一姓名和手机号）` });
      continue;
    }
    if (rosterIds.has(id)) {
      tally.unchanged++;
      continue;
    }
    tally.created++;
    rosters.push({
      _id: id,
      communityId: org.communityId,
      compoundId: h.compoundId,
      buildingId: h.buildingId,
      unitId: h.unitId,
      householdId: h._id,
      name: person.name,
      phone: person.phone,
      importId,
      rev: 0,
    });
  }
  return { issues, summary: [tally.line()], plan: { kind: 'residents', rosters } };
}
