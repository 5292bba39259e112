/**
 * Transactions, as on CloudBase: single-document operations by _id, isolated (writes are buffered
 * until commit; the transaction reads its own), optimistic: touching a document that another
 * commit changed since the transaction started, or that another open transaction is writing, is a
 * DATABASE_TRANSACTION_CONFLICT (node-sdk's runTransaction then retries with a new transaction).
 * The conflicting transaction is aborted on the spot, since runTransaction does not roll it back.
 */
import { randomBytes } from 'node:crypto';
import { CloudError } from '../types';
import type { Change } from './collection';
import type { Doc, DocId } from './ejson';
import type { Engine } from './engine';

interface Txn {
  id: string;
  startSeq: number;
  lastUsed: number;
  touched: Set<string>;
  writes: Map<string, Change>;
}

const keyOf = (coll: string, id: DocId) => `${coll}\u0000${typeof id}\u0000${id}`;

export class Transactions {
  private open = new Map<string, Txn>();
  /** commit sequence of the last change per document, kept while transactions are open */
  private changedAt = new Map<string, number>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly engine: Engine,
    private readonly timeoutMs: number,
  ) {
    engine.onCommit((changes, seq) => {
      if (this.open.size === 0) return;
      for (const c of changes) this.changedAt.set(keyOf(c.coll, c.id), seq);
    });
    this.timer = setInterval(() => this.expire(), Math.max(100, Math.min(5000, timeoutMs / 3)));
    this.timer.unref();
  }

  start(): string {
    const id = `txn-${randomBytes(12).toString('hex')}`;
    this.open.set(id, { id, startSeq: this.engine.seq, lastUsed: Date.now(), touched: new Set(), writes: new Map() });
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
    if ((this.changedAt.get(key) ?? 0) > txn.startSeq) this.conflict(txn, what);
  }

  /** The document as this transaction sees it. */
  read(txnId: string, coll: string, id: DocId): Doc | null {
    const txn = this.get(txnId);
    const docs = this.engine.collection(coll).docs;
    const key = keyOf(coll, id);
    const own = txn.writes.get(key);
    if (own) return own.doc;
    this.check(txn, key, `${coll}/${id}`);
    txn.touched.add(key);
    return docs.get(id) ?? null;
  }

  /** Buffers a write (null removes the document). */
  write(txnId: string, coll: string, id: DocId, doc: Doc | null): void {
    const txn = this.get(txnId);
    const key = keyOf(coll, id);
    this.check(txn, key, `${coll}/${id}`);
    for (const other of this.open.values())
      if (other !== txn && other.writes.has(key)) this.conflict(txn, `${coll}/${id}（另一个事务正在修改）`);
    if (doc) this.engine.collection(coll).checkUnique([{ coll, id, doc }]);
    txn.touched.add(key);
    txn.writes.set(key, { coll, id, doc });
  }

  async commit(txnId: string): Promise<void> {
    const txn = this.get(txnId);
    for (const key of txn.touched) this.check(txn, key, key.split('\u0000')[0]);
    this.end(txnId);
    await this.engine.commit([...txn.writes.values()]);
  }

  abort(txnId: string): void {
    this.get(txnId);
    this.end(txnId);
  }

  private end(txnId: string): void {
    this.open.delete(txnId);
    if (this.open.size === 0) this.changedAt.clear();
    else if (this.changedAt.size > 10_000) {
      const oldest = Math.min(...[...this.open.values()].map((t) => t.startSeq));
      for (const [key, seq] of this.changedAt) if (seq <= oldest) this.changedAt.delete(key);
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
