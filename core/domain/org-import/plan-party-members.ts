/**
 * 党员名册: each row a party member, known by name and phone. The register (党员信息台账) gets an
 * entry per member; a person of the community already in the app with that name and phone is
 * marked a party member of that category at once.
 */
import { PARTY_CATEGORIES, type PersonDoc } from '../org-model';
import { mobileNumber, nameKey, quote } from './cells';
import { partyMemberId } from './keys';
import type { PartyMemberDoc } from './model';
import { PlaceIndex } from './place';
import { FirstSeen, Tally, missingCells, type PlanContext, type PlanResult } from './plan-common';
import { personCells } from './plan-residents';
import type { ImportIssue, ImportRow } from './rows';

type Category = (typeof PARTY_CATEGORIES)[number];
const PLACE = ['compound', 'building', 'unit', 'room'] as const;
const PLACE_HEADERS = { compound: '小区', building: '楼栋', unit: '单元', room: '房号' } as const;

const sameEntry = (a: PartyMemberDoc, b: PartyMemberDoc) =>
  a.branchId === b.branchId && a.category === b.category && a.householdId === b.householdId && a.compoundId === b.compoundId;

export function planPartyMembers(rows: ImportRow[], { org, importId, register = [], persons = [] }: PlanContext): PlanResult {
  const index = new PlaceIndex(org);
  const issues: ImportIssue[] = [];
  const entries = new Map(register.map((e) => [e._id, e]));
  const people = new Map<string, PersonDoc>();
  for (const p of persons) {
    const phone = p.phone ? mobileNumber(p.phone) : null;
    if (phone) people.set(`${nameKey(p.name)}/${phone}`, p);
  }
  const writes: PartyMemberDoc[] = [];
  const flags: { personId: string; category: Category }[] = [];
  const seen = new FirstSeen();
  const tally = { register: new Tally('党员名册'), persons: new Tally('已绑定的党员') };

  for (const row of rows) {
    const missing = missingCells('partyMembers', row);
    if (missing.length) {
      issues.push(...missing);
      continue;
    }
    const person = personCells(row);
    if ('message' in person) {
      issues.push(person);
      continue;
    }
    const category = PARTY_CATEGORIES.find((c) => c === nameKey(row.values.category));
    if (!category) {
      issues.push({ row: row.row, column: '党员类别', message: `只能填 ${PARTY_CATEGORIES.join('、')} 之一` });
      continue;
    }
    const branch = index.branches.get(nameKey(row.values.branch));
    if (!branch || branch.retiredAt) {
      const message = branch ? `“${quote(branch.name)}”已撤销` : `本社区没有“${quote(row.values.branch)}”，请核对支部名称`;
      issues.push({ row: row.row, column: '所在支部', message });
      continue;
    }
    const filled = PLACE.filter((k) => row.values[k]);
    let household = null;
    if (filled.length && filled.length < PLACE.length) {
      const empty = PLACE.find((k) => !row.values[k]) as (typeof PLACE)[number];
      issues.push({ row: row.row, column: PLACE_HEADERS[empty], message: '住址四项（小区、楼栋、单元、房号）要么都填，要么都不填' });
      continue;
    }
    if (filled.length) {
      const found = index.existingHousehold(row);
      if (!found.ok) {
        issues.push(found.issue);
        continue;
      }
      household = found.value;
    }
    const id = partyMemberId(org.communityId, person.name, person.phone);
    const first = seen.repeatOf(id, row.row);
    if (first !== null) {
      issues.push({ row: row.row, column: '姓名', message: `与第 ${first} 行是同一个人（姓名和手机号相同）` });
      continue;
    }

    const entry: PartyMemberDoc = {
      _id: id,
      communityId: org.communityId,
      branchId: branch._id,
      name: person.name,
      phone: person.phone,
      category,
      householdId: household?._id ?? null,
      compoundId: household?.compoundId ?? null,
      importId,
      rev: 0,
    };
    const before = entries.get(id);
    if (!before) {
      tally.register.created++;
      writes.push(entry);
    } else if (sameEntry(before, entry)) {
      tally.register.unchanged++;
    } else {
      tally.register.changed++;
      writes.push({ ...entry, rev: before.rev + 1 });
    }

    const bound = people.get(`${nameKey(person.name)}/${person.phone}`);
    if (bound) {
      if (bound.partyMember && bound.partyCategory === category) tally.persons.unchanged++;
      else {
        tally.persons.changed++;
        flags.push({ personId: bound._id, category });
      }
    }
  }
  return {
    issues,
    summary: [tally.register.line(), tally.persons.line()],
    plan: { kind: 'partyMembers', register: writes, persons: flags },
  };
}
