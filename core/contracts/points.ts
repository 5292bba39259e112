/**
 * The points scheme (积分制管理): rules catalogue, claims, the ledger, rankings and their public
 * notice (公示). Every write carries an idempotency key; a repeat with the same key returns the
 * first result, the same key with a different payload is IDEMPOTENCY_CONFLICT.
 */
import { z } from 'zod';
import { defineAction, idSchema, pageInput } from './common';
import { OBJECTION_STATUSES } from '../labels/points';
import { APPROVERS, CLAIM_STATUSES, ENTRY_SOURCES, PERIOD_TYPES } from '../labels/points';

// ---------- shared pieces ----------

export const idempotencyKey = z
  .string({ error: '缺少幂等键' })
  .min(8, '幂等键至少 8 个字符')
  .max(80, '幂等键最多 80 个字符')
  .regex(/^[A-Za-z0-9_:-]+$/, '幂等键只能包含字母、数字和 _ : -');

export * from '../labels/points';

/** 2026-11 (month), 2026-Q4 (quarter) or 2026 (year), in Asia/Shanghai. */
export const periodKey = z
  .string({ error: '周期必须是文字' })
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, '周期格式应为 2026-11、2026-Q4 或 2026');

export const CAP_PERIODS = PERIOD_TYPES;

export const ruleCode = z
  .string({ error: '事项编号必须是文字' })
  .regex(/^[A-Z]{2}\d{2}$/, '事项编号格式应为两个大写字母加两位数字，如 ZC01');
export const categoryCode = z
  .string({ error: '类别编号必须是文字' })
  .regex(/^[A-Z]{2}$/, '类别编号应为两个大写字母，如 ZC');

const pointsValue = z
  .number({ error: '分值必须是数字' })
  .int('分值必须是整数')
  .min(1, '分值至少为 1')
  .max(1000, '分值最多为 1000');

export const ruleCap = z
  .object({
    period: z.enum(CAP_PERIODS, { error: '上限周期只能是 month、quarter 或 year' }),
    count: z.number({ error: '次数上限必须是数字' }).int('次数上限必须是整数').min(1, '次数上限至少为 1').optional(),
    points: z.number({ error: '分数上限必须是数字' }).int('分数上限必须是整数').min(1, '分数上限至少为 1').optional(),
  })
  .strict()
  .refine((c) => c.count !== undefined || c.points !== undefined, { message: '上限至少要设置次数或分数之一' });
export type RuleCap = z.infer<typeof ruleCap>;

const itemName = z.string({ error: '名称必须是文字' }).trim().min(2, '名称至少 2 个字').max(40, '名称最多 40 个字');

/** The editable part of a catalogue item. */
export const ruleItemInput = z
  .object({
    code: ruleCode,
    categoryCode,
    name: itemName,
    points: pointsValue,
    cap: ruleCap.nullable(),
    evidenceRequired: z.boolean({ error: '是否需要照片必须是真或假' }),
    approver: z.enum(APPROVERS, { error: '审核人只能是 secretary 或 staff' }),
    active: z.boolean({ error: '是否启用必须是真或假' }),
  })
  .strict();
export type RuleItemInput = z.infer<typeof ruleItemInput>;

export const ruleItem = ruleItemInput.extend({
  /** 1 on creation, +1 on every change; entries keep the version they were awarded under */
  version: z.number().int().min(1),
  updatedAt: z.string(),
});
export type RuleItem = z.infer<typeof ruleItem>;

export const ruleCategory = z.object({ code: categoryCode, name: z.string(), order: z.number().int() });
export type RuleCategory = z.infer<typeof ruleCategory>;

/** Grades by minimum points, best first (优秀 ≥ a, 良好 ≥ b, 合格 ≥ c, else 不合格). */
export const gradeThreshold = z
  .object({
    label: z.string({ error: '等次名称必须是文字' }).trim().min(1, '等次名称不能为空').max(8, '等次名称最多 8 个字'),
    minPoints: z.number({ error: '最低分必须是数字' }).int('最低分必须是整数').min(0, '最低分不能为负'),
  })
  .strict();
