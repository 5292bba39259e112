/**
 * Transactions, as on CloudBase (MongoDB snapshot isolation): single-document operations by _id;
 * reads see the committed state as of the transaction's start (plus its own buffered writes), even
 * when another writer changed the document since; only writes conflict: writing a document that
 * another commit changed since the start, or that another open transaction is writing, is a
 * DATABASE_TRANSACTION_CONFLICT (node-sdk's runTransaction then retries with a new transaction).
 * So write skew is possible, as in the cloud. The conflicting transaction is aborted on the spot,
 * since runTransaction does not roll it back. Where MongoDB makes a plain write wait for a
 * transaction that is writing the same document, here the plain write goes first and the
 * transaction conflicts at commit.
 */
import { randomBytes } from 'node:crypto';
import { CloudError } from '../types';
import { checkFieldNames, type Change } from './collection';
import type { Doc, DocId } from './ejson';
import type { Engine } from './engine';

interface Txn {
  id: string;
  startSeq: number;
  lastUsed: number;
  writes: Map<string, Change>;
}

/** A committed change of a document while transactions were open, and the version it replaced. */
interface Version {
  seq: number;
  before: Doc | null;
}

const keyOf = (coll: string, id: DocId) => `${coll}\u0000${typeof id}\u0000${id}`;

export class Transactions {
  private open = new Map<string, Txn>();
  /** per document changed while transactions are open: the versions it replaced, oldest first */
  private history = new Map<string, Version[]>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly engine: Engine,
    private readonly timeoutMs: number,
  ) {
    engine.onCommit((changes, seq, before) => {
      if (this.open.size === 0) return;
      changes.forEach((c, i) => {
        const key = keyOf(c.coll, c.id);
        const versions = this.history.get(key);
        if (versions) versions.push({ seq, before: before[i] });
        else this.history.set(key, [{ seq, before: before[i] }]);
      });
    });
    this.timer = setInterval(() => this.expire(), Math.max(100, Math.min(5000, timeoutMs / 3)));
    this.timer.unref();
  }

  start(): string {
    const id = `txn-${randomBytes(12).toString('hex')}`;
    this.open.set(id, { id, startSeq: this.engine.seq, lastUsed: Date.now(), writes: new Map() });
    return id;
  }

  private get(id: string): Txn {
    const txn = this.open.get(id);
    if (!txn) throw new CloudError('DATABASE_TRANSACTION_FAIL', `事务 ${id} 不存在、已结束或已超时`);
    txn.lastUsed = Date.now();
    return txn;
  }

  private conflict(txn: Txn, what: string): never {
    this.end(txn.id);
    throw new CloudError('DATABASE_TRANSACTION_CONFLICT', `事务冲突: ${what} 已被其他操作修改`);
  }

  private check(txn: Txn, key: string, what: string): void {
    const versions = this.history.get(key);
    if (versions && versions[versions.length - 1].seq > txn.startSeq) this.conflict(txn, what);
  }

  /** The document as this transaction sees it: its own write, else the committed one as of its start. */
  read(txnId: string, coll: string, id: DocId): Doc | null {
    const txn = this.get(txnId);
    const docs = this.engine.collection(coll).docs;
    const key = keyOf(coll, id);
    const own = txn.writes.get(key);
    if (own) return own.doc;
    const replaced = this.history.get(key)?.find((v) => v.seq > txn.startSeq);
    return replaced ? replaced.before : (docs.get(id) ?? null);
  }

  /** Buffers a write (null removes the document). */
  write(txnId: string, coll: string, id: DocId, doc: Doc | null): void {
    const txn = this.get(txnId);
    const key = keyOf(coll, id);
    this.check(txn, key, `${coll}/${id}`);
    for (const other of this.open.values())
      if (other !== txn && other.writes.has(key)) this.conflict(txn, `${coll}/${id}（另一个事务正在修改）`);
    if (doc) {
      checkFieldNames(doc);
      this.engine.collection(coll).checkUnique([{ coll, id, doc }]);
    }
    txn.writes.set(key, { coll, id, doc });
  }

  async commit(txnId: string): Promise<void> {
    const txn = this.get(txnId);
    for (const key of txn.writes.keys()) this.check(txn, key, key.split('\u0000')[0]);
    this.end(txnId);
    await this.engine.commit([...txn.writes.values()]);
  }

  abort(txnId: string): void {
    this.get(txnId);
    this.end(txnId);
  }

  private end(txnId: string): void {
    this.open.delete(txnId);
    if (this.open.size === 0) this.history.clear();
    else if (this.history.size > 10_000) {
      // no open transaction needs a version replaced at or before its start
      const oldest = Math.min(...[...this.open.values()].map((t) => t.startSeq));
      for (const [key, versions] of this.history) {
        const kept = versions.filter((v) => v.seq > oldest);
        if (kept.length === 0) this.history.delete(key);
        else this.history.set(key, kept);
      }
    }
  }

  private expire(): void {
    const deadline = Date.now() - this.timeoutMs;
    for (const txn of this.open.values()) if (txn.lastUsed < deadline) this.end(txn.id);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
