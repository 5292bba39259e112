/**
 * Durable storage under `<dataDir>/db`: `snapshot-<n>.bin` holds the whole state as of the start of
 * `log-<n>.wal`; the logs hold the committed change batches since. Opening loads the newest valid
 * snapshot and replays the logs after it, truncating a torn tail. Compaction writes a new snapshot
 * in the background (documents are immutable, so a captured list of them is a consistent view)
 * while new commits go to the next log, then drops the files it supersedes.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Doc, DocId } from './ejson';
import { decodeDocs, encodeDocs, frame, fsyncDir, readRecords, Wal } from './wal';

/** One logged operation: put a document, delete one, or create a collection. */
export type LogOp = { c: string; p: Doc } | { c: string; d: DocId } | { a: string };

export interface StateView {
  name: string;
  docs: Doc[];
}

export interface StorageOptions {
  dir: string;
  /** compact once the current log grows past this many bytes */
  compactBytes: number;
  /** applies a recovered operation to memory */
  apply(op: LogOp): void;
  /** the state to snapshot, captured synchronously */
  view(): StateView[];
  log(message: string): void;
}

export interface RecoveryReport {
  snapshot: number | null;
  logs: number;
  ops: number;
  tornBytes: number;
  ms: number;
}

const SNAPSHOT = /^snapshot-(\d+)\.bin$/;
const LOG = /^log-(\d+)\.wal$/;
const CHUNK = 2000;

const snapshotName = (n: number) => `snapshot-${String(n).padStart(8, '0')}.bin`;

function numbered(files: string[], re: RegExp): number[] {
  return files
    .map((f) => re.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Applies the operations of record payloads; returns how many. */
function replay(payloads: Buffer[], apply: (op: LogOp) => void): number {
  let n = 0;
  for (const payload of payloads)
    for (const op of decodeDocs(payload)) {
      apply(op as LogOp);
      n++;
    }
  return n;
}

export class Storage {
  private compacting: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly opts: StorageOptions,
    private readonly wal: Wal,
    readonly recovery: RecoveryReport,
  ) {}

  static async open(opts: StorageOptions): Promise<Storage> {
    const started = Date.now();
    const { dir } = opts;
    fs.mkdirSync(dir, { recursive: true });
    let files = fs.readdirSync(dir);
    for (const f of files.filter((f) => f.endsWith('.tmp'))) fs.rmSync(path.join(dir, f));
    files = fs.readdirSync(dir);

    // the newest snapshot whose trailer is intact
    let base: number | null = null;
    let ops = 0;
    const snapshots = numbered(files, SNAPSHOT).reverse();
    for (const n of snapshots) {
      const { payloads, tornBytes } = readRecords(path.join(dir, snapshotName(n)));
      const trailer = payloads.length > 0 ? decodeDocs(payloads[payloads.length - 1])[0] : undefined;
      if (tornBytes > 0 || typeof trailer?.end !== 'number') {
        opts.log(`快照 ${snapshotName(n)} 不完整，尝试更早的快照`);
        continue;
      }
      ops += replay(payloads.slice(0, -1), opts.apply);
      base = n;
      break;
    }
    if (base === null && snapshots.length > 0) throw new Error(`${dir}: 没有完整的快照，拒绝在缺失数据的情况下启动`);

    const logs = numbered(files, LOG).filter((n) => n >= (base ?? 0));
    let tornTotal = 0;
    let currentBytes = 0;
    for (const n of logs) {
      const file = path.join(dir, Wal.fileName(n));
      const { payloads, validBytes, tornBytes } = readRecords(file);
      ops += replay(payloads, opts.apply);
      if (tornBytes > 0) {
        opts.log(`${Wal.fileName(n)} 末尾有 ${tornBytes} 字节不完整的记录（崩溃时未写完），已截断`);
        const fh = await fsp.open(file, 'r+');
        await fh.truncate(validBytes);
        await fh.sync();
        await fh.close();
        tornTotal += tornBytes;
      }
      currentBytes = validBytes;
    }
    const current = logs.length > 0 ? logs[logs.length - 1] : (base ?? 0);
    // files a finished compaction no longer needs
    for (const n of numbered(files, LOG)) if (n < (base ?? 0)) fs.rmSync(path.join(dir, Wal.fileName(n)));
    for (const n of numbered(files, SNAPSHOT)) if (n !== base) fs.rmSync(path.join(dir, snapshotName(n)));

    const recovery = { snapshot: base, logs: logs.length, ops, tornBytes: tornTotal, ms: Date.now() - started };
    const storage = new Storage(opts, new Wal(dir, current, logs.length > 0 ? currentBytes : 0), recovery);
    if (currentBytes > opts.compactBytes) storage.compactSoon();
    return storage;
  }

  /** Appends one committed batch; resolves when it is durable. */
  async commit(ops: LogOp[]): Promise<void> {
    await this.wal.append(encodeDocs(ops));
    if (this.wal.bytes > this.opts.compactBytes) this.compactSoon();
  }

  /** Resolves once every batch committed so far is durable. */
  settled(): Promise<void> {
    return this.wal.settled();
  }

  compactSoon(): void {
    if (this.compacting || this.closed) return;
    this.compacting = this.compact()
      .catch((err: unknown) => this.opts.log(`压缩数据文件失败（数据仍在日志中）: ${String(err)}`))
      .finally(() => {
        this.compacting = null;
      });
  }

  /** Writes a snapshot of the state as of now and drops the files it replaces. */
  async compact(): Promise<void> {
    const { dir } = this.opts;
    const view = this.opts.view();
    const n = this.wal.rotate();
    const tmp = path.join(dir, `${snapshotName(n)}.tmp`);
    const fh = await fsp.open(tmp, 'w');
    let count = 0;
    try {
      await fh.write(frame(encodeDocs(view.map((c) => ({ a: c.name })))));
      for (const { name, docs } of view)
        for (let i = 0; i < docs.length; i += CHUNK) {
          const chunk = docs.slice(i, i + CHUNK).map((p) => ({ c: name, p }));
          await fh.write(frame(encodeDocs(chunk)));
          count += chunk.length;
        }
      await fh.write(frame(encodeDocs([{ end: count }])));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path.join(dir, snapshotName(n)));
    await fsyncDir(dir);
    // batches queued for the old log before the rotation must land before it goes away
    await this.wal.settled().catch(() => undefined);
    const files = await fsp.readdir(dir);
    for (const old of numbered(files, LOG).filter((m) => m < n)) {
      await this.wal.closeLog(old);
      await fsp.rm(path.join(dir, Wal.fileName(old)));
    }
    for (const old of numbered(files, SNAPSHOT).filter((m) => m < n)) await fsp.rm(path.join(dir, snapshotName(old)));
    await fsyncDir(dir);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.compacting;
    await this.wal.settled().catch(() => undefined);
    await this.wal.close();
  }
}
