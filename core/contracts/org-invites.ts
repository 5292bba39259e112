/** Invitations to a role (邀请码) and the people holding roles, for staff (and a secretary, for their branch). */
import { z } from 'zod';
import { defineAction, idSchema, pageInput } from './common';
import { roleCode, roleScope } from './org';
import { idempotencyKey } from './points';
import { personName } from './account';
import { INVITABLE_ROLES, INVITE_STATUS_LABELS, type InviteStatus } from '../labels/account';

export * from '../labels/account';

/** The node the role applies to: which keys a role needs is `INVITE_NODE` (labels/account.ts). */
export const inviteTarget = z
  .object({
    communityId: idSchema,
    branchId: idSchema.optional(),
    gridId: idSchema.optional(),
    compoundId: idSchema.optional(),
    buildingIds: z.array(idSchema).max(20, '最多选择 20 栋楼').optional(),
    unitId: idSchema.optional(),
  })
  .strict();
export type InviteTarget = z.infer<typeof inviteTarget>;

const INVITE_STATUSES = Object.keys(INVITE_STATUS_LABELS) as [InviteStatus, ...InviteStatus[]];

export const inviteView = z.object({
  id: z.string(),
  /** shown to its creator and other staff of the community, so they can pass it on */
  code: z.string(),
  role: roleCode,
  label: z.string(),
  scopeLabel: z.string(),
  name: z.string().nullable(),
  status: z.enum(INVITE_STATUSES),
  createdByName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedBy: z.object({ name: z.string(), at: z.string() }).nullable(),
  /** temporary link to the mini-program code image (null: none, or no longer open) */
  qrUrl: z.string().nullable(),
});
export type InviteView = z.infer<typeof inviteView>;

export const orgInviteCreate = defineAction(
  'org.invite.create',
  z
    .object({
      idempotencyKey,
      role: z.enum(INVITABLE_ROLES, { error: '请选择要邀请的角色' }),
      target: inviteTarget,
      /** the invitee's name; omitted: they enter it themselves */
      name: personName.optional(),
      expiresInDays: z.number({ error: '有效天数必须是数字' }).int('有效天数必须是整数').min(1, '至少 1 天').max(30, '最多 30 天').default(7),
    })
    .strict(),
  z.object({
    invite: inviteView,
    /** why no mini-program code could be made (the code still works), in words for the page */
    qrProblem: z.string().nullable(),
  }),
);

export const orgInviteList = defineAction(
  'org.invite.list',
  pageInput
    .extend({
      /** omitted: the caller's own community */
      communityId: idSchema.optional(),
      /** omitted: every status */
      status: z.enum(INVITE_STATUSES).optional(),
    })
    .strict()
    .default({ page: 1, pageSize: 20 }),
  z.object({ invites: z.array(inviteView), hasMore: z.boolean() }),
);

export const orgInviteRevoke = defineAction(
  'org.invite.revoke',
  z.object({ idempotencyKey, inviteId: z.string().min(1, '缺少邀请编号').max(80, '邀请编号过长') }).strict(),
  z.object({ invite: inviteView }),
);

export const roleGrantView = z.object({ role: roleCode, label: z.string(), scope: roleScope, scopeLabel: z.string() });

export const personRolesView = z.object({
  id: idSchema,
  name: z.string(),
  maskedPhone: z.string().nullable(),
  householdLabel: z.string().nullable(),
  roles: z.array(roleGrantView),
});
export type PersonRolesView = z.infer<typeof personRolesView>;

/** People holding a role in the community, a page at a time. */
export const orgPeople = defineAction(
  'org.people',
  pageInput
    .extend({ communityId: idSchema.optional() })
    .strict()
    .default({ page: 1, pageSize: 20 }),
  z.object({ people: z.array(personRolesView), hasMore: z.boolean() }),
);

/** Removes one role of a person (the grant with exactly this role and scope); their other roles stay. */
export const orgRoleRevoke = defineAction(
  'org.role.revoke',
  z.object({ idempotencyKey, personId: idSchema, role: roleCode, scope: roleScope }).strict(),
  z.object({ person: personRolesView }),
);