export const gradingTable = z
  .array(gradeThreshold)
  .min(2, '至少设置两个等次')
  .max(6, '最多设置六个等次')
  .refine((t) => t.every((g, i) => i === 0 || g.minPoints < t[i - 1].minPoints), {
    message: '等次须按最低分从高到低排列，且不能相同',
  })
  .refine((t) => t.length === 0 || t[t.length - 1].minPoints === 0, { message: '最后一个等次的最低分必须为 0' });
export type GradingTable = z.infer<typeof gradingTable>;
export const grading = z.object({ month: gradingTable, quarter: gradingTable, year: gradingTable }).strict();
export type Grading = z.infer<typeof grading>;

const reasonText = z.string({ error: '原因必须是文字' }).trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因最多 200 个字');
/** points given or taken by hand (an adjustment or a correction) */
const adjustmentPoints = z
  .number({ error: '分值必须是数字' })
  .int('分值必须是整数')
  .min(-1000, '一次最多扣 1000 分')
  .max(1000, '一次最多加 1000 分')
  .refine((p) => p !== 0, { message: '分值不能为 0' });
const communityRef = idSchema.optional(); // omitted: the caller's own community

export const personRef = z.object({ id: idSchema, name: z.string() });

// ---------- ledger views ----------

export const entryView = z.object({
  id: z.string(),
  seq: z.number().int(),
  kind: z.enum(['award', 'reversal']),
  person: personRef,
  branchId: idSchema.nullable(),
  /** signed change of the person's balance */
  points: z.number().int(),
  item: z.object({ code: ruleCode, name: z.string(), version: z.number().int() }).nullable(),
  source: z.object({ type: z.enum(ENTRY_SOURCES), id: z.string().nullable() }),
  reason: z.string().nullable(),
  month: z.string(),
  /** a reversal: the entry it reverses (the original stays as it was) */
  reverses: z.string().nullable(),
  /** an original that was reversed: the reversing entry (filled by points.history) */
  reversedBy: z.string().nullable(),
  createdAt: z.string(),
  hash: z.string(),
});
export type EntryView = z.infer<typeof entryView>;

// ---------- rules ----------

export const rulesListOutput = z.object({
  communityId: idSchema,
  categories: z.array(ruleCategory.extend({ items: z.array(ruleItem) })),
  grading,
  /** the subscribe-message template the claim form asks the leader to allow (null: none configured) */
  subscribeTemplates: z.object({ claimResult: z.string().nullable() }),
});
export type RulesView = z.infer<typeof rulesListOutput>;

export const pointsRulesList = defineAction(
  'points.rules.list',
  z
    .object({ communityId: communityRef, includeInactive: z.boolean({ error: '必须是真或假' }).default(false) })
    .strict()
    .default({ includeInactive: false }),
  rulesListOutput,
);

export const pointsRulesUpsert = defineAction(
  'points.rules.upsert',
  z.object({ idempotencyKey, communityId: communityRef, item: ruleItemInput }).strict(),
  z.object({ item: ruleItem, created: z.boolean() }),
);

export const pointsGradingUpsert = defineAction(
  'points.grading.upsert',
  z.object({ idempotencyKey, communityId: communityRef, grading }).strict(),
  z.object({ grading }),
);

// ---------- claims ----------

export const claimView = z.object({
  id: z.string(),
  person: personRef,
  branchId: idSchema.nullable(),
  item: z.object({ code: ruleCode, name: z.string(), version: z.number().int(), points: z.number().int() }),
  approver: z.enum(APPROVERS),
  date: z.string(),
  note: z.string(),
  photos: z.array(z.string()),
  status: z.enum(CLAIM_STATUSES),
  review: z
    .object({ by: personRef, reason: z.string().nullable(), at: z.string() })
    .nullable(),
  entryId: z.string().nullable(),
  createdAt: z.string(),
});
export type ClaimView = z.infer<typeof claimView>;

/** a file the person uploaded to our cloud storage (the function checks it is theirs and exists) */
export const photoId = z
  .string({ error: '照片地址必须是文字' })
  .min(1, '照片地址不能为空')
  .max(300, '照片地址过长')
  .regex(/^cloud:\/\/[^/\s]+\/\S+$/, '照片须是在小程序里上传的图片');

