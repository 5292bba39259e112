/**
 * The dev gateway's file routes — local dev and tests only, never in production — the H5 build's
 * stand-ins for the mini-program's storage APIs:
 * - `POST /dev/upload?cloudPath=…` (`wx.cloud.uploadFile`): a multipart form with one file (field
 *   `file`; `cloudPath` may also be a form field) or the raw bytes, as the user in `X-Dev-Openid`
 *   → `{ fileID }`;
 * - `POST /dev/temp-urls` `{ fileList: [fileID | { fileID, maxAge }] }` (`wx.cloud.getTempFileURL`)
 *   → `{ fileList: [{ fileID, tempFileURL, maxAge, status, errMsg }] }`.
 * Errors are `{ code, message }` with a 4xx status. CORS preflight for `/dev/*` is the dev gateway's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../http';
import { CloudError, type HttpPart } from '../types';
import { MAX_BATCH, type LocalStorage } from './service';

/** the largest file a user may upload through the gateway */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** room for a multipart form's boundaries and part headers around the file */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const MAX_TEMP_URLS_BODY = 64 * 1024;

const tempUrlsSchema = z.strictObject({
  fileList: z
    .array(z.union([z.string(), z.strictObject({ fileID: z.string(), maxAge: z.number().optional() })]))
    .min(1, 'fileList 不能为空')
    .max(MAX_BATCH, `fileList 一次最多 ${MAX_BATCH} 个`),
});

export function createStorageGateway(storage: LocalStorage): HttpPart {
  return async (req, res, url) => {
    if (req.method !== 'POST' || (url.pathname !== '/dev/upload' && url.pathname !== '/dev/temp-urls')) return false;
    res.setHeader('access-control-allow-origin', '*');
    if (url.pathname === '/dev/upload') await upload(storage, req, res, url);
    else await tempUrls(storage, req, res);
    return true;
  };
}

async function upload(storage: LocalStorage, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const header = req.headers['x-dev-openid'];
  const openid = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!openid) return refuse(req, res, 401, 'UNAUTHENTICATED', '未登录：请求缺少 X-Dev-Openid');
  const tooLarge = () => refuse(req, res, 413, 'REQUEST_TOO_LARGE', `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES) return tooLarge();
  const body = await readUpTo(req, MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES);
  if (!body) return tooLarge();

  const type = req.headers['content-type'] ?? '';
  let cloudPath = url.searchParams.get('cloudPath');
  let content: Uint8Array = body;
  let declaredType: string | undefined = type || undefined;
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
    } catch {
      return refuse(req, res, 400, 'INVALID_FORM', '无法解析 multipart 表单');
    }
    // the only file in the form, or else the only one named `file`
    const files: [string, File][] = [];
    form.forEach((value, name) => {
      if (typeof value !== 'string') files.push([name, value]);
    });
    const candidates = files.length === 1 ? files : files.filter(([name]) => name === 'file');
    const file = candidates.length === 1 ? candidates[0][1] : undefined;
    if (!file) return refuse(req, res, 400, 'INVALID_FORM', '表单中应恰有一个文件（字段名 file）');
    content = new Uint8Array(await file.arrayBuffer());
    declaredType = file.type || undefined;
    const field = form.get('cloudPath');
    if (!cloudPath && typeof field === 'string') cloudPath = field;
  }
  if (!cloudPath) return refuse(req, res, 400, 'INVALID_PARAM', '缺少 cloudPath（查询参数或表单字段）');
  if (content.length === 0) return refuse(req, res, 400, 'INVALID_PARAM', '文件内容为空');
  if (content.length > MAX_UPLOAD_BYTES) return tooLarge();

  try {
    sendJson(res, 200, await storage.uploadAsUser(cloudPath, content, openid, declaredType));
  } catch (err) {
    if (!(err instanceof CloudError)) throw err;
    sendJson(res, err.code === 'FORBIDDEN' ? 403 : 400, { code: err.code, message: err.message });
  }
}

async function tempUrls(storage: LocalStorage, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readUpTo(req, MAX_TEMP_URLS_BODY);
  if (!body) return refuse(req, res, 413, 'REQUEST_TOO_LARGE', '请求内容过大');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(req, res, 400, 'INVALID_JSON', '请求体不是合法的 JSON');
  }
  const parsed = tempUrlsSchema.safeParse(json);
  if (!parsed.success) return refuse(req, res, 400, 'INVALID_PARAM', z.prettifyError(parsed.error));
  const fileList = await Promise.all(
    parsed.data.fileList.map(async (item) => {
      const url = typeof item === 'string' ? await storage.tempUrl(item) : await storage.tempUrl(item.fileID, item.maxAge);
      return url.ok
        ? { fileID: url.fileID, tempFileURL: url.tempFileURL, maxAge: url.maxAge, status: 0, errMsg: 'ok' }
        : { fileID: url.fileID, tempFileURL: '', status: -1, errMsg: `${url.code}: ${url.message}` };
    }),
  );
  sendJson(res, 200, { fileList });
}

/** The whole body, or null (and the rest discarded) when it runs over `limit` bytes. */
function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Answers an error and discards whatever of the body is still unread. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message });
  req.resume();
}
