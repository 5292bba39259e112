/**
 * Cloud storage as node-sdk 3.18.3 uses it. `uploadFile` asks `storage.getUploadMetadata` for a
 * COS URL and signature, then PUTs the bytes there (headers `authorization`,
 * `x-cos-security-token`, `x-cos-meta-fileid`) and reads an empty body as success or a COS XML
 * `<Error>`; `getTempFileURL` is `storage.batchGetDownloadUrl` (`data.download_list`);
 * `deleteFile` is `storage.batchDeleteFile` (`data.delete_list`); `downloadFile` fetches a temp URL.
 * The COS stand-in lives under `/files/<cloudPath>`: signed PUT uploads, and GET/HEAD downloads
 * with `?sign=…&t=…` that expire.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import mime from 'mime-types';
import { z } from 'zod';
import { CloudError, type AdminAnswer, type AdminRequest, type HttpPart, type StorageService } from '../types';
import { cloudPathProblem, fileIdOf, parseFileId } from './paths';
import { FileStore, TooLargeError, type StoredFile } from './store';

export interface StorageOptions {
  dataDir: string;
  envId: string;
  /** the server's own origin (`http://127.0.0.1:PORT`), known once it listens */
  baseUrl: () => string;
}

export const FILES_PREFIX = '/files/';
/** CloudBase answers at most 50 files per temp-URL or delete call */
export const MAX_BATCH = 50;
/** a temp URL's default and longest life: one day, as CloudBase documents */
export const MAX_AGE_LIMIT = 86_400;
/** how long an upload authorization from `getUploadMetadata` stays valid */
const UPLOAD_TTL_SECONDS = 600;
/** the largest file node-sdk may PUT here (COS allows more; nothing in the app comes close) */
const MAX_OBJECT_BYTES = 100 * 1024 * 1024;

export type TempUrl =
  | { ok: true; fileID: string; tempFileURL: string; maxAge: number }
  | { ok: false; fileID: string; code: string; message: string };

/** The storage part, with what the dev gateway needs beyond node-sdk's actions. */
export interface LocalStorage extends StorageService {
  /** Stores a user's upload (`wx.cloud.uploadFile`): only its owner may replace a file. */
  uploadAsUser(cloudPath: string, content: Uint8Array, owner: string, declaredType?: string): Promise<{ fileID: string }>;
  /** A signed download URL for one fileID (`maxAge` in seconds, default one day). */
  tempUrl(fileId: string, maxAge?: number): Promise<TempUrl>;
}

const uploadMetadataSchema = z.object({ path: z.string(), method: z.literal('put').optional() });
const downloadUrlsSchema = z.object({
  file_list: z
    .array(z.object({ fileid: z.string(), max_age: z.number().optional(), url_type: z.string().optional() }))
    .min(1)
    .max(MAX_BATCH),
});
const deleteSchema = z.object({ fileid_list: z.array(z.string()).min(1).max(MAX_BATCH) });