export const pointsClaimSubmit = defineAction(
  'points.claim.submit',
  z
    .object({
      idempotencyKey,
      itemCode: ruleCode,
      date: z.string({ error: '日期必须是文字' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-11-01'),
      note: z.string({ error: '说明必须是文字' }).trim().max(200, '说明最多 200 个字').default(''),
      photos: z
        .array(photoId, { error: '照片必须是列表' })
        .max(9, '最多上传 9 张照片')
        .refine((ids) => new Set(ids).size === ids.length, { message: '照片不能重复' })
        .default([]),
    })
    .strict(),
  claimView,
);

export const pointsClaimReview = defineAction(
  'points.claim.review',
  z
    .object({
      idempotencyKey,
      claimId: z.string({ error: '申报编号必须是文字' }).min(1, '申报编号不能为空').max(80, '申报编号过长'),
      decision: z.enum(['approve', 'reject'], { error: '审核结果只能是 approve 或 reject' }),
      reason: z.string({ error: '理由必须是文字' }).trim().max(200, '理由最多 200 个字').optional(),
    })
    .strict()
    .refine((v) => v.decision === 'approve' || (v.reason ?? '').length >= 2, {
      message: '驳回时请填写理由（至少 2 个字）',
      path: ['reason'],
    }),
  z.object({ claim: claimView, entry: entryView.nullable() }),
);

export const pointsClaimList = defineAction(
  'points.claim.list',
  pageInput.extend({
    /** mine: the caller's own claims; pending: claims the caller may review; reviewed: ones they reviewed */
    box: z.enum(['mine', 'pending', 'reviewed'], { error: '列表只能是 mine、pending 或 reviewed' }).default('mine'),
  }),
  z.object({ claims: z.array(claimView), page: z.number().int(), hasMore: z.boolean() }),
);

// ---------- awards and reversals ----------

const personIds = z
  .array(idSchema, { error: '人员必须是列表' })
  .min(1, '请至少选择 1 人')
  .max(50, '一次最多 50 人')
  .refine((ids) => new Set(ids).size === ids.length, { message: '人员不能重复' });

export const awardOutput = z.object({ entries: z.array(entryView), replayed: z.boolean() });

export const pointsAward = defineAction(
  'points.award',
  z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('item'), idempotencyKey, personIds, itemCode: ruleCode, reason: reasonText.optional() }).strict(),
      z
        .object({
          kind: z.literal('adjustment'),
          idempotencyKey,
          personIds,
          points: adjustmentPoints,
          reason: reasonText,
        })
        .strict(),
    ],
    { error: '加分方式只能是 item（按事项）或 adjustment（调整）' },
  ),
  awardOutput,
);

export const pointsReverse = defineAction(
  'points.reverse',
  z
    .object({
      idempotencyKey,
      entryId: z.string({ error: '记录编号必须是文字' }).min(1, '记录编号不能为空').max(80, '记录编号过长'),
      reason: reasonText,
    })
    .strict(),
  z.object({ entry: entryView, replayed: z.boolean() }),
);

// ---------- balances, history, ranking ----------

export const rankView = z.object({ rank: z.number().int(), of: z.number().int() }).nullable();

export const pointsBalance = defineAction(
  'points.balance',
  z.object({ personId: idSchema.optional(), period: periodKey.optional() }).strict().default({}),
  z.object({
    person: personRef,
    communityId: idSchema,
    branchId: idSchema.nullable(),
    balance: z.number().int(),
    period: z.object({ key: z.string(), type: z.enum(PERIOD_TYPES), label: z.string(), points: z.number().int() }),
    rank: z.object({ branch: rankView, community: rankView }),
    /** provisional: the period is not over or not yet published */
    grade: z.string(),
  }),
);

export const pointsHistory = defineAction(
  'points.history',
  pageInput.extend({ personId: idSchema.optional() }),
  z.object({ entries: z.array(entryView), page: z.number().int(), hasMore: z.boolean() }),
);

export const RANK_SCOPES = ['branch', 'community'] as const;
export type RankScope = (typeof RANK_SCOPES)[number];

export const rankingRow = z.object({
  rank: z.number().int(),
  personId: idSchema,
  /** full name for staff and the person themself; otherwise masked */
  name: z.string(),
  branchId: idSchema.nullable(),
  points: z.number().int(),
  grade: z.string(),
  isMe: z.boolean(),
});
export type RankingRow = z.infer<typeof rankingRow>;

