/**
 * The database state: collections in memory, every commit applied to them and made durable in
 * one log batch before it is acknowledged.
 */
import path from 'node:path';
import { CloudError } from '../types';
import { checkFieldNames, Collection, type Change } from './collection';
import type { CollectionDeclaration } from './declarations';
import { canonicalId, type Doc } from './ejson';
import { Storage, type LogOp, type RecoveryReport } from './storage';

export interface EngineOptions {
  dataDir: string;
  declarations: CollectionDeclaration[];
  compactBytes: number;
}

/**
 * Called with the changes of every commit, its sequence number and the documents the changes
 * replaced (null where there was none): transactions keep them for their snapshots.
 */
export type CommitListener = (changes: Change[], seq: number, before: Array<Doc | null>) => void;

export class Engine {
  readonly collections = new Map<string, Collection>();
  /** sequence number of the last commit */
  seq = 0;
  private listeners: CommitListener[] = [];
  private storage!: Storage;

  private constructor(private readonly declarations: CollectionDeclaration[]) {}

  static async open(opts: EngineOptions): Promise<Engine> {
    const engine = new Engine(opts.declarations);
    engine.storage = await Storage.open({
      dir: path.join(opts.dataDir, 'db'),
      compactBytes: opts.compactBytes,
      apply: (op) => engine.apply(op),
      view: () => [...engine.collections.values()].map((c) => ({ name: c.name, docs: [...c.docs.values()] })),
      log: (message) => console.warn(`[localcloud db] ${message}`),
    });
    const created = opts.declarations.filter((d) => !engine.collections.has(d.name)).map((d) => d.name);
    if (created.length > 0) await engine.addCollections(created);
    return engine;
  }

  get recovery(): RecoveryReport {
    return this.storage.recovery;
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  collection(name: string): Collection {
    const coll = this.collections.get(name);
    if (!coll) throw new CloudError('DATABASE_COLLECTION_NOT_EXIST', `集合 ${name} 不存在`);
    return coll;
  }

  private ensure(name: string): Collection {
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new Collection(name, this.declarations.find((d) => d.name === name)?.indexes ?? []);
      this.collections.set(name, coll);
    }
    return coll;
  }

  private apply(op: LogOp): void {
    if ('a' in op) this.ensure(op.a);
    else if ('p' in op) {
      op.p._id = canonicalId(op.p._id); // a freshly decoded document
      this.ensure(op.c).put(op.p);
    }
    else this.ensure(op.c).delete(canonicalId(op.d));
  }

  async addCollections(names: string[]): Promise<void> {
    const fresh = names.filter((n) => !this.collections.has(n));
    for (const name of fresh) this.ensure(name);
    if (fresh.length > 0) await this.storage.commit(fresh.map((a) => ({ a })));
  }

  /**
   * Applies a batch atomically: checks field names and unique indexes first, then changes memory (synchronously,
   * so callers that computed the batch from the current state without awaiting stay consistent)
   * and resolves once the batch is durable.
   */
  commit(changes: Change[]): Promise<void> {
    if (changes.length === 0) return this.storage.settled();
    const byColl = new Map<string, Change[]>();
    for (const c of changes) {
      const list = byColl.get(c.coll);
      if (list) list.push(c);
      else byColl.set(c.coll, [c]);
    }
    for (const c of changes) checkFieldNames(c.doc);
    for (const [name, list] of byColl) this.collection(name).checkUnique(list);
    const ops: LogOp[] = [];
    const before: Array<Doc | null> = [];
    for (const c of changes) {
      const coll = this.collection(c.coll);
      before.push(coll.docs.get(c.id) ?? null);
      if (c.doc) {
        coll.put(c.doc);
        ops.push({ c: c.coll, p: c.doc });
      } else {
        coll.delete(c.id);
        ops.push({ c: c.coll, d: c.id });
      }
    }
    this.seq += 1;
    for (const listener of this.listeners) listener(changes, this.seq, before);
    return this.storage.commit(ops);
  }

  /** Resolves once everything visible now is durable (reads wait for it before answering). */
  settled(): Promise<void> {
    return this.storage.settled();
  }

  compact(): Promise<void> {
    return this.storage.compact();
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}
