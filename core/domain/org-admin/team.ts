/** 志愿服务队: type, owner (a branch or the community), leader, members, services, compounds served. */
import type { TeamInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import type { PersonDoc, TeamDoc } from '../org-model';
import { ORG_COLLECTIONS as C, change, put, type PlanContext } from './change';
import { Issues, checkFresh, checkRevSeen, isLive, nameTaken, newNodeId, notFound, refuse } from './rules';

/** `persons`: the members and the leader, from the database. */
export function planTeamSave(s: OrgSnapshot, input: TeamInput, ctx: PlanContext, persons: PersonDoc[]): OrgChange {
  const before = input.id ? s.teams.find((t) => t._id === input.id) : undefined;
  if (input.id && !before) notFound('没有找到这支服务队');
  if (before && !isLive(before)) refuse('id', `「${before.name}」已停用，不能修改`);
  if (before) checkRevSeen(input.rev, before.rev, `「${before.name}」`);
  const id = before?._id ?? newNodeId('tm', 'team', s.community._id, ctx);
  if (!before) checkFresh(s.teams.some((t) => t._id === id));
  const branch = input.branchId === null ? null : s.branches.find((b) => b._id === input.branchId);

  const issues = new Issues()
    .check(!nameTaken(s.teams, input.name, id, (t) => t.name), 'name', `本社区已有「${input.name}」`)
    .check(branch !== undefined, 'branchId', '所选支部不在本社区')
    .check(!branch || isLive(branch), 'branchId', `「${branch?.name}」已停用`)
    .check(input.leaderId === null || input.memberIds.includes(input.leaderId), 'leaderId', '队长须是队员之一');
  input.memberIds.forEach((pId, i) => {
    const p = persons.find((x) => x._id === pId);
    issues.check(p !== undefined && p.communityId === s.community._id, `memberIds.${i}`, '所选队员不在本社区');
  });
  input.compoundIds.forEach((cpId, i) => {
    const c = s.compounds.find((x) => x._id === cpId);
    const path = `compoundIds.${i}`;
    if (!c) return void issues.add(path, '所选小区不在本社区');
    if (!isLive(c)) return void issues.add(path, `「${c.name}」已停用`);
    if (branch && !branch.compoundIds.includes(cpId)) issues.add(path, `「${c.name}」不在「${branch.name}」的范围内`);
  });
  issues.throwIfAny();

  const after: TeamDoc = {
    ...(before ?? { _id: id, communityId: s.community._id, rev: 0, retiredAt: null }),
    name: input.name,
    type: input.type,
    branchId: input.branchId,
    leaderId: input.leaderId,
    memberIds: input.memberIds,
    services: input.services,
    compoundIds: input.compoundIds,
  };
  const owner = branch ? branch.name : s.community.name;
  const summary = before
    ? `修改服务队「${before.name}」${before.name !== after.name ? `，改名为「${after.name}」` : ''}：队员 ${before.memberIds.length} → ${after.memberIds.length} 人，服务 ${after.compoundIds.length} 个小区`
    : `新建${after.type}服务队「${after.name}」（${owner}），队员 ${after.memberIds.length} 人`;
  return change('team', id, after.name, summary, before ?? null, after, [put(C.teams, after)]);
}