export const pointsRanking = defineAction(
  'points.ranking',
  pageInput.extend({
    period: periodKey.optional(),
    scope: z.enum(RANK_SCOPES, { error: '范围只能是 branch 或 community' }).default('community'),
    /** branch scope: which branch (default: the caller's own); community scope: which community */
    scopeId: idSchema.optional(),
  }),
  z.object({
    period: z.object({ key: z.string(), type: z.enum(PERIOD_TYPES), label: z.string() }),
    scope: z.object({ type: z.enum(RANK_SCOPES), id: idSchema }),
    rows: z.array(rankingRow),
    page: z.number().int(),
    hasMore: z.boolean(),
  }),
);

// ---------- publications (公示) ----------

export const PUBLICATION_STATUSES = ['open', 'final'] as const;
export const publicationRow = z.object({
  rank: z.number().int(),
  personId: idSchema,
  /** the name with the person's consent, otherwise masked (张*) */
  name: z.string(),
  points: z.number().int(),
  grade: z.string(),
});
export type PublicationRow = z.infer<typeof publicationRow>;

export const chainHead = z.object({ seq: z.number().int(), hash: z.string() });

export const publicationSummary = z.object({
  id: z.string(),
  communityId: idSchema,
  title: z.string(),
  period: z.object({ key: z.string(), type: z.enum(PERIOD_TYPES), label: z.string() }),
  scope: z.object({ type: z.enum(RANK_SCOPES), id: idSchema, name: z.string() }),
  status: z.enum(PUBLICATION_STATUSES),
  createdAt: z.string(),
  windowEndsAt: z.string(),
  finalizedAt: z.string().nullable(),
  head: chainHead,
  revision: z.number().int(),
  rowCount: z.number().int(),
  rowsHash: z.string(),
  openObjections: z.number().int(),
});
export type PublicationSummary = z.infer<typeof publicationSummary>;

