/**
 * 楼栋 and 单元 (a building's units live in its document): create, edit, move a building to
 * another compound of the community (only while nothing hangs on it: households, grids, roles).
 */
import type { BuildingInput, UnitInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { BuildingDoc, HouseholdDoc } from '../org-model';
import { ORG_COLLECTIONS as C, buildingCountWrites, buildingLabel, change, holders, put, relabelWrites, type PlanContext } from './change';
import { liveCompound } from './compound';
import { Issues, checkFresh, checkRevSeen, isLive, nameTaken, newNodeId, notFound, refuse, sameName } from './rules';

/** A live building of the snapshot's community, or a refusal naming the field. */
export function liveBuilding(s: OrgSnapshot, id: string, path = 'buildingId'): BuildingDoc {
  const building = s.buildings.find((b) => b._id === id);
  if (!building) return refuse(path, '所选楼栋不在本社区');
  if (!isLive(building)) return refuse(path, `「${building.name}」已停用`);
  return building;
}

/** What keeps a building in its compound: its households, grids, central households and role holders. */
export function buildingTies(s: OrgSnapshot, building: BuildingDoc, households: HouseholdDoc[]): string[] {
  const liveHouseholds = households.filter((h) => h.buildingId === building._id && isLive(h)).length;
  const grids = s.grids.filter((g) => isLive(g) && g.buildingIds.includes(building._id)).map((g) => `「${g.name}」`);
  const centrals = s.centralHouseholds.filter((c) => isLive(c) && c.buildingId === building._id).length;
  const people = holders(s, (g) => (g.scope.buildingIds ?? []).includes(building._id));
  return [
    ...(liveHouseholds ? [`楼里还有 ${liveHouseholds} 户住户`] : []),
    ...(grids.length ? [`还在网格${grids.join('、')}里`] : []),
    ...(centrals ? [`还有 ${centrals} 个党员中心户`] : []),
    ...(people.length ? [`${people.join('、')}还负责这栋楼`] : []),
  ];
}

/** `households`: the building's households (for a move), from the database. */
export function planBuildingSave(s: OrgSnapshot, input: BuildingInput, ctx: PlanContext, households: HouseholdDoc[] = []): OrgChange {
  const before = input.id ? s.buildings.find((b) => b._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这栋楼');
  if (before && !isLive(before)) refuse('id', `「${before.name}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.name}」`);
  const compound = liveCompound(s, input.compoundId);
  const cid = s.community._id;
  const id = before?._id ?? newNodeId('bd', 'building', cid, ctx);
  if (!before) checkFresh(s.buildings.some((b) => b._id === id));
  const siblings = s.buildings.filter((b) => b.compoundId === compound._id);

  const issues = new Issues()
    .check(!nameTaken(siblings, input.name, id, (b) => b.name), 'name', `「${compound.name}」已有「${input.name}」`)
    .check(!before || input.unitNames.length === 0, 'unitNames', '已有的楼栋请逐个添加单元');
  const dupUnit = input.unitNames.findIndex((n, i) => input.unitNames.findIndex((m) => sameName(m, n)) !== i);
  issues.check(dupUnit < 0, `unitNames.${dupUnit}`, `单元「${input.unitNames[dupUnit]}」重复了`);
  const moving = before !== undefined && before.compoundId !== compound._id;
  if (moving) {
    const ties = buildingTies(s, before, households);
    issues.check(!ties.length, 'compoundId', `「${before.name}」不能移到其他小区：${ties.join('；')}。请先把住户、网格和人员调整好`);
  }
  issues.throwIfAny();

  const lastOrder = Math.max(0, ...siblings.filter(isLive).filter((b) => b._id !== id).map((b) => b.order));
  const after: BuildingDoc = {
    ...(before ?? {
      _id: id,
      communityId: cid,
      rev: 0,
      retiredAt: null,
      units: input.unitNames.map((name, i) => ({ id: newNodeId('un', 'unit', cid, ctx, i + 1), name, retiredAt: null })),
    }),
    compoundId: compound._id,
    name: input.name,
    order: input.order ?? before?.order ?? lastOrder + 1,
  };
  const summary = !before
    ? `新建楼栋「${buildingLabel(s, after)}」${after.units.length ? `，${after.units.length} 个单元` : ''}`
    : moving
      ? `把「${before.name}」从「${buildingLabel(s, before).split(' · ')[0]}」移到「${compound.name}」`
      : `修改楼栋「${buildingLabel(s, before)}」${before.name !== after.name ? `，改名为「${after.name}」` : ''}${before.order !== after.order ? `，排序 ${before.order} → ${after.order}` : ''}`;
  return change('building', id, buildingLabel(s, after), summary, before ?? null, after, [
    put(C.buildings, after),
    ...buildingCountWrites(s, [after], [compound._id, ...(before ? [before.compoundId] : [])]),
    ...relabelWrites(s, { buildings: [after] }),
  ]);
}

export function planUnitSave(s: OrgSnapshot, input: UnitInput, ctx: PlanContext): OrgChange {
  const owner = input.id ? s.buildings.find((b) => b.units.some((u) => u.id === input.id)) : undefined;
  if (input.id && !owner) notFound('没有找到这个单元');
  if (owner && owner._id !== input.buildingId) refuse('buildingId', '单元不能移到其他楼栋，请在那栋楼新建单元');
  const building = liveBuilding(s, input.buildingId);
  checkRevSeen(input.rev, building.rev, `「${building.name}」`);
  const before = building.units.find((u) => u.id === input.id);
  if (before && before.retiredAt !== null) refuse('id', `「${before.name}」已停用，不能修改`);
  const id = before?.id ?? newNodeId('un', 'unit', s.community._id, ctx);
  if (!before) checkFresh(s.buildings.some((b) => b.units.some((u) => u.id === id)));
  if (building.units.some((u) => u.id !== id && u.retiredAt === null && sameName(u.name, input.name))) {
    refuse('name', `「${building.name}」已有「${input.name}」`);
  }
  const unit = { id, name: input.name, retiredAt: null };
  const after: BuildingDoc = { ...building, units: before ? building.units.map((u) => (u.id === id ? unit : u)) : [...building.units, unit] };
  const where = buildingLabel(s, building);
  const summary = before ? `把「${where}」的「${before.name}」改名为「${unit.name}」` : `在「${where}」新建「${unit.name}」`;
  return change('unit', id, `${where} · ${unit.name}`, summary, before ?? null, unit, [
    put(C.buildings, after),
    ...relabelWrites(s, { buildings: [after] }),
  ]);
}
