/** Who the caller is: their person, roles and scopes, or what to do to bind. */
import { z } from 'zod';
import { defineAction, emptyInput, idSchema, pageInput } from './common';
import { roleCode, roleScope } from './org';
import { idempotencyKey } from './points';
import { BIND_LEVELS, BIND_REQUEST_STATUS_LABELS, DELETE_CONFIRM_WORD, type BindRequestStatus } from '../labels/account';

export * from '../labels/account';

export const meOutput = z.discriminatedUnion('bound', [
  z.object({
    bound: z.literal(true),
    person: z.object({
      id: idSchema,
      name: z.string(),
      maskedPhone: z.string().nullable(),
      /** null: a county administrator who has not created or joined a community yet */
      communityId: idSchema.nullable(),
      communityName: z.string().nullable(),
      compoundId: idSchema.nullable(),
      compoundName: z.string().nullable(),
      householdId: idSchema.nullable(),
      householdLabel: z.string().nullable(),
      partyMember: z.boolean(),
      publicNameConsent: z.boolean(),
    }),
    roles: z.array(
      z.object({
        role: roleCode,
        label: z.string(),
        scope: roleScope,
        scopeLabel: z.string(),
      }),
    ),
  }),
  z.object({
    bound: z.literal(false),
    /** Chinese: what the person should do next */
    nextStep: z.string(),
  }),
]);
export type MeView = z.infer<typeof meOutput>;

export const accountMe = defineAction('account.me', emptyInput, meOutput);

/** A person's name as they or an inviter write it. */
export const personName = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(2, '姓名至少 2 个字')
  .max(20, '姓名最多 20 个字')
  .regex(/^[\p{Script=Han}A-Za-z·• ]+$/u, '姓名只能包含汉字、字母和间隔号');

/** A mainland mobile number, typed. */
export const phoneNumber = z
  .string({ error: '请填写手机号码' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号码');

// ---- binding to a household ----

export const bindOption = z.object({ id: idSchema, name: z.string() });
export type BindOption = z.infer<typeof bindOption>;

/** Up to 100 options a page: an option is ~60 bytes, so a page stays far under 64 KB. */
export const BIND_OPTIONS_PAGE = 100;

/** The next level of the cascade (社区 → 小区 → 楼栋 → 单元 → 房号) under `parentId`; only nodes in use. */
export const accountBindOptions = defineAction(
  'account.bind.options',
  z
    .object({
      level: z.enum(BIND_LEVELS, { error: '请选择要列出的层级' }),
      /** the chosen node one level up; not for communities */
      parentId: idSchema.optional(),
      page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').default(1),
    })
    .strict()
    .refine((v) => v.level === 'community' || v.parentId !== undefined, { message: '请先选择上一级', path: ['parentId'] }),
  z.object({ options: z.array(bindOption), hasMore: z.boolean() }),
);

export const BIND_REQUEST_STATUSES = Object.keys(BIND_REQUEST_STATUS_LABELS) as [BindRequestStatus, ...BindRequestStatus[]];

/** A bind request as its resident and its reviewers see it: the phone masked. */
export const bindRequestView = z.object({
  id: z.string(),
  communityName: z.string(),
  compoundName: z.string(),
  householdLabel: z.string(),
  name: z.string(),
  maskedPhone: z.string().nullable(),
  status: z.enum(BIND_REQUEST_STATUSES),
  /** the reviewer's reason, shown to the resident when a request is not approved */
  reason: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
});
export type BindRequestView = z.infer<typeof bindRequestView>;

export const accountBindApply = defineAction(
  'account.bind.apply',
  z
    .object({
      idempotencyKey,
      compoundId: idSchema,
      householdId: idSchema,
      name: personName,
      /** typed; or `phoneCode`, from WeChat's phone-number button */
      phone: phoneNumber.optional(),
      phoneCode: z.string().trim().min(1, '手机号授权无效，请重试').max(128, '手机号授权无效，请重试').optional(),
    })
    .strict()
    .refine((v) => (v.phone === undefined) !== (v.phoneCode === undefined), { message: '请填写手机号码，或用微信手机号快速填写', path: ['phone'] }),
  z.discriminatedUnion('outcome', [
    /** the household roster lists this name and phone: bound at once */
    z.object({ outcome: z.literal('bound'), householdLabel: z.string(), compoundName: z.string() }),
    /** sent to the building's grid worker or building head */
    z.object({ outcome: z.literal('pending'), request: bindRequestView }),
  ]),
);
export type BindApplyResult = z.output<typeof accountBindApply.output>;

/** The caller's latest requests, newest first. */
export const accountBindMine = defineAction('account.bind.mine', emptyInput, z.object({ requests: z.array(bindRequestView) }));

/** Requests waiting for the caller's decision (grid worker, building head, staff), oldest first. */
export const accountBindPending = defineAction(
  'account.bind.pending',
  pageInput.default({ page: 1, pageSize: 20 }),
  z.object({ requests: z.array(bindRequestView), hasMore: z.boolean() }),
);

export const accountBindReview = defineAction(
  'account.bind.review',
  z
    .object({
      idempotencyKey,
      requestId: z.string().min(1, '缺少申请编号').max(80, '申请编号过长'),
      decision: z.enum(['approve', 'reject'], { error: '请选择通过或不通过' }),
      /** required to reject: the resident sees it */
      reason: z.string().trim().max(200, '原因最多 200 个字').optional(),
    })
    .strict()
    .refine((v) => v.decision === 'approve' || (v.reason ?? '').length >= 2, { message: '请写明不通过的原因，居民会看到', path: ['reason'] }),
  z.object({ request: bindRequestView }),
);

// ---- invitations, moving out, deleting the account ----

export const accountBindInvite = defineAction(
  'account.bind.invite',
  z
    .object({
      idempotencyKey,
      code: z.string({ error: '请输入邀请码' }).trim().min(1, '请输入邀请码').max(20, '邀请码是 8 位字母和数字'),
      /** needed when the invite does not name the person and they are not bound yet */
      name: personName.optional(),
    })
    .strict(),
  z.object({ role: roleCode, label: z.string(), scopeLabel: z.string() }),
);

export const accountHouseholdLeave = defineAction(
  'account.household.leave',
  z.object({ idempotencyKey }).strict(),
  z.object({ left: z.boolean() }),
);

export const accountDelete = defineAction(
  'account.delete',
  z
    .object({
      idempotencyKey,
      confirm: z.literal(DELETE_CONFIRM_WORD, { error: `请输入“${DELETE_CONFIRM_WORD}”确认` }),
    })
    .strict(),
  z.object({ deleted: z.literal(true) }),
);
