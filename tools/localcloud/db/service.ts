/**
 * The `database.*` actions of node-sdk's wire protocol: parses each request body, runs it on the
 * engine (or inside a transaction) and answers in the shapes the SDK parses.
 */
import { z } from 'zod';
import { CloudError, type AdminAnswer, type AdminRequest, type DatabaseService } from '../types';
import { loadDeclarations } from './declarations';
import { decodeEjson, decodeObject, encodeEjson, isDocId, isPlainObject, type DocId } from './ejson';
import { Engine } from './engine';
import {
  aggregateDocs,
  countDocs,
  findDocs,
  insertChanges,
  modifyDocs,
  newId,
  projectDocs,
  removeDocs,
  updatedDoc,
  upsertDoc,
  type ExecContext,
} from './execute';
import type { SortSpec } from './planner';
import type { RecoveryReport } from './storage';
import { Transactions } from './transactions';

export interface DatabaseOptions {
  dataDir: string;
  declarationsDir: string;
  unindexedQueryThreshold: number | null;
  /** compact the log into a snapshot past this size (default 64 MiB) */
  compactBytes?: number;
  /** an idle transaction is aborted after this long (default 30 s) */
  transactionTimeoutMs?: number;
}

/** EJSON travels as a string; accept an already-parsed object too. */
const ejsonText = z.union([z.string(), z.record(z.string(), z.unknown()).transform((o) => JSON.stringify(o))]);
const common = { collectionName: z.string().min(1), transactionId: z.string().min(1).optional() };
const bodies = {
  getDocument: z.object({
    ...common,
    query: ejsonText.optional(),
    order: ejsonText.optional(),
    projection: ejsonText.optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).optional(),
  }),
  insertDocument: z.object({ ...common, data: z.union([z.array(z.string()), z.string().transform((s) => [s])]) }),
  modifyDocument: z.object({
    ...common,
    query: ejsonText.optional(),
    data: ejsonText,
    multi: z.boolean().optional(),
    merge: z.boolean().optional(),
    upsert: z.boolean().optional(),
  }),
  modifyAndReturnDoc: z.object({ ...common, query: ejsonText.optional(), data: ejsonText }),
  removeDocument: z.object({ ...common, query: ejsonText.optional(), multi: z.boolean().optional() }),
  calculateDocument: z.object({ collectionName: z.string().min(1), query: ejsonText.optional() }),
  aggregateDocuments: z.object({
    collectionName: z.string().min(1),
    stages: z.array(z.object({ stageKey: z.string().regex(/^\$\w+$/), stageValue: z.string() })),
  }),
  addCollection: z.object({ collectionName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/) }),
  startTransaction: z.object({}),
  commitTransaction: z.object({ transactionId: z.string().min(1) }),
  abortTransaction: z.object({ transactionId: z.string().min(1) }),
};
type Action = keyof typeof bodies;

