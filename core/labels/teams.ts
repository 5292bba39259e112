/**
 * Volunteer teams (志愿服务队): an application's states as the pages show them. A plain module (no
 * zod), shared by the mini-program's pages and core/domain/service/teams.ts.
 */
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = { pending: '待审核', approved: '已通过', rejected: '未通过' };
