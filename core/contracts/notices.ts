/**
 * Notices (公告): staff write them as structured blocks (core/domain/notices/blocks.ts), publish them
 * to residents in a scope and, when ticked, to the community's official account (公众号). Pages import
 * only the types of this module; limits and category names come from blocks.ts, which is plain.
 */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { idempotencyKey } from './points';
import { ROLE_CODES } from '../labels/org';
import { MP_STATUSES, NOTICE_STATES } from '../labels/notices';
import { charCount, NOTICE_CATEGORIES, NOTICE_LIMITS, plainText, imagesOf } from '../domain/notices/blocks';

export { NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS, NOTICE_LIMITS } from '../domain/notices/blocks';
export * from '../labels/notices';

const text = (what: string, max: number) =>
  z
    .string({ error: `${what}必须是文字` })
    .refine((t) => charCount(t) <= max, `${what}最多 ${max} 个字`)
    .refine((t) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(t), `${what}含有不能显示的字符`);

const run = z.object({ text: text('文字', NOTICE_LIMITS.bodyText).min(1, '文字不能为空'), bold: z.boolean({ error: '加粗必须是是或否' }).optional() }).strict();
const runs = z.array(run, { error: '段落内容格式不正确' }).min(1, '段落不能为空').max(100, '一段最多 100 处不同格式');

/** A file the author uploaded into `notices/<their person id>/…` (checked against the caller by the function). */
const imageFileId = z.string({ error: '图片必须是上传后的文件' }).startsWith('cloud://', '图片必须是在小程序里上传的文件').max(512, '图片文件编号过长');

export const noticeBlock = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('paragraph'), runs }).strict(),
    z.object({ type: z.literal('heading'), text: text('小标题', 64).trim().min(1, '小标题不能为空') }).strict(),
    z
      .object({
        type: z.literal('list'),
        ordered: z.boolean({ error: '请选择编号列表还是圆点列表' }),
        items: z.array(runs, { error: '列表格式不正确' }).min(1, '列表至少一项').max(50, '列表最多 50 项'),
      })
      .strict(),
    z.object({ type: z.literal('image'), fileId: imageFileId, caption: text('图片说明', 64).optional() }).strict(),
  ],
  { error: '正文段落的类型不正确（只能是段落、小标题、列表或图片）' },
);

const blocks = z
  .array(noticeBlock, { error: '正文格式不正确' })
  .min(1, '正文不能为空')
  .max(NOTICE_LIMITS.blocks, `正文最多 ${NOTICE_LIMITS.blocks} 段`)
  .refine((bs) => plainText(bs).trim() !== '', '正文不能只有图片，请写几句说明')
  .refine((bs) => charCount(plainText(bs)) <= NOTICE_LIMITS.bodyText, `正文最多 ${NOTICE_LIMITS.bodyText} 个字`)
  .refine((bs) => imagesOf(bs).length <= NOTICE_LIMITS.images, `正文最多 ${NOTICE_LIMITS.images} 张图片`);

const ids = (what: string) => z.array(idSchema, { error: `请选择${what}` }).min(1, `请至少选择一个${what}`).max(50, `最多选择 50 个${what}`);

/** Who a notice is for. Roles: e.g. every 红色近邻长 of the community. */
export const noticeScope = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('community') }).strict(),
    z.object({ kind: z.literal('compounds'), ids: ids('小区') }).strict(),
    z.object({ kind: z.literal('grids'), ids: ids('网格') }).strict(),
    z.object({ kind: z.literal('teams'), ids: ids('队伍') }).strict(),
    z.object({ kind: z.literal('roles'), roles: z.array(z.enum(ROLE_CODES, { error: '身份不正确' })).min(1, '请至少选择一种身份').max(ROLE_CODES.length) }).strict(),
  ],
  { error: '请选择公告发给谁（全社区、小区、网格、队伍或身份）' },
);
export type NoticeScope = z.infer<typeof noticeScope>;

const category = z.enum(NOTICE_CATEGORIES, { error: '请选择公告类别（通知公告、活动公告、政策信息、应急通知）' });


const noticeFields = {
  category,
  title: text('标题', NOTICE_LIMITS.title).trim().min(1, '请填写标题'),
  /** empty: the first 54 characters of the body, as WeChat does */
  digest: text('摘要', NOTICE_LIMITS.digest).trim().default(''),
  blocks,
  coverFileId: imageFileId.nullable().default(null),
  scope: noticeScope,
  pinned: z.boolean({ error: '置顶必须是是或否' }).default(false),
  /** ISO time; null: never expires */
  expiresAt: z.iso.datetime({ offset: true, error: '过期时间格式不正确' }).nullable().default(null),
  syncToOfficialAccount: z.boolean({ error: '同步到公众号必须是是或否' }).default(false),
};