export const objectionView = z.object({
  id: z.string(),
  publicationId: z.string(),
  /** the objector as shown to the public: masked unless it is the viewer or the viewer is staff */
  by: z.object({ id: idSchema, name: z.string() }),
  text: z.string(),
  /** held: waiting for staff to review its content (shown to staff only) */
  status: z.enum(OBJECTION_STATUSES),
  answer: z.string().nullable(),
  correctionEntryIds: z.array(z.string()),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type ObjectionView = z.infer<typeof objectionView>;

export const publicationId = z.string({ error: '公示编号必须是文字' }).min(1, '公示编号不能为空').max(80, '公示编号过长');

/**
 * Objections come 10 a page (an objection and its answer may each be 500 characters: 20 would break
 * the 64 KB response budget), oldest first; the cursor names the last one shown.
 */
export const OBJECTION_PAGE_SIZE = 10;
const objectionsCursor = z
  .string({ error: '翻页位置必须是文字' })
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[A-Za-z0-9_-]{1,80}$/, '翻页位置格式不正确');
const objectionId = z.string({ error: '异议编号必须是文字' }).min(1, '异议编号不能为空').max(80, '异议编号过长');

export const pointsPublicationCreate = defineAction(
  'points.publication.create',
  z
    .object({
      idempotencyKey,
      period: periodKey,
      scope: z.enum(RANK_SCOPES, { error: '范围只能是 branch 或 community' }).default('community'),
      /** branch scope: the branch; community scope: the community (default: the caller's) */
      scopeId: idSchema.optional(),
      noticeDays: z.number({ error: '公示天数必须是数字' }).int('公示天数必须是整数').min(1, '公示期至少 1 天').max(15, '公示期最多 15 天').default(5),
    })
    .strict(),
  publicationSummary,
);

export const pointsPublicationList = defineAction(
  'points.publication.list',
  pageInput.extend({ communityId: communityRef }),
  z.object({ publications: z.array(publicationSummary), page: z.number().int(), hasMore: z.boolean() }),
);

export const pointsPublicationGet = defineAction(
  'points.publication.get',
  pageInput.extend({ publicationId }),
  z.object({
    publication: publicationSummary,
    rows: z.array(publicationRow),
    /** page 1: the first page of the objections the viewer may see; later pages: none (see points.publication.objections) */
    objections: z.array(objectionView),
    /** the cursor of the next page of objections, null when there is none */
    moreObjections: z.string().nullable(),
    page: z.number().int(),
    hasMore: z.boolean(),
    /** whether the viewer may still object (window open, viewer in the community) */
    canObject: z.boolean(),
  }),
);

export const pointsPublicationObject = defineAction(
  'points.publication.object',
  z
    .object({
      idempotencyKey,
      publicationId,
      text: z.string({ error: '异议内容必须是文字' }).trim().min(5, '请把异议写清楚（至少 5 个字）').max(500, '异议最多 500 个字'),
    })
    .strict(),
  objectionView,
);

/** The next page of a publication's objections: staff see all, others the ones shown to the public. */
export const pointsPublicationObjections = defineAction(
  'points.publication.objections',
  z.object({ publicationId, cursor: objectionsCursor.optional() }).strict(),
  z.object({ objections: z.array(objectionView), nextCursor: z.string().nullable() }),
);

/** Staff on an objection the content check held: release it to the public, or reject its content. */
export const pointsPublicationModerate = defineAction(
  'points.publication.moderate',
  z
    .object({
      idempotencyKey,
      objectionId,
      decision: z.enum(['release', 'reject'], { error: '审核结果只能是 release（公开）或 reject（不予公开）' }),
    })
    .strict(),
  objectionView,
);

export const pointsPublicationResolve = defineAction(
  'points.publication.resolve',
  z
    .object({
      idempotencyKey,
      objectionId,
      answer: z.string({ error: '答复必须是文字' }).trim().min(2, '请填写答复（至少 2 个字）').max(500, '答复最多 500 个字'),
      /** corrections booked into the publication's period; the publication is then re-frozen */
      corrections: z
        .array(
          z
            .object({
              personId: idSchema,
              points: adjustmentPoints,
              reason: reasonText,
            })
            .strict(),
          { error: '更正必须是列表' },
        )
        .max(20, '一次最多 20 条更正')
        .default([]),
    })
    .strict(),
  z.object({ objection: objectionView, publication: publicationSummary, entries: z.array(entryView) }),
);

export const pointsPublicationFinalize = defineAction(
  'points.publication.finalize',
  z.object({ idempotencyKey, publicationId }).strict(),
  publicationSummary,
);

// ---------- verification ----------

export const VERIFY_PROBLEM_KINDS = ['entry', 'chain', 'book', 'account', 'tally', 'publication'] as const;
export const verifyProblem = z.object({
  kind: z.enum(VERIFY_PROBLEM_KINDS),
  collection: z.string(),
  docId: z.string(),
  field: z.string(),
  expected: z.string(),
  actual: z.string(),
  /** Chinese, e.g. 第 12 条记录的哈希与内容不符 */
  message: z.string(),
});
export type VerifyProblem = z.infer<typeof verifyProblem>;

export const verifyOutput = z.object({
  ok: z.boolean(),
  communityId: idSchema,
  /** full: everything recomputed from the first entry; incremental: the chain since the last full check */
  mode: z.enum(['full', 'incremental']),
  /** where an incremental check started: the head of the last full check that passed (null: none yet) */
  from: chainHead.extend({ at: z.string() }).nullable(),
  /** what this check vouches for and what it leaves to a full check, in Chinese */
  covers: z.string(),
  head: chainHead,
  checked: z.object({ entries: z.number().int(), accounts: z.number().int(), tallies: z.number().int(), publicationRows: z.number().int() }),
  problems: z.array(verifyProblem),
  /** problems beyond this list were left out */
  truncated: z.boolean(),
  ms: z.number(),
});
export type VerifyReport = z.infer<typeof verifyOutput>;

export const pointsVerify = defineAction(
  'points.verify',
  z
    .object({
      communityId: communityRef,
      /** check one publication against the ledger (anyone in its community may; always in full) */
      publicationId: publicationId.optional(),
      /** staff only: recompute everything from the first entry instead of continuing from the checkpoint */
      full: z.boolean({ error: '全面核对的取值不正确' }).default(false),
    })
    .strict()
    .default({ full: false }),
  verifyOutput,
);
