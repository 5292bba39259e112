/**
 * 微心愿: the states, categories and flags as the pages show them. A plain module (no zod), shared
 * by the mini-program's pages and core/domain/service/wishes.ts.
 */
export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'confirmed'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_STATUS_LABELS: Record<WishStatus, string> = { open: '待认领', claimed: '已认领', fulfilled: '待确认', confirmed: '已完成' };
export const WISH_CATEGORIES = ['生活物品', '学习用品', '助老服务', '医疗健康', '陪伴关怀', '其他'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export const BENEFICIARY_KINDS = ['独居老人', '儿童', '困难家庭', '残疾人', '其他'] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];
export const MODERATIONS = ['pass', 'review', 'rejected'] as const;
export const MODERATION_LABELS: Record<(typeof MODERATIONS)[number], string> = { pass: '通过', review: '待审核', rejected: '未通过' };
export const WISH_EVENTS = ['post', 'moderate', 'claim', 'release', 'fulfil', 'confirm'] as const;
export type WishEventType = (typeof WISH_EVENTS)[number];
export const WISH_EVENT_LABELS: Record<WishEventType, string> = { post: '发布心愿', moderate: '内容审核', claim: '认领', release: '放弃认领', fulfil: '登记完成', confirm: '确认完成' };

/**
 * What the sweep raised for staff: `unclaimed` an open wish past its date (逾期未认领), `chased` a
 * claimed one not fulfilled in time (已催办).
 */
export const WISH_FLAGS = ['unclaimed', 'chased'] as const;
export type WishFlag = (typeof WISH_FLAGS)[number];
export const WISH_FLAG_LABELS: Record<WishFlag, string> = { unclaimed: '逾期未认领', chased: '已催办' };

/** A photo's mark for staff: WeChat's media check wants it reviewed, or found it risky (hidden from everyone else). */
export const PHOTO_MARK_LABELS = { review: '图片待复核', risky: '图片违规' } as const;
