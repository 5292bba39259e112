/**
 * 小区党支部: 单独组建 (one compound) or 联建 (several). A compound belongs to one live branch; its
 * document names it (`branchId`), so the compounds joining or leaving are written with it.
 */
import type { BranchInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange, OrgWrite } from '../org-change';
import type { BranchDoc, CompoundDoc } from '../org-model';
import { ORG_COLLECTIONS as C, change, compoundName, put, relabelWrites, type PlanContext } from './change';
import { Issues, checkFresh, checkRevSeen, isLive, nameTaken, newNodeId, notFound, refuse } from './rules';

/** Compounds whose `branchId` must change so that exactly `compoundIds` point at `branchId`. */
export function branchPointers(s: OrgSnapshot, branchId: string, compoundIds: string[]): OrgWrite[] {
  return s.compounds.flatMap((c) => {
    const want = compoundIds.includes(c._id) ? branchId : c.branchId === branchId ? null : c.branchId;
    return want === c.branchId ? [] : [put(C.compounds, { ...c, branchId: want } satisfies CompoundDoc)];
  });
}

export function planBranchSave(s: OrgSnapshot, input: BranchInput, ctx: PlanContext): OrgChange {
  const before = input.id ? s.branches.find((b) => b._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这个支部');
  if (before && !isLive(before)) refuse('id', `「${before.name}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.name}」`);
  const id = before?._id ?? newNodeId('br', 'branch', s.community._id, ctx);
  if (!before) checkFresh(s.branches.some((b) => b._id === id));

  const issues = new Issues()
    .check(!nameTaken(s.branches, input.name, id, (b) => b.name), 'name', `本社区已有「${input.name}」`)
    .check(input.formation !== '单独组建' || input.compoundIds.length === 1, 'compoundIds', '单独组建的支部只覆盖 1 个小区')
    .check(input.formation !== '联建' || input.compoundIds.length >= 2, 'compoundIds', '联建的支部至少覆盖 2 个小区');
  input.compoundIds.forEach((cpId, i) => {
    const compound = s.compounds.find((c) => c._id === cpId);
    if (!compound) return void issues.add(`compoundIds.${i}`, '所选小区不在本社区');
    if (!isLive(compound)) return void issues.add(`compoundIds.${i}`, `「${compound.name}」已停用`);
    const other = s.branches.find((b) => b._id === compound.branchId && b._id !== id && isLive(b));
    if (other) issues.add(`compoundIds.${i}`, `「${compound.name}」已属于「${other.name}」，请先从该支部移出`);
  });
  issues.throwIfAny();

  const after: BranchDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, rev: 0, retiredAt: null }),
    name: input.name,
    formation: input.formation,
    compoundIds: input.compoundIds,
  };
  const names = (ids: string[]) => ids.map((c) => `「${compoundName(s, c)}」`).join('、');
  const joined = after.compoundIds.filter((c) => !before?.compoundIds.includes(c));
  const left = (before?.compoundIds ?? []).filter((c) => !after.compoundIds.includes(c));
  const summary = before
    ? [
        `修改支部「${before.name}」`,
        ...(before.name !== after.name ? [`改名为「${after.name}」`] : []),
        ...(before.formation !== after.formation ? [`组建方式改为${after.formation}`] : []),
        ...(joined.length ? [`加入${names(joined)}`] : []),
        ...(left.length ? [`移出${names(left)}`] : []),
      ].join('，')
    : `新建支部「${after.name}」（${after.formation}，覆盖${names(after.compoundIds)}）`;
  return change('branch', id, after.name, summary, before ?? null, after, [
    put(C.branches, after),
    ...branchPointers(s, id, after.compoundIds),
    ...relabelWrites(s, { branches: [after] }),
  ]);
}
