/**
 * 网格: a 大网格 of a compound and the 微网格 under it. A grid covers live buildings of its compound;
 * a micro grid only buildings of its big grid; a building is in at most one big and one micro grid.
 * Levels make cycles impossible: a big grid has no parent, a micro grid's parent is a big grid.
 */
import type { GridInput } from '../../contracts/org-admin';
import { GRID_LEVEL_LABELS } from '../../labels/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { GridDoc } from '../org-model';
import { ORG_COLLECTIONS as C, change, compoundName, put, relabelWrites, type PlanContext } from './change';
import { liveCompound } from './compound';
import { Issues, checkFresh, checkRevSeen, isLive, nameTaken, newNodeId, notFound, refuse } from './rules';

export function planGridSave(s: OrgSnapshot, input: GridInput, ctx: PlanContext): OrgChange {
  const before = input.id ? s.grids.find((g) => g._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这个网格');
  if (before && !isLive(before)) refuse('id', `「${before.name}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.name}」`);
  const compound = liveCompound(s, input.compoundId);
  if (before && before.compoundId !== compound._id) refuse('compoundId', '网格不能移到其他小区，请在那个小区新建网格');
  const id = before?._id ?? newNodeId('gd', 'grid', s.community._id, ctx);
  if (!before) checkFresh(s.grids.some((g) => g._id === id));
  const grids = s.grids.filter((g) => g.compoundId === compound._id && isLive(g) && g._id !== id);
  const children = grids.filter((g) => g.parentId === id);
  const buildingName = (bId: string) => s.buildings.find((b) => b._id === bId)?.name ?? bId;

  const issues = new Issues();
  const parent = input.parentId === null ? null : grids.find((g) => g._id === input.parentId);
  if (input.level === 'big') {
    issues.check(input.parentId === null, 'parentId', '大网格没有上级网格');
  } else {
    issues
      .check(input.parentId !== null, 'parentId', '请选择微网格所属的大网格')
      .check(input.parentId !== id, 'parentId', '网格不能以自己为上级')
      .check(input.parentId === null || input.parentId === id || (parent !== undefined && parent !== null && parent.level === 'big'), 'parentId', `上级须是「${compound.name}」里在用的大网格`)
      .check(!children.length, 'level', `「${before?.name}」下还有微网格，不能改为微网格`);
  }
  issues.check(
    !nameTaken(s.grids.filter((g) => g.compoundId === compound._id && g.parentId === input.parentId), input.name, id, (g) => g.name),
    'name',
    `同一上级下已有「${input.name}」`,
  );
  input.buildingIds.forEach((bId, i) => {
    const building = s.buildings.find((b) => b._id === bId);
    const path = `buildingIds.${i}`;
    if (!building || building.compoundId !== compound._id) return void issues.add(path, `所选楼栋不属于「${compound.name}」`);
    if (!isLive(building)) return void issues.add(path, `「${building.name}」已停用`);
    if (parent && !parent.buildingIds.includes(bId)) issues.add(path, `「${building.name}」不在大网格「${parent.name}」里`);
    const taken = grids.find((g) => g.level === input.level && g.buildingIds.includes(bId));
    if (taken) issues.add(path, `「${building.name}」已在${GRID_LEVEL_LABELS[input.level]}「${taken.name}」里`);
  });
  for (const child of children) {
    const dropped = child.buildingIds.filter((b) => !input.buildingIds.includes(b));
    if (dropped.length) {
      issues.add('buildingIds', `微网格「${child.name}」覆盖的${dropped.map((b) => `「${buildingName(b)}」`).join('、')}须留在大网格里`);
    }
  }
  issues.throwIfAny();

  const after: GridDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, compoundId: compound._id, rev: 0, retiredAt: null }),
    name: input.name,
    level: input.level,
    parentId: input.parentId,
    buildingIds: input.buildingIds,
  };
  const label = `${compoundName(s, compound._id)} · ${after.name}`;
  const parentName = (pid: string | null) => (pid ? (s.grids.find((g) => g._id === pid)?.name ?? pid) : '无');
  const summary = !before
    ? `新建${GRID_LEVEL_LABELS[after.level]}「${label}」，覆盖 ${after.buildingIds.length} 栋楼`
    : [
        `修改网格「${before.name}」`,
        ...(before.name !== after.name ? [`改名为「${after.name}」`] : []),
        ...(before.parentId !== after.parentId ? [`上级由「${parentName(before.parentId)}」改为「${parentName(after.parentId)}」`] : []),
        ...(before.level !== after.level ? [`改为${GRID_LEVEL_LABELS[after.level]}`] : []),
        ...(before.buildingIds.join() !== after.buildingIds.join() ? [`覆盖楼栋改为${after.buildingIds.map((b) => buildingName(b)).join('、') || '无'}`] : []),
      ].join('，');
  return change('grid', id, label, summary, before ?? null, after, [put(C.grids, after), ...relabelWrites(s, { grids: [after] })]);
}
