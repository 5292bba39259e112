/**
 * The points scheme's enums and their Chinese names. A plain module (no zod), shared by the
 * contracts, the functions and the mini-program's pages (see core/labels/org.ts for why).
 */
export const PERIOD_TYPES = ['month', 'quarter', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];
export const PERIOD_TYPE_LABELS: Record<PeriodType, string> = { month: '月度', quarter: '季度', year: '年度' };

export const APPROVERS = ['secretary', 'staff'] as const;
export type Approver = (typeof APPROVERS)[number];
export const APPROVER_LABELS: Record<Approver, string> = { secretary: '小区党支部书记', staff: '社区工作人员' };

export const ENTRY_SOURCES = ['claim', 'award', 'adjustment', 'correction', 'request', 'wish', 'activity'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];
export const ENTRY_SOURCE_LABELS: Record<EntrySource, string> = {
  claim: '积分申报',
  award: '集中加分',
  adjustment: '积分调整',
  correction: '公示更正',
  request: '办结诉求',
  wish: '认领微心愿',
  activity: '参加活动',
};

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
};

/** held: the content check asked for a person to look first (not public yet); rejected: staff refused its content */
export const OBJECTION_STATUSES = ['held', 'open', 'resolved', 'rejected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = { held: '待审核', open: '核实中', resolved: '已答复', rejected: '未通过审核' };