export async function createStorageService(options: StorageOptions): Promise<LocalStorage> {
  const { envId, baseUrl } = options;
  const store = await FileStore.open(path.join(options.dataDir, 'files'));
  const hmac = (text: string) => createHmac('sha256', store.signingKey).update(text).digest('hex');
  const downloadSign = (cloudPath: string, t: number) => hmac(`GET\n${cloudPath}\n${t}`);
  const uploadSign = (cloudPath: string, exp: number, token: string, cosFileId: string) =>
    hmac(`PUT\n${cloudPath}\n${exp}\n${token}\n${cosFileId}`);

  async function tempUrl(fileId: string, maxAge: number = MAX_AGE_LIMIT): Promise<TempUrl> {
    const parsed = parseFileId(envId, fileId);
    if ('problem' in parsed) return { ok: false, fileID: fileId, code: 'INVALID_PARAM', message: parsed.problem };
    if (!Number.isInteger(maxAge) || maxAge < 1) {
      return { ok: false, fileID: fileId, code: 'INVALID_PARAM', message: 'maxAge 必须是正整数（秒）' };
    }
    if (!(await store.stat(parsed.cloudPath))) {
      return { ok: false, fileID: fileId, code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' };
    }
    const age = Math.min(maxAge, MAX_AGE_LIMIT);
    const t = Math.floor(Date.now() / 1000) + age;
    // the raw path, as CloudBase's temp URLs carry it: node-sdk's downloadFile encodeURI()s it
    const tempFileURL = `${baseUrl()}${FILES_PREFIX}${parsed.cloudPath}?sign=${downloadSign(parsed.cloudPath, t)}&t=${t}`;
    return { ok: true, fileID: fileId, tempFileURL, maxAge: age };
  }

  async function handle(action: string, body: AdminRequest): Promise<AdminAnswer> {
    switch (action) {
      case 'storage.getUploadMetadata': {
        const { path: cloudPath } = parse(uploadMetadataSchema, body);
        const problem = cloudPathProblem(cloudPath);
        if (problem) throw new CloudError('INVALID_PARAM', problem);
        const exp = Math.floor(Date.now() / 1000) + UPLOAD_TTL_SECONDS;
        const token = randomBytes(16).toString('hex');
        const cosFileId = randomBytes(24).toString('base64url');
        const signature = uploadSign(cloudPath, exp, token, cosFileId);
        return {
          data: {
            url: `${baseUrl()}${FILES_PREFIX}${encodeURI(cloudPath)}`,
            token,
            authorization: new URLSearchParams({ 'q-sign-algorithm': 'sha256', 'q-key-time': String(exp), 'q-signature': signature }).toString(),
            fileId: fileIdOf(envId, cloudPath),
            cosFileId,
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const { file_list } = parse(downloadUrlsSchema, body);
        const urls = await Promise.all(file_list.map((f) => tempUrl(f.fileid, f.max_age)));
        const downloadList = urls.map((u) =>
          u.ok
            ? { fileID: u.fileID, tempFileURL: u.tempFileURL, code: 'SUCCESS' }
            : { fileID: u.fileID, tempFileURL: '', code: u.code, message: u.message },
        );
        return { data: { download_list: downloadList } };
      }
      case 'storage.batchDeleteFile': {
        const { fileid_list } = parse(deleteSchema, body);
        const deleteList = [];
        for (const fileID of fileid_list) {
          const parsed = parseFileId(envId, fileID);
          if ('problem' in parsed) deleteList.push({ fileID, code: 'INVALID_PARAM', message: parsed.problem });
          else if (await store.remove(parsed.cloudPath)) deleteList.push({ fileID, code: 'SUCCESS' });
          else deleteList.push({ fileID, code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' });
        }
        return { data: { delete_list: deleteList } };
      }
      default:
        throw new CloudError('INVALID_ACTION', `本地云存储不支持 ${action}`);
    }
  }

  async function putObject(req: IncomingMessage, res: ServerResponse, cloudPath: string): Promise<void> {
    const header = (name: string) => {
      const value = req.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? '';
    };
    const auth = new URLSearchParams(header('authorization'));
    const exp = Number(auth.get('q-key-time'));
    const expected = uploadSign(cloudPath, exp, header('x-cos-security-token'), header('x-cos-meta-fileid'));
    if (!Number.isInteger(exp) || !sameText(auth.get('q-signature') ?? '', expected)) {
      return refuse(req, res, 403, 'SignatureDoesNotMatch', '上传签名与请求不符', cloudPath);
    }
    if (exp * 1000 <= Date.now()) return refuse(req, res, 403, 'AccessDenied', '上传授权已过期', cloudPath);
    if (Number(header('content-length') || 0) > MAX_OBJECT_BYTES) {
      return refuse(req, res, 400, 'EntityTooLarge', `文件超过 ${MAX_OBJECT_BYTES} 字节的上限`, cloudPath);
    }
    let file: StoredFile;
    try {
      file = await store.write(cloudPath, req, {
        owner: null,
        contentType: contentTypeFor(cloudPath, header('content-type')),
        limit: MAX_OBJECT_BYTES,
      });
    } catch (err) {
      if (err instanceof TooLargeError) return refuse(req, res, 400, 'EntityTooLarge', err.message, cloudPath);
      throw err;
    }
    res.writeHead(200, { etag: `"${file.etag}"`, 'content-length': 0 });
    res.end();
  }

  async function getObject(res: ServerResponse, url: URL, cloudPath: string, head: boolean): Promise<void> {
    const t = Number(url.searchParams.get('t'));
    if (!Number.isInteger(t) || !sameText(url.searchParams.get('sign') ?? '', downloadSign(cloudPath, t))) {
      return sendCosError(res, 403, 'AccessDenied', '链接签名无效', cloudPath);
    }
    if (t * 1000 <= Date.now()) return sendCosError(res, 403, 'AccessDenied', '链接已过期', cloudPath);
    const found = await store.read(cloudPath);
    if (!found) return sendCosError(res, 404, 'NoSuchKey', '文件不存在', cloudPath);
    const { file, content } = found;
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.size,
      etag: `"${file.etag}"`,
      'last-modified': new Date(file.uploadedAt).toUTCString(),
      'cache-control': 'private, no-cache',
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    });
    if (head) {
      content.destroy();
      res.end();
    } else {
      // a client that hangs up mid-download is no server error
      await pipeline(content, res).catch((err: unknown) => {
        if (!res.destroyed) throw err;
      });
    }
  }

  const http: HttpPart = async (req, res, url) => {
    if (!url.pathname.startsWith(FILES_PREFIX)) return false;
    let cloudPath: string;
    try {
      cloudPath = decodeURIComponent(url.pathname.slice(FILES_PREFIX.length));
    } catch {
      sendCosError(res, 400, 'InvalidURI', '路径不是合法的 URL 编码', url.pathname);
      return true;
    }
    const method = req.method ?? 'GET';
    if (cloudPathProblem(cloudPath)) sendCosError(res, 404, 'NoSuchKey', '文件不存在', cloudPath);
    else if (method === 'PUT') await putObject(req, res, cloudPath);
    else if (method === 'GET' || method === 'HEAD') await getObject(res, url, cloudPath, method === 'HEAD');
    else sendCosError(res, 405, 'MethodNotAllowed', `不支持 ${method}`, cloudPath);
    return true;
  };

  return {
    handle,
    http,
    tempUrl,
    async uploadAsUser(cloudPath, content, owner, declaredType) {
      const problem = cloudPathProblem(cloudPath);
      if (problem) throw new CloudError('INVALID_PARAM', problem);
      const existing = await store.stat(cloudPath);
      // CloudBase's default storage rule: anyone reads, only the creator (or an admin) writes
      if (existing && existing.owner !== owner) throw new CloudError('FORBIDDEN', '该路径已有他人上传的文件，无权覆盖');
      await store.write(cloudPath, content, {
        owner,
        contentType: contentTypeFor(cloudPath, declaredType),
        limit: MAX_OBJECT_BYTES,
      });
      return { fileID: fileIdOf(envId, cloudPath) };
    },
  };
}

function parse<T>(schema: z.ZodType<T>, body: AdminRequest): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new CloudError('INVALID_PARAM', z.prettifyError(result.error));
  return result.data;
}

/** by the name's extension, as COS serves it; else what the uploader declared */
function contentTypeFor(cloudPath: string, declared: string | undefined): string {
  return mime.contentType(path.posix.extname(cloudPath)) || (declared && mime.contentType(declared)) || 'application/octet-stream';
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Answers a refused upload as COS does and throws away the body it will not store. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  sendCosError(res, status, code, message, resource);
  req.resume();
}

/** COS's XML error body; node-sdk reads Code, Message, RequestId and TraceId from it */
function sendCosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const id = randomBytes(12).toString('base64url');
  const xml =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${escapeXml(message)}</Message>\n` +
    `<Resource>${escapeXml(resource)}</Resource>\n<RequestId>${id}</RequestId>\n<TraceId>${id}</TraceId>\n</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
