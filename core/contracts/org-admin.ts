/**
 * Running the organisation tree (function `org`, staff pages): one save action per kind of node
 * (create when there is no `id`, edit or move otherwise), retiring a node, the tree as staff see it,
 * the audit log and its export, creating a community, and the branches' 五有 checklist.
 * Every write carries an idempotency key; the same key with other input is IDEMPOTENCY_CONFLICT.
 */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { BRANCH_FORMATIONS, COMPOUND_TYPES, PROPERTY_MODES, TEAM_TYPES } from './org';
import { idempotencyKey } from './points';
import { exportFile } from './points-export';
import { ORG_NODE_KINDS, WUYOU_ITEMS } from '../labels/org-admin';

export * from '../labels/org-admin';

const text = (what: string, max: number) =>
  z
    .string({ error: `${what}必须是文字` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}最多 ${max} 个字`);
const optionalText = (what: string, max: number) =>
  z.string({ error: `${what}必须是文字` }).trim().max(max, `${what}最多 ${max} 个字`).default('');
const ids = (what: string, max: number) =>
  z
    .array(idSchema, { error: `${what}必须是列表` })
    .max(max, `${what}最多 ${max} 个`)
    .refine((list) => new Set(list).size === list.length, { message: `${what}不能重复` });
const phone = z
  .string({ error: '电话必须是文字' })
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})$/, '电话格式不正确，请填写手机号或带区号的座机');

/** omitted: the caller's own community */
const communityRef = idSchema.optional();
/** the node's `rev` as the editor showed it: if someone saved it since, the save is refused (CONFLICT) */
const revSeen = z.number({ error: '版本号必须是数字' }).int('版本号必须是整数').min(0, '版本号不能为负').optional();
/** create when omitted */
const nodeId = idSchema.optional();

const write = { idempotencyKey, communityId: communityRef, id: nodeId, rev: revSeen };

export const saveOutput = z.object({ id: idSchema, auditId: z.string(), replayed: z.boolean() });
export type SaveOutput = z.infer<typeof saveOutput>;

export const compoundInput = z
  .object({
    ...write,
    name: text('小区名称', 30),
    type: z.enum(COMPOUND_TYPES, { error: `小区类型只能是${COMPOUND_TYPES.join('、')}` }),
    propertyMode: z.enum(PROPERTY_MODES, { error: `物业管理方式只能是${PROPERTY_MODES.join('、')}` }),
    sanwu: z.boolean({ error: '是否三无小区必须是真或假' }),
    address: optionalText('地址', 80),
    propertyCompany: z
      .object({ name: text('物业公司名称', 40), phone: phone.nullable() })
      .strict()
      .nullable(),
  })
  .strict();
export type CompoundInput = z.infer<typeof compoundInput>;

export const buildingInput = z
  .object({
    ...write,
    compoundId: idSchema,
    name: text('楼栋名称', 20),
    /** display order in the compound; omitted: after the last */
    order: z.number({ error: '排序必须是数字' }).int('排序必须是整数').min(0, '排序不能为负').max(9999, '排序最大 9999').optional(),
    /** units to create with a new building, e.g. ['1单元', '2单元'] */
    unitNames: z.array(text('单元名称', 20), { error: '单元必须是列表' }).max(30, '一栋楼最多 30 个单元').default([]),
  })
  .strict();
export type BuildingInput = z.infer<typeof buildingInput>;

export const unitInput = z.object({ ...write, buildingId: idSchema, name: text('单元名称', 20) }).strict();
export type UnitInput = z.infer<typeof unitInput>;

export const householdInput = z
  .object({ ...write, buildingId: idSchema, unitId: idSchema, label: text('门牌', 40) })
  .strict();
export type HouseholdInput = z.infer<typeof householdInput>;

export const branchInput = z
  .object({
    ...write,
    name: text('支部名称', 40),
    formation: z.enum(BRANCH_FORMATIONS, { error: `组建方式只能是${BRANCH_FORMATIONS.join('或')}` }),
    compoundIds: ids('覆盖的小区', 30),
  })
  .strict();
export type BranchInput = z.infer<typeof branchInput>;

export const gridInput = z
  .object({
    ...write,
    compoundId: idSchema,
    name: text('网格名称', 30),
    level: z.enum(['big', 'micro'], { error: '网格层级只能是大网格或微网格' }),
    /** a micro grid's big grid; null for a big grid */
    parentId: idSchema.nullable(),
    buildingIds: ids('覆盖的楼栋', 200),
  })
  .strict();
export type GridInput = z.infer<typeof gridInput>;

/** 党员中心户: the party member's own household plus the households it links to (十户联治). */
export const MAX_LINKED_HOUSEHOLDS = 10;
export const centralHouseholdInput = z
  .object({
    ...write,
    personId: idSchema,
    householdIds: ids('联系的住户', MAX_LINKED_HOUSEHOLDS).refine((list) => list.length > 0, { message: '请至少选择 1 户联系户' }),
  })
  .strict();
export type CentralHouseholdInput = z.infer<typeof centralHouseholdInput>;

export const teamInput = z
  .object({
    ...write,
    name: text('服务队名称', 30),
    type: z.enum(TEAM_TYPES, { error: `服务队类型只能是${TEAM_TYPES.join('、')}` }),
    /** the owning branch; null: owned by the community */
    branchId: idSchema.nullable(),
    leaderId: idSchema.nullable(),
    memberIds: ids('队员', 200),
    services: z.array(text('服务内容', 30), { error: '服务内容必须是列表' }).max(20, '服务内容最多 20 项'),
    compoundIds: ids('服务的小区', 30),
  })
  .strict();
export type TeamInput = z.infer<typeof teamInput>;

export const partnerInput = z
  .object({
    ...write,
    name: text('单位名称', 40),
    kind: text('单位类别', 20),
    /** empty: paired with the whole community */
    compoundIds: ids('包联的小区', 30),
    /** in-service members reporting to the community (报到): they take requests escalated to the unit */
    memberIds: ids('报到成员', 200).default([]),
  })
  .strict();
export type PartnerInput = z.infer<typeof partnerInput>;

export const orgCompoundSave = defineAction('org.compound.save', compoundInput, saveOutput);
export const orgBuildingSave = defineAction('org.building.save', buildingInput, saveOutput);
export const orgUnitSave = defineAction('org.unit.save', unitInput, saveOutput);
export const orgHouseholdSave = defineAction('org.household.save', householdInput, saveOutput);
export const orgBranchSave = defineAction('org.branch.save', branchInput, saveOutput);
export const orgGridSave = defineAction('org.grid.save', gridInput, saveOutput);
export const orgCentralHouseholdSave = defineAction('org.centralHousehold.save', centralHouseholdInput, saveOutput);
export const orgTeamSave = defineAction('org.team.save', teamInput, saveOutput);
export const orgPartnerSave = defineAction('org.partner.save', partnerInput, saveOutput);

export const orgNodeKind = z.enum(ORG_NODE_KINDS, { error: '不支持的节点类型' });

export const retireInput = z
  .object({ idempotencyKey, communityId: communityRef, kind: orgNodeKind, id: idSchema, rev: revSeen })
  .strict();
export type RetireInput = z.infer<typeof retireInput>;
export const orgNodeRetire = defineAction('org.node.retire', retireInput, saveOutput);

// ---------- the tree as staff see it ----------

const life = { rev: z.number().int(), retiredAt: z.string().nullable() };
const personRef = z.object({ personId: idSchema, name: z.string(), maskedPhone: z.string().nullable() });

export const compoundNode = z.object({
  id: idSchema,
  name: z.string(),
  type: z.enum(COMPOUND_TYPES),
  propertyMode: z.enum(PROPERTY_MODES),
  sanwu: z.boolean(),
  address: z.string(),
  /** a company's service line, not a person's number: shown in full to staff */
  propertyCompany: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  branchId: idSchema.nullable(),
  buildingCount: z.number().int(),
  ...life,
});
export const branchNode = z.object({
  id: idSchema,
  name: z.string(),
  formation: z.enum(BRANCH_FORMATIONS),
  compoundIds: z.array(idSchema),
  /** secretary and committee: granted by invitation, shown here */
  officers: z.array(personRef.extend({ role: z.enum(['secretary', 'committee']) })),
  ...life,
});
export const buildingNode = z.object({
  id: idSchema,
  compoundId: idSchema,
  name: z.string(),
  order: z.number().int(),
  units: z.array(z.object({ id: idSchema, name: z.string(), retiredAt: z.string().nullable() })),
  ...life,
});
export const gridNode = z.object({
  id: idSchema,
  compoundId: idSchema,
  name: z.string(),
  level: z.enum(['big', 'micro']),
  parentId: idSchema.nullable(),
  buildingIds: z.array(idSchema),
  workers: z.array(personRef),
  ...life,
});
export const householdNode = z.object({ id: idSchema, buildingId: idSchema, unitId: idSchema, label: z.string(), ...life });
export const centralHouseholdNode = z.object({
  id: idSchema,
  compoundId: idSchema,
  buildingId: idSchema,
  person: personRef,
  households: z.array(z.object({ id: idSchema, label: z.string() })),
  ...life,
});
export const teamNode = z.object({
  id: idSchema,
  name: z.string(),
  type: z.enum(TEAM_TYPES),
  branchId: idSchema.nullable(),
  leaderId: idSchema.nullable(),
  members: z.array(z.object({ personId: idSchema, name: z.string() })),
  services: z.array(z.string()),
  compoundIds: z.array(idSchema),
  ...life,
});
export const partnerNode = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.string(),
  compoundIds: z.array(idSchema),
  /** the reporting members (报到) */
  members: z.array(z.object({ personId: idSchema, name: z.string() })),
  ...life,
});

export type CompoundNode = z.infer<typeof compoundNode>;
export type BranchNode = z.infer<typeof branchNode>;
export type BuildingNode = z.infer<typeof buildingNode>;
export type GridNode = z.infer<typeof gridNode>;
export type HouseholdNode = z.infer<typeof householdNode>;
export type CentralHouseholdNode = z.infer<typeof centralHouseholdNode>;
export type TeamNode = z.infer<typeof teamNode>;
export type PartnerNode = z.infer<typeof partnerNode>;

const treePage = {
  page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').default(1),
  includeRetired: z.boolean({ error: '必须是真或假' }).default(false),
};
const inCommunity = { ...treePage, communityId: idSchema };
const inCompound = { ...treePage, compoundId: idSchema };

/** One section of the tree, 20 rows a page: a community's compounds, branches, teams, partners; a compound's buildings, grids, central households; a building's households. */
export const treeInput = z.discriminatedUnion(
  'section',
  [
    z.object({ section: z.literal('compounds'), ...inCommunity }).strict(),
    z.object({ section: z.literal('branches'), ...inCommunity }).strict(),
    z.object({ section: z.literal('teams'), ...inCommunity }).strict(),
    z.object({ section: z.literal('partners'), ...inCommunity }).strict(),
    z.object({ section: z.literal('buildings'), ...inCompound }).strict(),
    z.object({ section: z.literal('grids'), ...inCompound }).strict(),
    z.object({ section: z.literal('centralHouseholds'), ...inCompound }).strict(),
    z.object({ section: z.literal('households'), ...treePage, buildingId: idSchema }).strict(),
  ],
  { error: '不支持的栏目' },
);
export type TreeInput = z.input<typeof treeInput>;

const section = <S extends string, T extends z.ZodType>(name: S, row: T) =>
  z.object({ section: z.literal(name), rows: z.array(row), hasMore: z.boolean() });

export const treeOutput = z.discriminatedUnion('section', [
  section('compounds', compoundNode),
  section('branches', branchNode),
  section('teams', teamNode),
  section('partners', partnerNode),
  section('buildings', buildingNode),
  section('grids', gridNode),
  section('centralHouseholds', centralHouseholdNode),
  section('households', householdNode),
]);
export type TreeOutput = z.infer<typeof treeOutput>;
export const orgTree = defineAction('org.tree', treeInput, treeOutput);

// ---------- audit ----------

export const auditEntry = z.object({
  id: z.string(),
  actor: z.object({ id: idSchema, name: z.string() }),
  action: z.string(),
  target: z.object({ kind: z.string(), id: z.string(), label: z.string() }),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** newest first; `cursor` is the previous page's `nextCursor` */
export const orgAuditList = defineAction(
  'org.audit.list',
  z
    .object({
      communityId: communityRef,
      /** only the changes of this node */
      nodeId: idSchema.optional(),
      cursor: z.string({ error: '翻页标记必须是文字' }).max(120, '翻页标记过长').optional(),
      pageSize: z.number({ error: '每页条数必须是数字' }).int('每页条数必须是整数').min(1, '每页至少 1 条').max(20, '每页最多 20 条').default(20),
    })
    .strict(),
  z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() }),
);

export const orgAuditExport = defineAction(
  'org.audit.export',
  z.object({ communityId: communityRef, nodeId: idSchema.optional() }).strict(),
  exportFile,
);

// ---------- a community ----------

export const orgCommunityCreate = defineAction(
  'org.community.create',
  z.object({ idempotencyKey, name: text('社区名称', 30), district: text('所属区县、街道', 40) }).strict(),
  z.object({ id: idSchema, name: z.string(), replayed: z.boolean() }),
);

// ---------- 五有 ----------

const photoId = z
  .string({ error: '照片地址必须是文字' })
  .min(1, '照片地址不能为空')
  .max(300, '照片地址过长')
  .regex(/^cloud:\/\/[^/\s]+\/\S+$/, '照片须是在小程序里上传的图片');

export const wuyouItemKey = z.enum(WUYOU_ITEMS, { error: '没有这一项' });
export const wuyouEvidence = z.object({
  done: z.boolean({ error: '是否具备必须是真或假' }),
  text: optionalText('说明', 500),
  photos: z
    .array(photoId, { error: '照片必须是列表' })
    .max(9, '每项最多 9 张照片')
    .refine((list) => new Set(list).size === list.length, { message: '照片不能重复' })
    .default([]),
});
export const wuyouItemView = wuyouEvidence.extend({
  key: wuyouItemKey,
  updatedAt: z.string().nullable(),
  /** who last changed it */
  updatedBy: z.string().nullable(),
});
export type WuyouItemView = z.infer<typeof wuyouItemView>;

export const wuyouView = z.object({
  branch: z.object({ id: idSchema, name: z.string() }),
  items: z.array(wuyouItemView),
  rev: z.number().int(),
  /** whether the caller may change it (the branch's secretary) */
  editable: z.boolean(),
});
export type WuyouView = z.infer<typeof wuyouView>;

/** omitted: the branch the caller is secretary of */
export const orgWuyouGet = defineAction('org.wuyou.get', z.object({ branchId: idSchema.optional() }).strict().default({}), wuyouView);

export const orgWuyouSave = defineAction(
  'org.wuyou.save',
  z
    .object({ idempotencyKey, branchId: idSchema.optional(), key: wuyouItemKey, rev: revSeen, evidence: wuyouEvidence.strict() })
    .strict()
    .refine((v) => !v.evidence.done || v.evidence.text.length > 0 || v.evidence.photos.length > 0, {
      message: '标为已具备时，请写说明或上传照片作为佐证',
      path: ['evidence', 'text'],
    }),
  wuyouView,
);

export const orgWuyouCoverage = defineAction(
  'org.wuyou.coverage',
  z.object({ communityId: communityRef }).strict().default({}),
  z.object({
    branchCount: z.number().int(),
    items: z.array(
      z.object({
        key: wuyouItemKey,
        done: z.number().int(),
        /** the branches that lack it */
        missing: z.array(z.object({ id: idSchema, name: z.string() })),
      }),
    ),
  }),
);
