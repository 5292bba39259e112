/**
 * Query, update and aggregation execution over the engine's collections: candidates come from the
 * planner, mingo decides matches, applies update operators, projects, sorts and aggregates.
 */
import { randomBytes } from 'node:crypto';
import { cloneDeep, resolve } from 'mingo/util';
import { ObjectId } from 'bson';
import { CloudError } from '../types';
import type { Change, Collection } from './collection';
import type { Engine } from './engine';
import { isDocId, isPlainObject, type Doc, type DocId } from './ejson';
import { applyUpdate, compileQuery, evaluate, findIn, runPipeline, type Variables } from './mql';
import { planQuery, queryFields, type Plan, type SortSpec } from './planner';

export interface ExecStats {
  docsExamined: number;
  plans: Record<Plan['kind'], number>;
}

export interface ExecContext {
  engine: Engine;
  /** fail queries no index serves on collections above this size (test mode) */
  unindexedThreshold: number | null;
  stats: ExecStats;
}

export interface FindOptions {
  sort: SortSpec;
  skip: number;
  limit: number;
  projection: Record<string, unknown> | null;
}

/** CloudBase-like ids: 32 hex characters, roughly in creation order. */
export function newId(): string {
  return new ObjectId().toHexString() + randomBytes(4).toString('hex');
}

function plan(ctx: ExecContext, coll: Collection, query: Record<string, unknown>, sort: SortSpec, variables?: Variables): Plan {
  const p = planQuery(coll, query, sort, variables);
  ctx.stats.plans[p.kind] += 1;
  const limit = ctx.unindexedThreshold;
  if (p.kind === 'scan' && limit !== null && coll.size > limit && (Object.keys(query).length > 0 || sort.length > 0)) {
    const fields = [...queryFields(query), ...sort.map(([f]) => f)];
    throw new CloudError(
      'LOCALCLOUD_UNINDEXED_QUERY',
      `集合 ${coll.name} 有 ${coll.size} 条文档（阈值 ${limit}），没有声明的索引能服务按 ${[...new Set(fields)].join(', ')} 的查询/排序；请在 database/${coll.name}.json 中声明索引`,
    );
  }
  return p;
}

/** The matching documents, in plan order, examined lazily. */
function* matches(ctx: ExecContext, p: Plan, query: Record<string, unknown>, variables?: Variables): Generator<Doc> {
  const test = Object.keys(query).length === 0 ? null : compileQuery(query, variables);
  for (const doc of p.candidates()) {
    ctx.stats.docsExamined += 1;
    if (!test || test(doc)) yield doc;
  }
}

/** `variables`: those of a `$lookup`'s `let`, which its pipeline's `$match` may use in `$expr`. */
export function findDocs(ctx: ExecContext, collName: string, query: Record<string, unknown>, opts: FindOptions, variables?: Variables): Doc[] {
  const coll = ctx.engine.collection(collName);
  const p = plan(ctx, coll, query, opts.sort, variables);
  const projection = opts.projection && Object.keys(opts.projection).length > 0 ? opts.projection : undefined;
  if (p.ordered || opts.sort.length === 0) {
    const page: Doc[] = [];
    let skipped = 0;
    if (opts.limit === 0) return page;
    for (const doc of matches(ctx, p, query, variables)) {
      if (skipped < opts.skip) skipped++;
      else if (page.push(doc) === opts.limit) break;
    }
    return projection ? projectDocs(page, projection) : page;
  }
  const all = [...matches(ctx, p, query, variables)];
  return findIn(all, projection, { sort: Object.fromEntries(opts.sort), skip: opts.skip, limit: opts.limit }) as Doc[];
}

export function projectDocs(docs: Doc[], projection: Record<string, unknown>): Doc[] {
  return Object.keys(projection).length === 0 ? docs : (findIn(docs, projection) as Doc[]);
}

export function countDocs(ctx: ExecContext, collName: string, query: Record<string, unknown>): number {
  const coll = ctx.engine.collection(collName);
  if (Object.keys(query).length === 0) return coll.size;
  let n = 0;
  for (const _ of matches(ctx, plan(ctx, coll, query, []), query)) n++;
  return n;
}

