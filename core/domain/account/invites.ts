/**
 * The rules of invitations, pure: which node a role is granted on (its scope, filled in from the
 * tree), who may invite whom, and what a code's state means to the person entering it.
 */
import { ROLE_LABELS, type RoleScope } from '../../contracts/org';
import type { InvitableRole } from '../../labels/account';
import { administers, scopeLabel, type OrgNames } from '../org';
import type { BranchDoc, BuildingDoc, CommunityDoc, CompoundDoc, GridDoc, PersonDoc, RoleGrant } from '../org-model';
import { AccountError } from './errors';
import type { InviteDoc } from './model';

export const INVITE_DEFAULT_DAYS = 7;
export const INVITE_MAX_DAYS = 30;

/** Where an invite's role applies, as the inviter picks it. */
export interface InviteTarget {
  communityId: string | null;
  branchId?: string;
  gridId?: string;
  compoundId?: string;
  buildingIds?: string[];
  unitId?: string;
}

/** The nodes a target names, as read from the database (missing ones absent). */
export interface TargetNodes {
  community: CommunityDoc | null;
  branch: BranchDoc | null;
  grid: GridDoc | null;
  compound: CompoundDoc | null;
  buildings: BuildingDoc[];
}

const live = <T extends { retiredAt: string | null; communityId: string }>(doc: T | null, communityId: string): doc is T =>
  doc !== null && doc.retiredAt === null && doc.communityId === communityId;

function invalid(path: string, message: string): never {
  throw new AccountError('VALIDATION_ERROR', message, [{ path, message }]);
}

/**
 * The role's scope on the target, with the keys the rest of the app reads filled in from the tree
 * (a leader's branch and compound, a grid worker's compound), and its label. Throws
 * VALIDATION_ERROR when a node is missing, retired, in another community or does not fit the role.
 */
export function inviteScope(role: InvitableRole, target: InviteTarget, nodes: TargetNodes): { scope: RoleScope; scopeLabel: string } {
  const cid = target.communityId;
  if (role === 'admin') {
    if (cid === null) return { scope: { communityIds: [] }, scopeLabel: '（尚未创建社区）' };
  }
  if (cid === null) invalid('communityId', '请选择社区');
  if (!nodes.community || nodes.community._id !== cid) invalid('communityId', '没有找到这个社区');
  const community = nodes.community;
  const names: OrgNames = {
    communities: { [community._id]: community.name },
    compounds: {},
    branches: {},
    grids: {},
    buildings: {},
    units: {},
    households: {},
  };
  const label = (scope: RoleScope) => ({ scope, scopeLabel: scopeLabel(scope, names) });
  const compoundOf = (compoundId: string, path: string): CompoundDoc => {
    if (!live(nodes.compound, cid) || nodes.compound._id !== compoundId) invalid(path, '没有找到这个小区，或它已撤销');
    names.compounds[compoundId] = nodes.compound.name;
    return nodes.compound;
  };
  const buildingsOf = (compound: CompoundDoc, ids: string[] | undefined, max: number): BuildingDoc[] => {
    if (!ids?.length) invalid('buildingIds', '请选择楼栋');
    if (ids.length > max) invalid('buildingIds', `最多选择 ${max} 栋楼`);
    const found = ids.map((id) => nodes.buildings.find((b) => b._id === id) ?? null);
    found.forEach((b, i) => {
      if (!live(b, cid) || b.compoundId !== compound._id) invalid(`buildingIds.${i}`, '没有找到这栋楼，或它不在所选小区、已撤销');
      names.buildings[b._id] = b.name;
    });
    return found as BuildingDoc[];
  };

  switch (role) {
    case 'admin':
      return label({ communityIds: [cid] });
    case 'staff':
      return label({ communityId: cid });
    case 'secretary':
    case 'committee': {
      const branch = nodes.branch;
      if (!target.branchId) invalid('branchId', '请选择党支部');
      if (!live(branch, cid) || branch._id !== target.branchId) invalid('branchId', '没有找到这个党支部，或它已撤销');
      names.branches[branch._id] = branch.name;
      return label({ communityId: cid, branchId: branch._id });
    }
    case 'grid_worker': {
      const grid = nodes.grid;
      if (!target.gridId) invalid('gridId', '请选择网格');
      if (!live(grid, cid) || grid._id !== target.gridId) invalid('gridId', '没有找到这个网格，或它已撤销');
      const compound = compoundOf(grid.compoundId, 'gridId');
      names.grids[grid._id] = grid.name;
      return label({ communityId: cid, compoundId: compound._id, gridId: grid._id });
    }
    case 'leader': {
      if (!target.compoundId) invalid('compoundId', '请选择小区');
      const compound = compoundOf(target.compoundId, 'compoundId');
      const buildings = buildingsOf(compound, target.buildingIds, 20);
      return label({
        communityId: cid,
        compoundId: compound._id,
        ...(compound.branchId ? { branchId: compound.branchId } : {}),
        buildingIds: buildings.map((b) => b._id),
      });
    }
    case 'building_head':
    case 'unit_head': {
      if (!target.compoundId) invalid('compoundId', '请选择小区');
      const compound = compoundOf(target.compoundId, 'compoundId');
      const [building] = buildingsOf(compound, target.buildingIds, 1);
      if (role === 'building_head') return label({ communityId: cid, compoundId: compound._id, buildingIds: [building._id] });
      const unit = building.units.find((u) => u.id === target.unitId);
      if (!unit) invalid('unitId', target.unitId ? '这个单元不在所选楼栋' : '请选择单元');
      names.units[unit.id] = unit.name;
      return label({ communityId: cid, compoundId: compound._id, buildingIds: [building._id], unitId: unit.id });
    }
  }
}

