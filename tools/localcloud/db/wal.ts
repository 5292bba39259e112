/**
 * Record files: the write-ahead log and snapshots are sequences of records
 * `[u32 length][u32 crc32(payload)][payload]`, the payload being one or more BSON documents.
 * The log appends with group commit: every record queued while an fsync runs goes to disk with
 * the next single write + fdatasync, and each append resolves only once its record is durable.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON } from 'bson';

const HEADER = 8;

export function frame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER);
  return out;
}

/** Encodes documents as one record payload (concatenated BSON). */
export function encodeDocs(docs: object[]): Buffer {
  return Buffer.concat(docs.map((d) => BSON.serialize(d)));
}

export function decodeDocs(payload: Buffer): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let off = 0; off < payload.length; ) {
    const size = payload.readInt32LE(off);
    out.push(BSON.deserialize(payload.subarray(off, off + size), { bsonRegExp: false }));
    off += size;
  }
  return out;
}

export interface ReadResult {
  payloads: Buffer[];
  /** bytes of whole, valid records */
  validBytes: number;
  /** bytes after them: a torn or corrupt tail */
  tornBytes: number;
}

/** Reads the valid records of a file, stopping at the first torn or corrupt one. */
export function readRecords(file: string): ReadResult {
  const buf = fs.readFileSync(file);
  const payloads: Buffer[] = [];
  let off = 0;
  while (off + HEADER <= buf.length) {
    const len = buf.readUInt32LE(off);
    if (off + HEADER + len > buf.length) break;
    const payload = buf.subarray(off + HEADER, off + HEADER + len);
    if (crc32(payload) !== buf.readUInt32LE(off + 4)) break;
    payloads.push(payload);
    off += HEADER + len;
  }
  return { payloads, validBytes: off, tornBytes: buf.length - off };
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: fsp.FileHandle, buf: Buffer): Promise<void> {
  for (let off = 0; off < buf.length; ) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    off += bytesWritten;
  }
}

interface Pending {
  logNo: number;
  record: Buffer;
  resolve(): void;
  reject(err: Error): void;
}

/** Appends records to `log-<n>.wal` files in dir; the target number can move on (rotation). */
export class Wal {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private handles = new Map<number, fsp.FileHandle>();
  private failed: Error | null = null;
  private last: Promise<void> = Promise.resolve();
  /** bytes in the current log file */
  bytes = 0;

  constructor(
    private readonly dir: string,
    public logNo: number,
    currentBytes: number,
  ) {
    this.bytes = currentBytes;
  }

  static fileName(n: number): string {
    return `log-${String(n).padStart(8, '0')}.wal`;
  }

  /** Queues a record for the current log; resolves once it is on disk. */
  append(payload: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const record = frame(payload);
    this.bytes += record.length;
    const done = new Promise<void>((resolve, reject) => this.queue.push({ logNo: this.logNo, record, resolve, reject }));
    this.last = done;
    this.flushing ??= this.flush();
    return done;
  }

  /** Resolves once every record appended so far is durable. */
  settled(): Promise<void> {
    return this.last;
  }

  /** New records go to the next log file from now on. */
  rotate(): number {
    this.logNo += 1;
    this.bytes = 0;
    return this.logNo;
  }

  async closeLog(n: number): Promise<void> {
    const fh = this.handles.get(n);
    this.handles.delete(n);
    await fh?.close();
  }

  async close(): Promise<void> {
    await this.flushing;
    for (const n of [...this.handles.keys()]) await this.closeLog(n);
  }

  private async handle(n: number): Promise<fsp.FileHandle> {
    let fh = this.handles.get(n);
    if (!fh) {
      const file = path.join(this.dir, Wal.fileName(n));
      const existed = fs.existsSync(file);
      fh = await fsp.open(file, 'a');
      this.handles.set(n, fh);
      if (!existed) await fsyncDir(this.dir);
    }
    return fh;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          for (let i = 0; i < batch.length; ) {
            let j = i;
            while (j < batch.length && batch[j].logNo === batch[i].logNo) j++;
            const fh = await this.handle(batch[i].logNo);
            await writeAll(fh, Buffer.concat(batch.slice(i, j).map((p) => p.record)));
            await fh.datasync();
            i = j;
          }
          for (const p of batch) p.resolve();
        } catch (err) {
          // the disk refused: memory is now ahead of the log, so stop acknowledging anything
          this.failed = new Error(`写入数据日志失败: ${(err as Error).message}`);
          for (const p of [...batch, ...this.queue]) p.reject(this.failed);
          this.queue = [];
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