function parseBody<A extends Action>(action: A, body: AdminRequest): z.infer<(typeof bodies)[A]> {
  const parsed = bodies[action].safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '请求'}: ${i.message}`).join('; ');
    throw new CloudError('INVALID_PARAM', `database.${action} 参数无效: ${issues}`);
  }
  return parsed.data as z.infer<(typeof bodies)[A]>;
}

function sortSpec(order: Record<string, unknown>): SortSpec {
  return Object.entries(order).map(([field, dir]): [string, 1 | -1] => {
    if (dir !== 1 && dir !== -1 && dir !== 'asc' && dir !== 'desc') throw new CloudError('INVALID_PARAM', `排序方向无效: ${field}`);
    return [field, dir === -1 || dir === 'desc' ? -1 : 1];
  });
}

/**
 * What CloudBase answers a function's aggregation: at most 20 records when the pipeline has no
 * `$limit` stage, and a `$limit` of up to 10,000. Neither is in CloudBase's own pages; developers
 * measured both: https://developers.weixin.qq.com/community/develop/article/doc/000624c67c8b48611dba2b12058c13
 * (云函数端聚合操作默认数据上限为20条; `.limit(100)` lifts it, 上限可以达到1万条) and
 * https://developers.weixin.qq.com/community/develop/doc/0006ee7caecd8020df7b559b451800 (plain queries
 * 100, aggregation 20). Only the records answered count, not a `$lookup`'s array (a developer sees
 * every matching record in it: https://developers.weixin.qq.com/community/develop/doc/00002870aa48b8f0eb6a4221f51400);
 * a `$limit` stage anywhere lifts the default (in the reports it came last: put it last where it
 * must bound the answer).
 * Nobody reports what a `$limit` above 10,000 does (an error or a silent cap): refusing it is the
 * answer that is never kinder than either, so code that passes here cannot rely on more in the cloud.
 */
const AGGREGATE_DEFAULT_LIMIT = 20;
const AGGREGATE_MAX_LIMIT = 10_000;

function withCloudLimits(pipeline: Record<string, unknown>[]): Record<string, unknown>[] {
  const limits = pipeline.filter((stage) => '$limit' in stage).map((stage) => stage.$limit);
  if (limits.some((n) => typeof n === 'number' && n > AGGREGATE_MAX_LIMIT)) {
    throw new CloudError('INVALID_PARAM', `聚合的 limit 不能超过 ${AGGREGATE_MAX_LIMIT}：云开发一次聚合最多返回 ${AGGREGATE_MAX_LIMIT} 条`);
  }
  return limits.length > 0 ? pipeline : [...pipeline, { $limit: AGGREGATE_DEFAULT_LIMIT }];
}

/** Inside a transaction only single-document operations by _id exist. */
function txnDocId(query: Record<string, unknown>): DocId {
  const keys = Object.keys(query);
  const id = query._id;
  if (keys.length !== 1 || !isDocId(id)) {
    throw new CloudError('INVALID_PARAM', '事务中只支持按 _id 的单文档操作');
  }
  return id;
}

/** The service plus what benchmarks and tools want to see of the storage. */
export interface LocalDatabase extends DatabaseService {
  /** how the last open recovered: snapshot used, logs replayed, torn bytes, time */
  readonly recovery: RecoveryReport;
  /** writes a snapshot now and drops the log it covers */
  compact(): Promise<void>;
}

export async function openDatabase(opts: DatabaseOptions): Promise<LocalDatabase> {
  const engine = await Engine.open({
    dataDir: opts.dataDir,
    declarations: loadDeclarations(opts.declarationsDir),
    compactBytes: opts.compactBytes ?? 64 * 1024 * 1024,
  });
  const txns = new Transactions(engine, opts.transactionTimeoutMs ?? 30_000);
  const freshStats = () => ({ docsExamined: 0, plans: { id: 0, index: 0, or: 0, scan: 0 } });
  const ctx: ExecContext = { engine, unindexedThreshold: opts.unindexedQueryThreshold, stats: freshStats() };
  let requests: Record<string, number> = {};

  const handlers: { [A in Action]: (body: AdminRequest) => Promise<AdminAnswer> } = {
    async getDocument(body) {
      const b = parseBody('getDocument', body);
      const query = decodeObject(b.query, 'query');
      const projection = decodeObject(b.projection, 'projection');
      if (b.transactionId) {
        const doc = txns.read(b.transactionId, b.collectionName, txnDocId(query));
        return { data: { list: projectDocs(doc ? [doc] : [], projection).map(encodeEjson) } };
      }
      const limit = Math.min(b.limit || 100, 1000);
      const offset = b.offset ?? 0;
      const docs = findDocs(ctx, b.collectionName, query, { sort: sortSpec(decodeObject(b.order, 'order')), skip: offset, limit, projection });
      await engine.settled();
      return { data: { list: docs.map(encodeEjson) }, limit, offset };
    },

    async insertDocument(body) {
      const b = parseBody('insertDocument', body);
      const now = Date.now();
      const docs = b.data.map((text, i) => {
        const doc = decodeEjson(text, `data[${i}]`, now);
        if (!isPlainObject(doc)) throw new CloudError('INVALID_PARAM', `data[${i}] 必须是对象`);
        return doc;
      });
      const txnId = b.transactionId;
      if (txnId) {
        const ids = docs.map((doc) => {
          const given = doc._id;
          if (given !== undefined && !isDocId(given)) throw new CloudError('INVALID_PARAM', '_id 必须是字符串、数字或 ObjectId');
          const id = given ?? newId();
          if (txns.read(txnId, b.collectionName, id)) {
            throw new CloudError('DATABASE_DUPLICATE_WRITE', `集合 ${b.collectionName} 中已有 _id 为 ${id} 的文档`);
          }
          txns.write(txnId, b.collectionName, id, { _id: id, ...doc });
          return id;
        });
        return { data: { insertedIds: ids } };
      }
      const changes = insertChanges(engine.collection(b.collectionName), docs);
      await engine.commit(changes);
      return { data: { insertedIds: changes.map((c) => c.id) } };
    },

    async modifyDocument(body) {
      const b = parseBody('modifyDocument', body);
      const now = Date.now();
      const query = decodeObject(b.query, 'query', now);
      const data = decodeObject(b.data, 'data', now);
      const merge = b.merge ?? true;
      if (b.transactionId) {
        const id = txnDocId(query);
        const doc = txns.read(b.transactionId, b.collectionName, id);
        if (doc) {
          txns.write(b.transactionId, b.collectionName, id, updatedDoc(doc, data, merge));
          return { data: { updated: 1 } };
        }
        if (!b.upsert) return { data: { updated: 0 } };
        txns.write(b.transactionId, b.collectionName, id, upsertDoc(query, data, merge));
        return { data: { updated: 0, upsert_id: id } };
      }
      const r = await modifyDocs(ctx, { coll: b.collectionName, query, data, multi: b.multi ?? false, merge, upsert: b.upsert ?? false });
      return { data: r.upsertId === undefined ? { updated: r.updated } : { updated: r.updated, upsert_id: r.upsertId } };
    },

    async modifyAndReturnDoc(body) {
      const b = parseBody('modifyAndReturnDoc', body);
      const now = Date.now();
      const query = decodeObject(b.query, 'query', now);
      const data = decodeObject(b.data, 'data', now);
      if (b.transactionId) {
        const id = txnDocId(query);
        const doc = txns.read(b.transactionId, b.collectionName, id);
        if (!doc) return { data: { updated: 0, doc: null } };
        const next = updatedDoc(doc, data, true);
        txns.write(b.transactionId, b.collectionName, id, next);
        return { data: { updated: 1, doc: encodeEjson(next) } };
      }
      const r = await modifyDocs(ctx, { coll: b.collectionName, query, data, multi: false, merge: true, upsert: false });
      // like MongoDB's findAndModify, no match answers a null document
      return { data: { updated: r.updated, doc: r.doc ? encodeEjson(r.doc) : null } };
    },

    async removeDocument(body) {
      const b = parseBody('removeDocument', body);
      const query = decodeObject(b.query, 'query');
      if (b.transactionId) {
        const id = txnDocId(query);
        if (!txns.read(b.transactionId, b.collectionName, id)) return { data: { deleted: 0 } };
        txns.write(b.transactionId, b.collectionName, id, null);
        return { data: { deleted: 1 } };
      }
      return { data: { deleted: await removeDocs(ctx, b.collectionName, query, b.multi ?? false) } };
    },

    async calculateDocument(body) {
      const b = parseBody('calculateDocument', body);
      const total = countDocs(ctx, b.collectionName, decodeObject(b.query, 'query'));
      await engine.settled();
      return { data: { total } };
    },

    async aggregateDocuments(body) {
      const b = parseBody('aggregateDocuments', body);
      const now = Date.now();
      const pipeline = b.stages.map((s, i) => ({ [s.stageKey]: decodeEjson(s.stageValue, `stages[${i}]`, now) }));
      const list = aggregateDocs(ctx, b.collectionName, withCloudLimits(pipeline));
      await engine.settled();
      return { data: { list: list.map(encodeEjson) } };
    },

    async addCollection(body) {
      const b = parseBody('addCollection', body);
      if (engine.collections.has(b.collectionName)) {
        throw new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `集合 ${b.collectionName} 已存在`);
      }
      await engine.addCollections([b.collectionName]);
      return {};
    },

    async startTransaction(body) {
      parseBody('startTransaction', body);
      return { transactionId: txns.start() };
    },

    async commitTransaction(body) {
      await txns.commit(parseBody('commitTransaction', body).transactionId);
      return {};
    },

    async abortTransaction(body) {
      txns.abort(parseBody('abortTransaction', body).transactionId);
      return {};
    },
  };

  return {
    recovery: engine.recovery,
    compact: () => engine.compact(),
    async handle(action, body) {
      requests[action] = (requests[action] ?? 0) + 1;
      const name = action.replace(/^database\./, '');
      if (!Object.hasOwn(handlers, name)) throw new CloudError('INVALID_ACTION', `未知的数据库操作 ${action}`);
      return handlers[name as Action](body);
    },
    stats() {
      const { docsExamined, plans } = ctx.stats;
      return {
        ...requests,
        docsExamined,
        ...Object.fromEntries(Object.entries(plans).map(([k, v]) => [`plan.${k}`, v])),
      };
    },
    resetStats() {
      requests = {};
      ctx.stats = freshStats();
    },
    async close() {
      txns.close();
      await engine.close();
    },
  };
}
