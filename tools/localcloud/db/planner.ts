/**
 * The query planner: picks the candidates a query must look at — by _id, through a declared index
 * (equality/$in on a key prefix, then a range on the next key; in sort order when the index can
 * give it), a union of indexed `$or` branches, or the whole collection. mingo then checks every
 * candidate against the full query, so an index only has to yield a superset of the matches.
 */
import { ObjectId } from 'bson';
import type { Collection } from './collection';
import type { Doc, DocId } from './ejson';
import { isPlainObject } from './ejson';
import { HIGH, type Index } from './indexes';

export type SortSpec = Array<[field: string, direction: 1 | -1]>;

export interface Plan {
  kind: 'id' | 'index' | 'or' | 'scan';
  /** the index used, for stats and messages */
  index?: string;
  /** candidates already come in the requested sort order */
  ordered: boolean;
  candidates(): Iterable<Doc>;
}

interface Bound {
  value: unknown;
  inclusive: boolean;
}
interface FieldPredicate {
  points?: unknown[];
  low?: Bound;
  high?: Bound;
}

const MAX_POINTS = 1000;

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Date || v instanceof ObjectId;
}

const fieldRef = (v: unknown) => (typeof v === 'string' && v.startsWith('$') && !v.startsWith('$$') ? v.slice(1) : null);

/**
 * `[field, value]` pairs an `$expr` requires equal: `{$eq: ['$field', constant or '$$variable']}`,
 * alone or under `$and` (a `$lookup` pipeline's join condition). Only equality: an index range
 * would not be a superset of `$expr`'s comparisons, which compare across types. The equality as a
 * query is (it also matches arrays holding the value, and a missing field for null).
 */
function exprEqualities(expr: unknown, variables: Record<string, unknown>): Array<[string, unknown]> {
  if (!isPlainObject(expr) || Object.keys(expr).length !== 1) return [];
  if (Array.isArray(expr.$and)) return expr.$and.flatMap((e) => exprEqualities(e, variables));
  const operands = expr.$eq;
  if (!Array.isArray(operands) || operands.length !== 2) return [];
  const [a, b] = operands;
  const field = fieldRef(a) ?? fieldRef(b);
  const other = fieldRef(a) === null ? a : b;
  if (field === null || fieldRef(other) !== null) return [];
  const name = typeof other === 'string' && other.startsWith('$$') ? other.slice(2) : null;
  const value = name === null ? other : Object.hasOwn(variables, name) ? variables[name] : undefined;
  return isScalar(value) ? [[field, value]] : [];
}

/** The per-field constraints of a query's top-level conjunction that an index can serve. */
function predicates(query: Record<string, unknown>, variables: Record<string, unknown>, out = new Map<string, FieldPredicate>()): Map<string, FieldPredicate> {
  for (const [key, cond] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) predicates(sub, variables, out);
      continue;
    }
    if (key === '$expr') {
      for (const [field, value] of exprEqualities(cond, variables)) if (!out.get(field)?.points) out.set(field, { ...out.get(field), points: [value] });
      continue;
    }
    if (key.startsWith('$')) continue;
    const pred = out.get(key) ?? {};
    if (isScalar(cond)) pred.points ??= [cond];
    else if (isPlainObject(cond) && Object.keys(cond).every((k) => k.startsWith('$'))) {
      if ('$eq' in cond && isScalar(cond.$eq)) pred.points ??= [cond.$eq];
      if (Array.isArray(cond.$in) && cond.$in.length <= MAX_POINTS && cond.$in.every(isScalar)) pred.points ??= cond.$in;
      for (const op of ['$gt', '$gte'] as const)
        if (op in cond && isScalar(cond[op]) && cond[op] !== null) pred.low = { value: cond[op], inclusive: op === '$gte' };
      for (const op of ['$lt', '$lte'] as const)
        if (op in cond && isScalar(cond[op]) && cond[op] !== null) pred.high = { value: cond[op], inclusive: op === '$lte' };
    }
    if (pred.points || pred.low || pred.high) out.set(key, pred);
  }
  return out;
}

/** Field names a query constrains (also those an `$expr` refers to), for messages. */
export function queryFields(query: unknown, out = new Set<string>(), inExpr = false): Set<string> {
  const field = inExpr ? fieldRef(query) : null;
  if (field !== null) out.add(field);
  else if (Array.isArray(query)) query.forEach((q) => queryFields(q, out, inExpr));
  else if (isPlainObject(query))
    for (const [k, v] of Object.entries(query)) {
      if (k.startsWith('$')) queryFields(v, out, inExpr || k === '$expr');
      else out.add(k);
    }
  return out;
}

