/**
 * 党员中心户: a party member's own household linked to up to ten households of the same compound
 * (十户联治). A household is linked by at most one central household.
 */
import type { CentralHouseholdInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { CentralHouseholdDoc, HouseholdDoc, PersonDoc } from '../org-model';
import { ORG_COLLECTIONS as C, change, put, type PlanContext } from './change';
import { Issues, checkFresh, checkRevSeen, isLive, newNodeId, notFound, refuse } from './rules';

export interface CentralHouseholdContext {
  /** the party member, from the database (null: not found) */
  person: PersonDoc | null;
  /** the households the input links, from the database */
  households: HouseholdDoc[];
}

export function planCentralHouseholdSave(s: OrgSnapshot, input: CentralHouseholdInput, ctx: PlanContext, { person, households }: CentralHouseholdContext): OrgChange {
  const before = input.id ? s.centralHouseholds.find((c) => c._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这个党员中心户');
  if (before && !isLive(before)) refuse('id', '这个党员中心户已停用，不能修改');
  if (before) checkRevSeen(input.rev, before.rev, '这个党员中心户');
  if (before && before.personId !== input.personId) refuse('personId', '中心户的党员不能更换，请停用后为新的党员新建');
  if (!person || person.communityId !== s.community._id) return refuse('personId', '所选人员不在本社区');
  if (!person.partyMember) refuse('personId', `${person.name}不是党员，不能设为党员中心户`);
  if (!person.householdId || !person.compoundId || !person.buildingId) return refuse('personId', `${person.name}还没有绑定住户，党员中心户须是党员本人的住户`);
  const id = before?._id ?? newNodeId('ch', 'centralHousehold', s.community._id, ctx);
  if (!before) checkFresh(s.centralHouseholds.some((c) => c._id === id));
  const others = s.centralHouseholds.filter((c) => isLive(c) && c._id !== id);

  const issues = new Issues().check(!others.some((c) => c.personId === person._id), 'personId', `${person.name}已是党员中心户`);
  input.householdIds.forEach((hId, i) => {
    const h = households.find((x) => x._id === hId);
    const path = `householdIds.${i}`;
    if (!h || h.communityId !== s.community._id) return void issues.add(path, '所选住户不在本社区');
    if (!isLive(h)) return void issues.add(path, `「${h.label}」已停用`);
    if (h.compoundId !== person.compoundId) return void issues.add(path, `「${h.label}」不在${person.name}所在的小区`);
    if (h._id === person.householdId) return void issues.add(path, '联系户不包括中心户自己家');
    const taken = others.find((c) => c.householdIds.includes(hId));
    if (taken) issues.add(path, `「${h.label}」已由另一个党员中心户联系`);
  });
  issues.throwIfAny();

  const after: CentralHouseholdDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, personId: person._id, rev: 0, retiredAt: null }),
    compoundId: person.compoundId,
    buildingId: person.buildingId,
    householdIds: input.householdIds,
  };
  const label = `${person.name}（${person.householdLabel ?? ''}）`;
  const summary = before
    ? `修改党员中心户${label}的联系户：${before.householdIds.length} 户 → ${after.householdIds.length} 户`
    : `设${label}为党员中心户，联系 ${after.householdIds.length} 户`;
  return change('centralHousehold', id, label, summary, before ?? null, after, [put(C.centralHouseholds, after)]);
}
