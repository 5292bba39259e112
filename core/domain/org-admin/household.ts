/**
 * 住户: create, edit, move to another unit (of any building of the same compound). The residents
 * bound to it follow: their building and household label change with it.
 */
import type { HouseholdInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { HouseholdDoc, PersonDoc } from '../org-model';
import { ORG_COLLECTIONS as C, buildingLabel, change, put, type PlanContext } from './change';
import { liveBuilding } from './building';
import { Issues, checkFresh, checkRevSeen, isLive, nameTaken, newNodeId, notFound, refuse } from './rules';

export interface HouseholdContext {
  /** the households of the target building and, for a move, of the household's present building */
  households: HouseholdDoc[];
  /** persons bound to the household (personDoc.householdId) */
  residents: PersonDoc[];
}

export function planHouseholdSave(s: OrgSnapshot, input: HouseholdInput, ctx: PlanContext, { households, residents }: HouseholdContext): OrgChange {
  const before = input.id ? households.find((h) => h._id === input.id) : undefined;
  if (input.id && (!before || before.communityId !== s.community._id)) notFound('没有找到这户');
  if (before && !isLive(before)) refuse('id', `「${before.label}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.label}」`);
  const building = liveBuilding(s, input.buildingId);
  const unit = building.units.find((u) => u.id === input.unitId);
  const id = before?._id ?? newNodeId('hh', 'household', s.community._id, ctx);
  if (!before) checkFresh(households.some((h) => h._id === id));
  new Issues()
    .check(unit !== undefined, 'unitId', `所选单元不在「${building.name}」`)
    .check(!unit || unit.retiredAt === null, 'unitId', `「${unit?.name}」已停用`)
    .check(!before || before.compoundId === building.compoundId, 'buildingId', '住户只能在本小区内调整楼栋和单元')
    .check(!nameTaken(households.filter((h) => h.buildingId === building._id), input.label, id, (h) => h.label), 'label', `「${building.name}」已有「${input.label}」`)
    .throwIfAny();

  const after: HouseholdDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, rev: 0, retiredAt: null }),
    compoundId: building.compoundId,
    buildingId: building._id,
    unitId: input.unitId,
    label: input.label,
  };
  const follow = residents
    .filter((p) => p.householdId === id)
    .map((p) =>
      put(C.persons, {
        ...p,
        buildingId: after.buildingId,
        householdLabel: after.label,
        roles: p.roles.map((g) => (g.scope.householdId === id && before ? { ...g, scopeLabel: g.scopeLabel.replace(before.label, after.label) } : g)),
      } satisfies PersonDoc),
    );
  const movedCentrals = s.centralHouseholds
    .filter((c) => isLive(c) && c.buildingId !== after.buildingId && residents.some((p) => p.householdId === id && p._id === c.personId))
    .map((c) => put(C.centralHouseholds, { ...c, buildingId: after.buildingId }));
  const where = buildingLabel(s, building);
  const summary = !before
    ? `新建住户「${where} · ${after.label}」`
    : before.unitId !== after.unitId
      ? `把住户「${before.label}」移到「${where} · ${unit?.name}」${before.label !== after.label ? `，门牌改为「${after.label}」` : ''}`
      : `把住户「${before.label}」的门牌改为「${after.label}」`;
  return change('household', id, `${where} · ${after.label}`, summary, before ?? null, after, [put(C.households, after), ...follow, ...movedCentrals]);
}
