/** 小区: create and edit (type, property mode, 三无, address, property company). */
import type { CompoundInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { CompoundDoc } from '../org-model';
import { ORG_COLLECTIONS as C, change, put, relabelWrites, type PlanContext } from './change';
import { Issues, checkFresh, checkRevSeen, changedFields, isLive, nameTaken, newNodeId, notFound, refuse } from './rules';

const FIELD_LABELS: Partial<Record<keyof CompoundDoc, string>> = {
  name: '名称',
  type: '类型',
  propertyMode: '物业管理方式',
  sanwu: '三无小区',
  address: '地址',
  propertyCompany: '物业公司',
};

/** A live compound of the snapshot's community, or NOT_FOUND / a refusal naming the field. */
export function liveCompound(s: OrgSnapshot, id: string, path = 'compoundId'): CompoundDoc {
  const compound = s.compounds.find((c) => c._id === id);
  if (!compound) return refuse(path, '所选小区不在本社区');
  if (!isLive(compound)) return refuse(path, `「${compound.name}」已停用`);
  return compound;
}

export function planCompoundSave(s: OrgSnapshot, input: CompoundInput, ctx: PlanContext): OrgChange {
  const before = input.id ? s.compounds.find((c) => c._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这个小区');
  if (before && !isLive(before)) refuse('id', `「${before.name}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.name}」`);
  const id = before?._id ?? newNodeId('cp', 'compound', s.community._id, ctx);
  if (!before) checkFresh(s.compounds.some((c) => c._id === id));

  const issues = new Issues()
    .check(!nameTaken(s.compounds, input.name, id, (c) => c.name), 'name', `本社区已有名为「${input.name}」的小区`)
    .check(input.propertyMode !== '物业公司' || input.propertyCompany !== null, 'propertyCompany', '由物业公司管理的小区，请填写物业公司')
    .check(!input.sanwu || input.propertyMode !== '物业公司', 'sanwu', '三无小区没有物业公司，请把物业管理方式改为业主自管或社区托底')
    .check(!input.sanwu || input.propertyCompany === null, 'propertyCompany', '三无小区没有物业公司，请清空物业公司');
  issues.throwIfAny();

  const after: CompoundDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, branchId: null, buildingCount: 0, rev: 0, retiredAt: null }),
    communityName: s.community.name,
    name: input.name,
    type: input.type,
    propertyMode: input.propertyMode,
    sanwu: input.sanwu,
    address: input.address,
    propertyCompany: input.propertyCompany,
  };
  const summary = before
    ? `修改小区「${before.name}」：${changedFields(before, after, FIELD_LABELS).join('、') || '无变化'}`
    : `新建小区「${after.name}」`;
  return change('compound', id, after.name, summary, before ?? null, after, [
    put(C.compounds, after),
    ...relabelWrites(s, { compounds: [after] }),
  ]);
}