function hasOperators(data: Record<string, unknown>): boolean {
  return Object.keys(data).some((k) => k.startsWith('$'));
}

/** The document after an update: operators (or plain fields, set one by one) when merging, else a replacement. */
export function updatedDoc(old: Doc, data: Record<string, unknown>, merge: boolean): Doc {
  if (!merge) {
    if (hasOperators(data)) throw new CloudError('INVALID_PARAM', '整体替换（set）的数据不能包含更新操作符');
    return { ...cloneDeep(data), _id: old._id };
  }
  const modifier: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) modifier[k] = v;
    else ((modifier.$set ??= {}) as Record<string, unknown>)[k] = v;
  }
  const next = cloneDeep(old);
  applyUpdate(next, modifier);
  if (next._id !== old._id) throw new CloudError('INVALID_PARAM', '不能更新 _id 的值');
  return next;
}

/** A new document for an upsert: the query's equality fields, then the update. */
export function upsertDoc(query: Record<string, unknown>, data: Record<string, unknown>, merge: boolean): Doc {
  const id = query._id;
  const _id: DocId = isDocId(id) ? id : newId();
  const base: Doc = { _id };
  for (const [k, v] of Object.entries(query)) if (!k.startsWith('$') && !isPlainObject(v) && !(v instanceof RegExp)) base[k] = v;
  return merge ? updatedDoc(base, data, true) : { ...cloneDeep(data), _id };
}

export interface ModifyRequest {
  coll: string;
  query: Record<string, unknown>;
  data: Record<string, unknown>;
  multi: boolean;
  merge: boolean;
  upsert: boolean;
}

export interface ModifyResult {
  updated: number;
  upsertId?: DocId;
  /** the first updated document, after the update */
  doc?: Doc;
}

/** Computes and commits an update; resolves once it is durable. */
export async function modifyDocs(ctx: ExecContext, req: ModifyRequest): Promise<ModifyResult> {
  const coll = ctx.engine.collection(req.coll);
  const changes: Change[] = [];
  for (const doc of matches(ctx, plan(ctx, coll, req.query, []), req.query)) {
    changes.push({ coll: req.coll, id: doc._id, doc: updatedDoc(doc, req.data, req.merge) });
    if (!req.multi) break;
  }
  if (changes.length === 0 && req.upsert) {
    const doc = upsertDoc(req.query, req.data, req.merge);
    await ctx.engine.commit([{ coll: req.coll, id: doc._id, doc }]);
    return { updated: 0, upsertId: doc._id, doc };
  }
  await ctx.engine.commit(changes);
  return { updated: changes.length, doc: changes[0]?.doc ?? undefined };
}

export async function removeDocs(ctx: ExecContext, collName: string, query: Record<string, unknown>, multi: boolean): Promise<number> {
  const coll = ctx.engine.collection(collName);
  const changes: Change[] = [];
  for (const doc of matches(ctx, plan(ctx, coll, query, []), query)) {
    changes.push({ coll: collName, id: doc._id, doc: null });
    if (!multi) break;
  }
  await ctx.engine.commit(changes);
  return changes.length;
}

/** New documents with their ids (given or generated); a taken id is a duplicate write. */
export function insertChanges(coll: Collection, docs: Record<string, unknown>[]): Change[] {
  const seen = new Set<DocId>();
  return docs.map((data) => {
    const given = data._id;
    if (given !== undefined && !isDocId(given)) throw new CloudError('INVALID_PARAM', '_id 必须是字符串、数字或 ObjectId');
    const id = given ?? newId();
    if (coll.docs.has(id) || seen.has(id)) throw new CloudError('DATABASE_DUPLICATE_WRITE', `集合 ${coll.name} 中已有 _id 为 ${id} 的文档`);
    seen.add(id);
    return { coll: coll.name, id, doc: { _id: id, ...data } };
  });
}

