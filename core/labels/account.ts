/**
 * Labels of getting in, as plain data (no zod): the mini-program imports these, the contracts build
 * their schemas on the same lists.
 */
import type { RoleCode } from './org';

/** Residents bind to a household (roster or review), not by invitation. */
export const INVITABLE_ROLES = ['leader', 'grid_worker', 'building_head', 'unit_head', 'secretary', 'committee', 'staff', 'admin'] as const satisfies readonly RoleCode[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/** Which node each role is invited on, as the staff page asks for it. */
export const INVITE_NODE: Record<InvitableRole, 'community' | 'branch' | 'grid' | 'buildings' | 'building' | 'unit'> = {
  leader: 'buildings',
  grid_worker: 'grid',
  building_head: 'building',
  unit_head: 'unit',
  secretary: 'branch',
  committee: 'branch',
  staff: 'community',
  admin: 'community',
};

export const INVITE_STATUS_LABELS = { open: '待使用', used: '已使用', revoked: '已撤销', expired: '已过期' } as const;
export type InviteStatus = keyof typeof INVITE_STATUS_LABELS;

export const BIND_REQUEST_STATUS_LABELS = { pending: '待审核', approved: '已通过', rejected: '未通过', withdrawn: '已撤回' } as const;
export type BindRequestStatus = keyof typeof BIND_REQUEST_STATUS_LABELS;

export const BIND_LEVELS = ['community', 'compound', 'building', 'unit', 'household'] as const;
export type BindLevel = (typeof BIND_LEVELS)[number];
export const BIND_LEVEL_LABELS: Record<BindLevel, string> = {
  community: '社区',
  compound: '小区',
  building: '楼栋',
  unit: '单元',
  household: '房号',
};

/** The word a person types to confirm deleting their account. */
export const DELETE_CONFIRM_WORD = '注销';
