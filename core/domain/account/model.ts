/**
 * The stored documents of getting in: invites (邀请码) and bind requests (绑定申请), one zod schema
 * per collection. Functions parse what they read with these.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { roleCode, roleScope } from '../../contracts/org';
import { BIND_REQUEST_STATUSES } from '../../contracts/account';

const INVITE_STATUSES = ['open', 'used', 'revoked'] as const;

const byWhom = z.object({ id: idSchema, name: z.string() });

/**
 * One invitation to a role on a node. `_id` derives from its creator and idempotency key, so a
 * retried create finds the first; `code` has a unique index. Single use: `status` moves from
 * `open` once, checked with `rev` inside the transaction that grants the role.
 */
export const inviteDoc = z.object({
  _id: z.string(),
  /** null: an administrator's invite of a fresh deployment, before any community exists */
  communityId: idSchema.nullable(),
  code: z.string(),
  role: roleCode,
  scope: roleScope,
  scopeLabel: z.string(),
  /** the invitee's name as the inviter wrote it (null: they enter it themselves) */
  name: z.string().nullable(),
  createdBy: byWhom,
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(INVITE_STATUSES),
  usedBy: z.object({ personId: idSchema, name: z.string(), at: z.string() }).nullable(),
  revokedBy: byWhom.extend({ at: z.string() }).nullable(),
  /** the mini-program code image in cloud storage (null: none could be made, the code still works) */
  qrFileID: z.string().nullable(),
  idempotencyKey: z.string(),
  fingerprint: z.string(),
  rev: z.number().int().default(0),
});
export type InviteDoc = z.infer<typeof inviteDoc>;


/**
 * A resident's request to be bound to a household the roster does not list them on. `openid`
 * binds them on approval (they may have no person yet); `phone` is kept in full only while the
 * request is pending (the person gets it on approval), then only masked. `reviewerKeys` say who
 * may decide it: `c:<community>` (staff), `g:<grid>` (grid workers of a grid covering the
 * building), `b:<building>` (its building head).
 */
export const bindRequestDoc = z.object({
  _id: z.string(),
  communityId: idSchema,
  communityName: z.string(),
  compoundId: idSchema,
  compoundName: z.string(),
  buildingId: idSchema,
  unitId: idSchema,
  householdId: idSchema,
  householdLabel: z.string(),
  openid: z.string().nullable(),
  personId: idSchema.nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  reviewerKeys: z.array(z.string()),
  status: z.enum(BIND_REQUEST_STATUSES),
  createdAt: z.string(),
  review: z.object({ byId: idSchema, byName: z.string(), reason: z.string().nullable(), at: z.string() }).nullable(),
  idempotencyKey: z.string(),
  fingerprint: z.string(),
});
export type BindRequestDoc = z.infer<typeof bindRequestDoc>;
