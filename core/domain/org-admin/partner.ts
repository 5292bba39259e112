/** 包联单位: a government or enterprise unit paired with the community (no compounds) or with compounds of it. */
import type { PartnerInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { PartnerDoc, PersonDoc } from '../org-model';
import { ORG_COLLECTIONS as C, change, compoundName, put, type PlanContext } from './change';
import { Issues, checkFresh, checkRevSeen, isLive, nameTaken, newNodeId, notFound, refuse } from './rules';

/** `persons`: the reporting members, from the database. */
export function planPartnerSave(s: OrgSnapshot, input: PartnerInput, ctx: PlanContext, persons: PersonDoc[]): OrgChange {
  const before = input.id ? s.partners.find((p) => p._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这个包联单位');
  if (before && !isLive(before)) refuse('id', `「${before.name}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.name}」`);
  const id = before?._id ?? newNodeId('pt', 'partner', s.community._id, ctx);
  if (!before) checkFresh(s.partners.some((p) => p._id === id));

  const issues = new Issues().check(!nameTaken(s.partners, input.name, id, (p) => p.name), 'name', `本社区已有包联单位「${input.name}」`);
  input.compoundIds.forEach((cpId, i) => {
    const c = s.compounds.find((x) => x._id === cpId);
    if (!c) return void issues.add(`compoundIds.${i}`, '所选小区不在本社区');
    if (!isLive(c)) issues.add(`compoundIds.${i}`, `「${c.name}」已停用`);
  });
  input.memberIds.forEach((pId, i) => {
    const p = persons.find((x) => x._id === pId);
    issues.check(p !== undefined && p.communityId === s.community._id, `memberIds.${i}`, '所选报到成员不在本社区');
  });
  issues.throwIfAny();

  const after: PartnerDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, rev: 0, retiredAt: null }),
    name: input.name,
    kind: input.kind,
    compoundIds: input.compoundIds,
    memberIds: input.memberIds,
  };
  const paired = after.compoundIds.length ? after.compoundIds.map((c) => `「${compoundName(s, c)}」`).join('、') : `「${s.community.name}」全社区`;
  const members = after.memberIds.length ? `，报到成员 ${after.memberIds.length} 人` : '';
  const summary = before ? `修改包联单位「${before.name}」，包联${paired}${members}` : `新增包联单位「${after.name}」（${after.kind}），包联${paired}${members}`;
  return change('partner', id, after.name, summary, before ?? null, after, [put(C.partners, after)]);
}
