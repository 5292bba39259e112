/**
 * The files on disk under `<dataDir>/files/`. COS keys are flat (`a/b` and `a/b/c` may both
 * exist, keys run to 850 bytes), so an object lives at `objects/<hh>/<sha256 of its cloud path>`.
 * Each object file is the content followed by a JSON trailer (its cloud path, owner, type, size)
 * and 8 bytes: the trailer's length and a magic. Content and metadata thus land with one rename:
 * a write goes to `tmp/`, is fsynced, renamed into place and the directory fsynced before it is
 * acknowledged, so an acknowledged upload survives kill -9 and a torn one leaves no trace.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fsyncDir } from '../db/wal';

const MAGIC = Buffer.from('LCF1');
const FOOTER_BYTES = 8;

export interface StoredFile {
  cloudPath: string;
  /** the openid of the user who uploaded it; null for an admin (node-sdk) upload */
  owner: string | null;
  contentType: string;
  size: number;
  /** hex md5 of the content, as COS's ETag */
  etag: string;
  uploadedAt: number;
}

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`文件超过 ${limit} 字节的上限`);
  }
}

export class FileStore {
  private constructor(
    private readonly root: string,
    /** the key that signs temp URLs and upload authorizations; kept so URLs survive a restart */
    readonly signingKey: Buffer,
  ) {}

  static async open(root: string): Promise<FileStore> {
    await fsp.mkdir(path.join(root, 'objects'), { recursive: true });
    // leftovers of uploads cut short by a crash
    await fsp.rm(path.join(root, 'tmp'), { recursive: true, force: true });
    await fsp.mkdir(path.join(root, 'tmp'));
    return new FileStore(root, await loadSigningKey(root));
  }

  private objectFile(cloudPath: string): string {
    const key = createHash('sha256').update(cloudPath).digest('hex');
    return path.join(this.root, 'objects', key.slice(0, 2), key);
  }

  /** The file's metadata, or null when there is no such file. */
  async stat(cloudPath: string): Promise<StoredFile | null> {
    const opened = await this.open(cloudPath);
    await opened?.handle.close();
    return opened?.file ?? null;
  }

  /**
   * The file's metadata and its content as a stream (one open file, so a concurrent replacement
   * cannot mix two versions); null when there is no such file.
   */
  async read(cloudPath: string): Promise<{ file: StoredFile; content: Readable } | null> {
    const opened = await this.open(cloudPath);
    if (!opened) return null;
    const { file, handle } = opened;
    if (file.size === 0) {
      await handle.close();
      return { file, content: Readable.from([]) };
    }
    return { file, content: handle.createReadStream({ start: 0, end: file.size - 1 }) };
  }

  private async open(cloudPath: string): Promise<{ file: StoredFile; handle: fsp.FileHandle } | null> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.objectFile(cloudPath), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      const footer = Buffer.alloc(FOOTER_BYTES);
      await handle.read(footer, 0, FOOTER_BYTES, size - FOOTER_BYTES);
      if (!footer.subarray(4).equals(MAGIC)) throw new Error(`corrupt object for ${cloudPath}`);
      const trailerLength = footer.readUInt32LE(0);
      const trailer = Buffer.alloc(trailerLength);
      await handle.read(trailer, 0, trailerLength, size - FOOTER_BYTES - trailerLength);
      return { file: JSON.parse(trailer.toString('utf8')) as StoredFile, handle };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Stores `content` at `cloudPath` (replacing any file there); resolves once it is durable. */
  async write(
    cloudPath: string,
    content: AsyncIterable<Uint8Array> | Uint8Array,
    meta: { owner: string | null; contentType: string; limit: number },
  ): Promise<StoredFile> {
    const tmp = path.join(this.root, 'tmp', randomUUID());
    const fh = await fsp.open(tmp, 'wx');
    try {
      const md5 = createHash('md5');
      let size = 0;
      for await (const chunk of content instanceof Uint8Array ? [content] : content) {
        size += chunk.length;
        if (size > meta.limit) throw new TooLargeError(meta.limit);
        md5.update(chunk);
        await writeAll(fh, chunk);
      }
      const file: StoredFile = {
        cloudPath,
        owner: meta.owner,
        contentType: meta.contentType,
        size,
        etag: md5.digest('hex'),
        uploadedAt: Date.now(),
      };
      const trailer = Buffer.from(JSON.stringify(file));
      const footer = Buffer.alloc(FOOTER_BYTES);
      footer.writeUInt32LE(trailer.length, 0);
      MAGIC.copy(footer, 4);
      await writeAll(fh, Buffer.concat([trailer, footer]));
      await fh.sync();
      await fh.close();

      const target = this.objectFile(cloudPath);
      const dir = path.dirname(target);
      const newDir = !fs.existsSync(dir);
      await fsp.mkdir(dir, { recursive: true });
      if (newDir) await fsyncDir(path.dirname(dir));
      await fsp.rename(tmp, target);
      await fsyncDir(dir);
      return file;
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  /** Deletes the file; false when there was none. */
  async remove(cloudPath: string): Promise<boolean> {
    const target = this.objectFile(cloudPath);
    try {
      await fsp.unlink(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    await fsyncDir(path.dirname(target));
    return true;
  }
}

async function loadSigningKey(root: string): Promise<Buffer> {
  const file = path.join(root, 'signing.key');
  try {
    return Buffer.from(await fsp.readFile(file, 'utf8'), 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  const tmp = path.join(root, 'tmp', 'signing.key');
  await fsp.writeFile(tmp, key.toString('hex'), { flush: true });
  await fsp.rename(tmp, file);
  await fsyncDir(root);
  return key;
}

async function writeAll(fh: fsp.FileHandle, chunk: Uint8Array): Promise<void> {
  for (let off = 0; off < chunk.length; ) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.length - off);
    off += bytesWritten;
  }
}