function byIds(coll: Collection, ids: unknown[]): Plan {
  return {
    kind: 'id',
    ordered: ids.length <= 1,
    *candidates() {
      const seen = new Set<unknown>();
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const doc = coll.docs.get(id as DocId);
        if (doc) yield doc;
      }
    },
  };
}

function scan(coll: Collection): Plan {
  return { kind: 'scan', ordered: false, candidates: () => coll.docs.values() };
}

interface IndexChoice {
  used: number;
  ordered: boolean;
  plan: Plan;
}

function indexChoice(coll: Collection, ix: Index, preds: Map<string, FieldPredicate>, sort: SortSpec): IndexChoice | null {
  let prefixes = [''];
  let single = 0; // leading keys fixed to one value
  let i = 0;
  for (; i < ix.fields.length; i++) {
    const points = preds.get(ix.fields[i])?.points;
    if (!points || prefixes.length * points.length > MAX_POINTS) break;
    const encoded = [...new Set(points.map((v) => ix.encode(i, v)))];
    prefixes = prefixes.flatMap((p) => encoded.map((e) => p + e));
    if (points.length === 1 && single === i) single = i + 1;
  }
  const range = i < ix.fields.length ? preds.get(ix.fields[i]) : undefined;
  const hasRange = Boolean(range?.low || range?.high);
  const used = i + (hasRange ? 1 : 0);

  // the sort is served when, after the single-valued keys, it follows the index keys in one direction
  let ordered = false;
  let reverse = false;
  if (sort.length > 0 && !ix.multikey && prefixes.length === 1) {
    const rest = sort.filter(([f]) => preds.get(f)?.points?.length !== 1);
    const sign = rest.length > 0 ? rest[0][1] * ix.directions[single] : 1;
    ordered = rest.every(([f, d], k) => ix.fields[single + k] === f && d * ix.directions[single + k] === sign);
    reverse = sign < 0;
  }
  if (used === 0 && !ordered) return null;

  // bounds of the range key in tree order: a descending key stores the high values first
  const [first, last] = ix.directions[i] === 1 ? [range?.low, range?.high] : [range?.high, range?.low];
  const start = (p: string) => (!hasRange || !first ? p : p + ix.encode(i, first.value) + (first.inclusive ? '' : HIGH));
  const end = (p: string) => (!hasRange || !last ? p + HIGH : p + ix.encode(i, last.value) + (last.inclusive ? HIGH : ''));
  const dedupe = ix.multikey || prefixes.length > 1;
  return {
    used,
    ordered,
    plan: {
      kind: 'index',
      index: ix.name,
      ordered,
      *candidates() {
        const seen = dedupe ? new Set<DocId>() : null;
        for (const p of prefixes)
          for (const id of ix.scan(start(p), end(p), reverse)) {
            if (seen) {
              if (seen.has(id)) continue;
              seen.add(id);
            }
            const doc = coll.docs.get(id);
            if (doc) yield doc;
          }
      },
    },
  };
}

/**
 * The cheapest way to find the documents of `query` (in `sort` order when possible); `variables`
 * are a `$lookup`'s `let`, which its `$expr` may compare fields with.
 */
export function planQuery(coll: Collection, query: Record<string, unknown>, sort: SortSpec = [], variables: Record<string, unknown> = {}): Plan {
  const preds = predicates(query, variables);
  const ids = preds.get('_id')?.points;
  if (ids) return byIds(coll, ids);
  let best: IndexChoice | null = null;
  for (const ix of coll.indexes) {
    const choice = indexChoice(coll, ix, preds, sort);
    if (choice && (!best || choice.used > best.used || (choice.used === best.used && choice.ordered && !best.ordered))) best = choice;
  }
  if (best && best.used > 0) return best.plan;
  const or = Array.isArray(query.$or) ? orPlan(coll, query.$or, variables) : null;
  return or ?? best?.plan ?? scan(coll);
}

/** `$or` whose every branch is indexed: the union of the branches' candidates. */
function orPlan(coll: Collection, branches: unknown[], variables: Record<string, unknown>): Plan | null {
  const plans = branches.map((b) => (isPlainObject(b) ? planQuery(coll, b, [], variables) : scan(coll)));
  if (plans.some((p) => p.kind === 'scan')) return null;
  return {
    kind: 'or',
    ordered: false,
    *candidates() {
      const seen = new Set<DocId>();
      for (const p of plans)
        for (const doc of p.candidates()) {
          if (seen.has(doc._id)) continue;
          seen.add(doc._id);
          yield doc;
        }
    },
  };
}
