/**
 * The envelope every cloud function speaks, shared by the mini-program and the functions.
 * A call is `{ action, data }`; the answer is `{ ok: true, data } | { ok: false, error }`.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'IDEMPOTENCY_CONFLICT',
  'RATE_LIMITED',
  'CONTENT_REJECTED',
  'PRECONDITION_FAILED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** dotted path of the offending field, '' for the whole input */
  path: string;
  /** Chinese, fit to show next to the field */
  message: string;
}

export interface AppErrorBody {
  code: ErrorCode;
  /** Chinese, fit to show a user */
  message: string;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

export const callEnvelope = z
  .object({
    action: z.string().min(1, '缺少操作名称'),
    data: z.unknown().optional(),
  })
  .strict();

/** One action of one cloud function: its name and the shapes of what goes in and comes out. */
export interface ActionContract<
  A extends string = string,
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> {
  action: A;
  input: I;
  output: O;
}

export function defineAction<A extends string, I extends z.ZodType, O extends z.ZodType>(
  action: A,
  input: I,
  output: O,
): ActionContract<A, I, O> {
  return { action, input, output };
}

/** `points.award` is served by the function `points`. */
export function functionOf(action: string): string {
  return action.split('.')[0];
}

/** Document ids as CloudBase and our seed make them: short, URL-safe. */
export const idSchema = z
  .string({ error: (issue) => (issue.input === undefined ? '缺少编号' : '编号必须是文字') })
  .min(1, '编号不能为空')
  .max(64, '编号过长')
  .regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');

/** Paging: at most 20 rows a page (ARCHITECTURE budgets). */
export const pageInput = z
  .object({
    page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').default(1),
    pageSize: z
      .number({ error: '每页条数必须是数字' })
      .int('每页条数必须是整数')
      .min(1, '每页至少 1 条')
      .max(20, '每页最多 20 条')
      .default(20),
  })
  .strict();

export const emptyInput = z.object({}).strict().default({});
