/** zod speaks Chinese here, and its issues become our field issues. */
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import type { FieldIssue } from '../../core/contracts/common';
import { AppError } from './errors';

// Messages the contracts don't set themselves come from zod's zh-CN locale (imported alone: the
// `z.locales` bundle of every language would add ~300 KB to each function).
z.config(zhCN());

export function fieldIssues(error: z.ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    // name each unexpected field (e.g. an `openid` smuggled into the input) at its own path
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `不允许提交字段“${key}”` }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/** Parses untrusted input or throws VALIDATION_ERROR with one issue per offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error, prefix);
  throw new AppError('VALIDATION_ERROR', `提交的内容有误：${issues[0].message}`, issues);
}
