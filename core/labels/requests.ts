/**
 * Requests (报事): the categories and urgencies as the forms offer them. A plain module (no zod),
 * shared by the mini-program's pages; the names come from the default categories.
 */
import { DEFAULT_CATEGORIES, URGENCIES, URGENCY_LABELS, type RequestCategoryCode, type Urgency } from '../domain/requests/categories';

export { URGENCIES, URGENCY_LABELS, type RequestCategoryCode, type Urgency };

export const REQUEST_CATEGORY_OPTIONS: readonly { code: RequestCategoryCode; name: string }[] = DEFAULT_CATEGORIES.map(({ code, name }) => ({ code, name }));

/** The handler's queue tabs. */
export const QUEUE_TABS = [
  { value: 'todo', label: '待接单' },
  { value: 'doing', label: '办理中' },
  { value: 'done', label: '已办结' },
] as const;

/** The staff board's views. */
export const BOARD_VIEWS = [
  { value: 'open', label: '未办结' },
  { value: 'overdue', label: '已超时' },
  { value: 'escalated', label: '已吹哨' },
] as const;

/** 督办 levels as a tag: 1 past the limit, 2 past the second limit (raised to staff). */
export const OVERDUE_LABELS: Record<number, string> = { 1: '已超时', 2: '超时督办' };
