/**
 * Notices' states and their Chinese names, for pages (no zod here; core/contracts/notices.ts builds
 * its schemas on these lists). Categories, their names and the limits are in core/domain/notices/blocks.ts.
 */
/** `checking`: its images wait for WeChat's media check (verdicts come by push, within 30 minutes) */
export const NOTICE_STATES = ['draft', 'checking', 'review', 'published', 'withdrawn'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = {
  draft: '草稿',
  checking: '图片审核中',
  review: '待复核',
  published: '已发布',
  withdrawn: '已撤回',
};

/** the official-account sync: `syncing` (steps or polling left), `published`, `failed` (see its message), `withdrawn` (nothing went out, or the article was deleted) */
export const MP_STATUSES = ['syncing', 'published', 'failed', 'withdrawn'] as const;
export type MpStatus = (typeof MP_STATUSES)[number];
export const MP_STATUS_LABELS: Record<MpStatus, string> = {
  syncing: '正在同步到公众号',
  published: '已在公众号发表',
  failed: '同步到公众号失败',
  withdrawn: '公众号文章已删除',
};
