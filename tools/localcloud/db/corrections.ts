/**
 * Operators where mingo (7.2) answers differently from MongoDB, replaced so that the local cloud
 * answers what CloudBase's MongoDB answers. Each follows MongoDB's own implementation
 * (src/mongo/db/pipeline/expression.cpp and the matcher), not only its manual.
 */
import { evalExpr } from 'mingo/core';
import * as expression from 'mingo/operators/expression';
import * as query from 'mingo/operators/query';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { isOperator, resolve } from 'mingo/util';
import { isPlainObject } from './ejson';

type ExpressionOp = (obj: Record<string, unknown>, expr: unknown, options: Options) => unknown;
type QueryOp = (selector: string, value: unknown, options: Options) => (obj: Record<string, unknown>) => boolean;

function args(name: string, obj: Record<string, unknown>, expr: unknown, options: Options, min: number, max = min): unknown[] {
  const values = evalExpr(obj, expr, options);
  if (!Array.isArray(values) || values.length < min || values.length > max) {
    throw new Error(`${name} 需要 ${min === max ? min : `${min} 到 ${max}`} 个参数`);
  }
  return values;
}

/**
 * `$week`: weeks begin on Sunday and the days before the year's first Sunday are week 0
 * (strftime's %U). mingo derives it from the ISO week and is off by one for most dates, e.g. it
 * gives 53 for Sunday 2023-01-01 (week 1). mingo's `$dayOfYear`/`$dayOfWeek` are right (and handle
 * `{date, timezone}`), so the week is computed from them.
 */
const $week: ExpressionOp = (obj, expr, options) => {
  const dayOfYear = expression.$dayOfYear(obj, expr, options) as number | null;
  const dayOfWeek = expression.$dayOfWeek(obj, expr, options) as number | null;
  if (dayOfYear === null || dayOfWeek === null) return null;
  return Math.floor((dayOfYear - dayOfWeek + 7) / 7);
};

const isContinuationByte = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** What MongoDB's coerceToString makes of a `$substrBytes` input. */
function coerceToString(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw new Error(`${name}: 不能把 ${typeof value} 转换为字符串`);
}

/**
 * `$substrBytes` (and its alias `$substr`): a negative length means "to the end of the string",
 * a start past the end gives "", and a negative start or a range splitting a UTF-8 character is an
 * error. mingo refuses negative lengths and starts past the end.
 */
const substrBytes =
  (name: string): ExpressionOp =>
  (obj, expr, options) => {
    const [value, start, count] = args(name, obj, expr, options, 3);
    const bytes = Buffer.from(coerceToString(name, value), 'utf8');
    if (typeof start !== 'number') throw new Error(`${name}: 起始位置必须是数字`);
    if (typeof count !== 'number') throw new Error(`${name}: 长度必须是数字`);
    const lower = Math.trunc(start);
    if (lower < 0) throw new Error(`${name}: 起始位置不能为负数（${lower}）`);
    const length = count < 0 ? bytes.length : Math.trunc(count);
    if (isContinuationByte(bytes[lower])) throw new Error(`${name}: 起始位置落在一个 UTF-8 字符中间`);
    if (isContinuationByte(bytes[lower + length])) throw new Error(`${name}: 结束位置落在一个 UTF-8 字符中间`);
    return lower >= bytes.length ? '' : bytes.subarray(lower, lower + length).toString('utf8');
  };

/** `$substrCP` refuses a negative start or length; mingo reads a negative length as "to the end", which only `$substrBytes` does. */
const $substrCP: ExpressionOp = (obj, expr, options) => {
  const [, start, count] = args('$substrCP', obj, expr, options, 3);
  if (typeof start === 'number' && start < 0) throw new Error('$substrCP: 起始位置不能为负数');
  if (typeof count === 'number' && count < 0) throw new Error('$substrCP: 长度不能为负数');
  return expression.$substrCP(obj, expr, options);
};

function codePointIndex(name: string, value: unknown, which: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`${name}: ${which}必须是整数`);
  if (value < 0) throw new Error(`${name}: ${which}不能为负数`);
  return value;
}

/**
 * `$indexOfCP`, which mingo does not have: the code point index of the first occurrence of the
 * token at or after `start` and before `end`, -1 if none; null for a null or missing string.
 */
const $indexOfCP: ExpressionOp = (obj, expr, options) => {
  const [input, token, start, end] = args('$indexOfCP', obj, expr, options, 2, 4);
  if (input === null || input === undefined) return null;
  if (typeof input !== 'string') throw new Error('$indexOfCP: 第一个参数必须是字符串');
  if (typeof token !== 'string') throw new Error('$indexOfCP: 第二个参数必须是字符串');
  const points = [...input];
  const tokenPoints = [...token];
  const from = start === undefined ? 0 : codePointIndex('$indexOfCP', start, '起始位置');
  const to = end === undefined ? points.length : Math.min(points.length, codePointIndex('$indexOfCP', end, '结束位置'));
  if (to < from) return -1;
  if (input === '' && token === '') return 0;
  // MongoDB tries each code point before `to`; a match may run past `to`, as there
  for (let i = from; i < to; i++) {
    if (i + tokenPoints.length <= points.length && tokenPoints.every((p, k) => points[i + k] === p)) return i;
  }
  return -1;
};

/**
 * `$elemMatch` with field conditions only considers elements that are documents (MongoDB's
 * ElemMatchObjectMatchExpression skips the others; an array element counts as a document whose
 * keys are its indexes). mingo tests every element and reads a field of a number as the number
 * itself, so `{tags: {$elemMatch: {a: 1}}}` matched `tags: [1]`. The value form
 * (`{$elemMatch: {$gte: 80}}`) stays mingo's.
 */
const $elemMatch: QueryOp = (selector, criteria, options) => {
  const valueForm =
    isPlainObject(criteria) && Object.keys(criteria).length > 0 && Object.keys(criteria).every((k) => isOperator(k) && !['$and', '$or', '$nor'].includes(k));
  if (valueForm || !isPlainObject(criteria)) return query.$elemMatch(selector, criteria as Record<string, unknown>, options) as (obj: Record<string, unknown>) => boolean;
  const inner = new Query(criteria, options);
  return (obj) => {
    const list: unknown = resolve(obj, selector, { unwrapArray: true });
    return (
      Array.isArray(list) &&
      list.some((el) => (isPlainObject(el) && inner.test(el)) || (Array.isArray(el) && inner.test({ ...el } as Record<string, unknown>)))
    );
  };
};

export const correctedExpressions = { $week, $substr: substrBytes('$substr'), $substrBytes: substrBytes('$substrBytes'), $substrCP, $indexOfCP };
export const correctedQueryOperators = { $elemMatch };