/**
 * An aggregation. Its leading `$match`, `$sort`, `$skip`, `$limit` (and an inclusion `$project`) run as a query (the planner
 * serves them from an index as CloudBase would, and test mode refuses an unindexed one); a
 * `$lookup` runs per document on the foreign collection, as a planned query (localField/foreignField
 * form) or as this same function on its pipeline with the `let` variables bound, so a lookup is
 * index-served or refused too; mingo runs the other stages on copies.
 */
export function aggregateDocs(ctx: ExecContext, collName: string, pipeline: Record<string, unknown>[], variables?: Variables): unknown[] {
  const { query, sort, skip, limit, projection, rest } = leadingFind(pipeline);
  let docs: unknown[] = findDocs(ctx, collName, query, { sort, skip, limit, projection }, variables);
  let segment: Record<string, unknown>[] = [];
  const runSegment = () => {
    if (segment.length > 0) docs = runPipeline(segment, docs, variables);
    segment = [];
  };
  for (const stage of rest) {
    if (!('$lookup' in stage)) {
      segment.push(stage);
      continue;
    }
    runSegment();
    docs = lookup(ctx, stage.$lookup, docs as Doc[], variables);
  }
  runSegment();
  return docs;
}

/** The leading stages a query can run: `$match`, `$sort`, `$skip`, `$limit`, an inclusion `$project`, in this order. */
function leadingFind(pipeline: Record<string, unknown>[]) {
  let i = 0;
  const take = <T>(key: string, ok: (v: unknown) => v is T): T | undefined => {
    const v = pipeline[i]?.[key];
    if (pipeline[i] && Object.keys(pipeline[i]).length === 1 && ok(v)) {
      i++;
      return v;
    }
    return undefined;
  };
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const query = take('$match', isPlainObject) ?? {};
  const order = take('$sort', isPlainObject);
  const sort: SortSpec = order ? Object.entries(order).map(([f, d]) => [f, d === -1 ? -1 : 1]) : [];
  const skip = take('$skip', isCount) ?? 0;
  const limit = take('$limit', isCount) ?? Infinity;
  // a plain inclusion $project runs as the query's projection: later stages copy only those fields
  const projection = take('$project', isInclusion) ?? null;
  return { query, sort, skip, limit, projection, rest: pipeline.slice(i) };
}

/** `{a: 1, 'b.c': true}`: fields kept as they are, no expressions or exclusions */
function isInclusion(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.entries(v).every(([k, x]) => !k.startsWith('$') && (x === 1 || x === true));
}

function lookup(ctx: ExecContext, spec: unknown, docs: Doc[], variables?: Variables): Doc[] {
  const { from, localField, foreignField, as, let: lets, pipeline } = (isPlainObject(spec) ? spec : {}) as Record<string, unknown>;
  const named = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  if (!named(from) || !named(as)) throw new CloudError('INVALID_PARAM', '$lookup 需要 from 和 as');
  const foreign = ctx.engine.collection(from);
  if (pipeline === undefined) {
    if (!named(localField) || !named(foreignField) || lets !== undefined) {
      throw new CloudError('INVALID_PARAM', '$lookup 需要 localField 和 foreignField，或者 let 和 pipeline');
    }
    return docs.map((doc) => {
      const value = resolve(doc, localField);
      const query = { [foreignField]: Array.isArray(value) ? { $in: value } : (value ?? null) };
      return { ...doc, [as]: [...matches(ctx, plan(ctx, foreign, query, []), query)] };
    });
  }
  if (localField !== undefined || foreignField !== undefined) {
    throw new CloudError('INVALID_PARAM', '$lookup 不能同时使用 localField/foreignField 和 pipeline（MongoDB 5.0 起才支持）');
  }
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) throw new CloudError('INVALID_PARAM', '$lookup 的 pipeline 必须是聚合阶段的数组');
  if (lets !== undefined && !isPlainObject(lets)) throw new CloudError('INVALID_PARAM', '$lookup 的 let 必须是对象');
  return docs.map((doc) => {
    const bound = lets ? (evaluate(doc, lets, variables) as Variables) : {};
    return { ...doc, [as]: aggregateDocs(ctx, foreign.name, pipeline, { ...variables, ...bound }) };
  });
}