/** A draft: new (`id` absent: made from the author and `idempotencyKey`) or an existing draft replaced. */
export const noticesSaveInput = z
  .object({ id: idSchema.optional(), idempotencyKey, ...noticeFields })
  .strict()
  .refine((n) => !n.syncToOfficialAccount || n.coverFileId !== null, { path: ['coverFileId'], message: '同步到公众号需要一张封面图片' });

const mpView = z.object({
  status: z.enum(MP_STATUSES),
  /** for staff, in their words: what went wrong and what to do */
  message: z.string().nullable(),
  /** 「在公众号阅读」 */
  articleUrl: z.string().nullable(),
});

export const noticeSummary = z.object({
  id: idSchema,
  category,
  title: z.string(),
  digest: z.string(),
  coverFileId: z.string().nullable(),
  pinned: z.boolean(),
  publishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** residents: not opened yet; staff: always false */
  unread: z.boolean(),
  state: z.enum(NOTICE_STATES),
});
export type NoticeSummary = z.infer<typeof noticeSummary>;

export const noticeView = noticeSummary.extend({
  blocks: z.array(noticeBlock),
  authorName: z.string(),
  articleUrl: z.string().nullable(),
  /** staff only (null for residents) */
  staff: z
    .object({
      scope: noticeScope,
      syncToOfficialAccount: z.boolean(),
      /** msgSecCheck's verdict when published or held; `review` waits for a second staff member */
      verdict: z.enum(['pass', 'review']).nullable(),
      approvedBy: z.string().nullable(),
      /** who wrote it: a held notice is approved by someone else */
      authorId: idSchema,
      /** why the last publishing went back to a draft (an image WeChat found risky, no verdict in time) */
      rejection: z.string().nullable(),
      readers: z.number().int(),
      mp: mpView.nullable(),
    })
    .nullable(),
});
export type NoticeView = z.infer<typeof noticeView>;

export const noticesSave = defineAction('notices.save', noticesSaveInput, noticeView);

const byId = z.object({ id: idSchema }).strict();

/** Content check, then visible to the scope (or held for a second staff member); with the 公众号 ticked, the sync starts. */
export const noticesPublish = defineAction('notices.publish', byId, noticeView);
/** A second staff member (not the author) releases a notice the content check held (`review`). */
export const noticesApprove = defineAction('notices.approve', byId, noticeView);
/** Off the feed; the official-account article is deleted (freepublish/delete). */
export const noticesWithdraw = defineAction('notices.withdraw', byId, noticeView);
/** Starts a failed official-account sync again (after staff fixed the cause, e.g. the IP whitelist). */
export const noticesResync = defineAction('notices.resync', byId, noticeView);
/** Opens a notice; a reader in scope is counted once. */
export const noticesGet = defineAction('notices.get', byId, noticeView);

/**
 * Residents: the notices in their scope, pinned first, then 应急, then newest. Staff (`mine: 'staff'`):
 * every notice of the community, drafts included, newest change first.
 */
export const noticesList = defineAction(
  'notices.list',
  z
    .object({
      view: z.enum(['feed', 'staff'], { error: '列表类型不正确' }).default('feed'),
      category: category.optional(),
      state: z.enum(NOTICE_STATES, { error: '状态不正确' }).optional(),
      page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').max(50, '最多翻到第 50 页').default(1),
    })
    .strict()
    .default({ view: 'feed', page: 1 }),
  z.object({ items: z.array(noticeSummary), hasMore: z.boolean() }),
);

/** Staff: unique readers among those in scope, and the subscribe messages' outcomes so far. */
export const noticesStats = defineAction(
  'notices.stats',
  byId,
  z.object({
    readers: z.number().int(),
    delivery: z.object({ sent: z.number().int(), refused: z.number().int(), failed: z.number().int(), done: z.boolean() }).nullable(),
  }),
);

const grantsView = z.object({
  /** the template to ask for with wx.requestSubscribeMessage; null: notices send no messages */
  templateId: z.string().nullable(),
  /** one-time grants held per category: each is one future notice's message */
  counts: z.object({ notice: z.number().int(), activity: z.number().int(), policy: z.number().int(), emergency: z.number().int() }),
});

/** After the resident accepted the subscribe prompt (in a tap) for these categories: one grant each. */
export const noticesSubscribe = defineAction(
  'notices.subscribe',
  z
    .object({
      // one accepted prompt is one message of the one notice template WeChat will deliver: so one
      // category per prompt, or a second category's message would be refused (43101)
      categories: z.array(category).min(1, '请选择一类公告').max(1, '每同意一次只能收到一条提醒，请一次选一类公告'),
    })
    .strict(),
  grantsView,
);
export const noticesGrants = defineAction('notices.grants', z.object({}).strict().default({}), grantsView);

/** The server's sweep (timer): official-account steps due, publish statuses to poll. */
export const noticesSweep = defineAction('notices.sweep', z.object({}).strict().default({}), z.object({ worked: z.number().int() }));
