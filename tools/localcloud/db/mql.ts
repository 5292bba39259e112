/**
 * MongoDB's query language as CloudBase's MongoDB answers it: mingo with every operator it ships,
 * except the few it gets wrong (replaced in `corrections.ts`, each saying why) and the ones the local
 * cloud cannot honour (geo, `$jsonSchema`, `$where`), which refuse with INVALID_PARAM instead of
 * answering differently. Everything in db/ evaluates through here.
 */
import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr, ProcessingMode } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { update } from 'mingo/updater';
import { CloudError } from '../types';
import { correctedExpressions, correctedQueryOperators } from './corrections';

const refuse = (what: string) => () => {
  throw new CloudError('INVALID_PARAM', `本地云不支持${what}，无法给出与云开发一致的结果`);
};
const geo = (op: string) => refuse(`地理位置查询 ${op}（没有 2dsphere 索引和地理计算）`);

const context = Context.init({
  accumulator,
  expression: { ...expression, ...correctedExpressions },
  pipeline: { ...pipeline, $geoNear: geo('$geoNear 聚合阶段') },
  projection,
  query: {
    ...query,
    ...correctedQueryOperators,
    $near: geo('$near'),
    $nearSphere: geo('$nearSphere（geoNear）'),
    $geoWithin: geo('$geoWithin'),
    $geoIntersects: geo('$geoIntersects'),
    $jsonSchema: refuse(' $jsonSchema 查询'),
    $where: refuse(' $where 查询'),
  },
  window,
});

export type Variables = Record<string, unknown>;

const options = (variables?: Variables): Partial<Options> => ({ context, ...(variables ? { variables } : {}) });

/** A compiled query as a predicate; a malformed one (or one failing on a document) is INVALID_PARAM. */
export function compileQuery(criteria: Record<string, unknown>, variables?: Variables): (doc: unknown) => boolean {
  const compiled = invalidAs('查询条件无效', () => new Query(criteria, options(variables)));
  return (doc) => {
    try {
      return compiled.test(doc as Record<string, unknown>);
    } catch (err) {
      throw invalid('查询条件无效', err);
    }
  };
}

/** Projects, sorts and pages documents in memory. */
export function findIn(
  docs: unknown[],
  projection: Record<string, unknown> | undefined,
  page?: { sort: Record<string, 1 | -1>; skip: number; limit: number },
): unknown[] {
  return invalidAs('查询无效', () => {
    const cursor = new Query({}, options()).find(docs, projection);
    return (page ? cursor.sort(page.sort).skip(page.skip).limit(page.limit) : cursor).all();
  });
}

/** Runs pipeline stages on copies of the documents (mingo writes into nested inputs otherwise). */
export function runPipeline(stages: Record<string, unknown>[], docs: unknown[], variables?: Variables): unknown[] {
  return invalidAs('聚合管道无效', () =>
    new Aggregator(stages, { ...options(variables), processingMode: ProcessingMode.CLONE_INPUT }).run(docs as Record<string, unknown>[]),
  );
}

/** Applies a modifier in place (the caller passes a copy). */
export function applyUpdate(doc: Record<string, unknown>, modifier: Record<string, unknown>): void {
  invalidAs('更新操作无效', () => update(doc, modifier, undefined, undefined, { cloneMode: 'deep', queryOptions: options() }));
}

/** Evaluates an aggregation expression (e.g. a `$lookup`'s `let`) against a document. */
export function evaluate(doc: unknown, expr: unknown, variables?: Variables): unknown {
  return invalidAs('表达式无效', () => evalExpr(doc, expr, options(variables) as Options));
}

/** mingo's errors (a malformed query, an expression failing on a value) are the caller's: INVALID_PARAM. */
const invalid = (what: string, err: unknown) => (err instanceof CloudError ? err : new CloudError('INVALID_PARAM', `${what}: ${(err as Error).message}`));

function invalidAs<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw invalid(what, err);
  }
}