/**
 * Whether `creator` may invite someone to `role` on `scope`: staff of the community and its
 * administrators for every role but 管理员, administrators only for communities of theirs, and a
 * branch secretary for 红色近邻长 and 支部委员 of their own branch. Null: allowed; else why not.
 */
export function inviteRefusal(creator: PersonDoc, role: InvitableRole, scope: RoleScope): string | null {
  const adminOf = (cid: string) => creator.roles.some((g) => g.role === 'admin' && (g.scope.communityIds ?? []).includes(cid));
  if (role === 'admin') {
    const isAdmin = creator.roles.some((g) => g.role === 'admin');
    if (!isAdmin) return '只有管理员可以邀请管理员';
    return (scope.communityIds ?? []).every(adminOf) ? null : '只能为你管理的社区邀请管理员';
  }
  const cid = scope.communityId!;
  if (administers(creator, cid)) return null;
  const secretaryOf = creator.roles.some((g) => g.role === 'secretary' && g.scope.branchId !== undefined && g.scope.branchId === scope.branchId);
  if (secretaryOf && (role === 'leader' || role === 'committee')) return null;
  if (creator.roles.some((g) => g.role === 'secretary')) return '支部书记只能为本支部邀请红色近邻长和支部委员';
  return '只有本社区的工作人员可以发出邀请';
}

/** Why a code cannot be used (Chinese, for the person entering it), or null. */
export function inviteUnusable(invite: InviteDoc, now: Date): string | null {
  if (invite.status === 'revoked') return '这个邀请码已被撤销，请联系发出邀请的工作人员';
  if (invite.status === 'used') return '这个邀请码已经用过了，每个邀请码只能用一次，请联系工作人员重新邀请';
  if (new Date(invite.expiresAt).getTime() <= now.getTime()) return '这个邀请码已过期，请联系工作人员重新邀请';
  return null;
}

export const inviteExpiry = (now: Date, days: number) => new Date(now.getTime() + days * 24 * 3600_000);

/** The person with one more role; an identical grant (same role, same scope) is not added twice. */
export function withRole(person: PersonDoc, grant: RoleGrant): PersonDoc {
  if (grantIndex(person, grant.role, grant.scope) >= 0) return person;
  return { ...person, roles: [...person.roles, grant] };
}

const sortedScope = (scope: RoleScope) => Object.fromEntries(Object.entries(scope).sort(([a], [b]) => a.localeCompare(b)));

/** The person without the grant at `index`: their other roles stay. */
export function withoutRole(person: PersonDoc, index: number): PersonDoc {
  return { ...person, roles: person.roles.filter((_, i) => i !== index) };
}

export const roleTitle = (grant: RoleGrant) => `${ROLE_LABELS[grant.role]}（${grant.scopeLabel}）`;

/** Whether `actor` may take the grant away: staff and administrators of its community; an 管理员 grant only an administrator of all its communities. */
export function revokeRefusal(actor: PersonDoc, grant: RoleGrant): string | null {
  if (grant.role === 'admin') {
    const mine = new Set(actor.roles.filter((g) => g.role === 'admin').flatMap((g) => g.scope.communityIds ?? []));
    const theirs = grant.scope.communityIds ?? [];
    return actor.roles.some((g) => g.role === 'admin') && theirs.every((id) => mine.has(id)) ? null : '只有管理员可以撤销管理员';
  }
  const cid = grant.scope.communityId;
  return cid && administers(actor, cid) ? null : '只能撤销你负责的社区里的角色';
}

/** The index of the grant with exactly this role and scope, or -1. */
export function grantIndex(person: PersonDoc, role: RoleGrant['role'], scope: RoleScope): number {
  const key = JSON.stringify(sortedScope(scope));
  return person.roles.findIndex((g) => g.role === role && JSON.stringify(sortedScope(g.scope)) === key);
}
