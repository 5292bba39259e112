/**
 * Files in cloud storage (evidence photos of points claims and spreadsheets to import, each person's in their own folder —
 * `claims/<personId>/<yyyy-mm>`, the only place a claim takes them from). weapp: `Taro.cloud.uploadFile` gives a
 * `cloud://…` fileID, which <Image> shows as it is. h5 (local dev only): the dev gateway stands in —
 * `POST /dev/upload?cloudPath=…` with the bytes answers `{ fileID }`, `POST /dev/temp-urls` turns
 * fileIDs into links the browser can show.
 */
import Taro from '@tarojs/taro';
import { claimPhotoFolder, wuyouPhotoFolder } from '@core/domain/points/claim-photos';
import { importFolder } from '@core/labels/org-import';
import { requestPhotoFolder } from '@core/domain/requests/photos';
import { noticeImageFolder } from '@core/domain/notices/blocks';
import { DEV_OPENID_KEY } from './transport';
import { call, type Result } from './index';

const UPLOAD_FAILED = { code: 'INTERNAL', message: '照片上传失败，请检查网络后重试' } as const;

const EXTENSION = /(?:\.|image\/)(jpe?g|png|gif|webp|heic)\b/i;

/** jpg, png…: from the temp path (weapp) or the blob's type (h5, whose paths are blob: URLs) */
function extensionOf(...hints: string[]): string {
  for (const hint of hints) {
    const m = EXTENSION.exec(hint);
    if (m) return m[1].toLowerCase().replace('jpeg', 'jpg');
  }
  return 'jpg';
}

/** `claims/<personId>/2026-11/<random>.png`: a fresh name per photo, under the folder given. */
function cloudPathIn(folder: string, extension: string): string {
  return `${folder}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.${extension}`;
}

function devHeaders(): Record<string, string> {
  const openid = window.localStorage.getItem(DEV_OPENID_KEY);
  return openid ? { 'x-dev-openid': openid } : {};
}

async function myFolder(folderOf: (personId: string, month: string) => string, month: string): Promise<Result<string>> {
  const me = await call('account.me', {});
  if (!me.ok) return me;
  if (!me.data.bound) return { ok: false, error: { code: 'UNAUTHENTICATED', message: me.data.nextStep } };
  return { ok: true, data: folderOf(me.data.person.id, month) };
}

/** The caller's own folder for a claim's photos this month (`month`: 2026-11). */
export const myClaimPhotoFolder = (month: string) => myFolder(claimPhotoFolder, month);
/** A branch secretary's own folder for 五有 evidence photos this month. */
export const myWuyouPhotoFolder = (month: string) => myFolder(wuyouPhotoFolder, month);
/** The caller's own folder for a request's photos this month (the reporter's, or a handler's progress and result photos). */
export const myRequestPhotoFolder = (month: string) => myFolder(requestPhotoFolder, month);
/** A staff member's own folder for a notice's cover and body images this month. */
export const myNoticeImageFolder = (month: string) => myFolder(noticeImageFolder, month);
/** An organiser's own folder for an activity's photos (`activities/<personId>/<yyyy-mm>`, what activities.finish takes). */
export const myActivityPhotoFolder = (month: string) => myFolder((personId, m) => `activities/${personId}/${m}`, month);
/** The caller's own folder for a wish's photos, posted or as proof of fulfilling it (`wishes/<personId>/<yyyy-mm>`, what wishes.post and wishes.fulfil take). */
export const myWishPhotoFolder = (month: string) => myFolder((personId, m) => `wishes/${personId}/${m}`, month);

/** Uploads a photo chosen with `Taro.chooseImage` (its temp path) into `folder`; answers its fileID. */
export async function uploadPhoto(localPath: string, folder: string): Promise<Result<string>> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const blob = await (await fetch(localPath)).blob();
      const cloudPath = cloudPathIn(folder, extensionOf(blob.type, localPath));
      const res = await fetch(`/dev/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
        method: 'POST',
        headers: { 'content-type': blob.type || 'application/octet-stream', ...devHeaders() },
        body: blob,
      });
      const body = (await res.json()) as { fileID?: unknown; message?: unknown };
      if (!res.ok || typeof body.fileID !== 'string') {
        return { ok: false, error: { code: 'INTERNAL', message: typeof body.message === 'string' ? body.message : UPLOAD_FAILED.message } };
      }
      return { ok: true, data: body.fileID };
    }
    const { fileID } = await Taro.cloud.uploadFile({ cloudPath: cloudPathIn(folder, extensionOf(localPath)), filePath: localPath });
    return { ok: true, data: fileID };
  } catch {
    return { ok: false, error: UPLOAD_FAILED };
  }
}

/** Links to show stored photos: fileID → URL (weapp shows fileIDs directly). Missing ones are left out. */
export async function photoUrls(fileIDs: string[]): Promise<Record<string, string>> {
  const cloudIds = fileIDs.filter((id) => id.startsWith('cloud://'));
  const direct = Object.fromEntries(fileIDs.filter((id) => !id.startsWith('cloud://')).map((id) => [id, id]));
  if (process.env.TARO_ENV !== 'h5' || cloudIds.length === 0) return { ...direct, ...Object.fromEntries(cloudIds.map((id) => [id, id])) };
  try {
    const res = await fetch('/dev/temp-urls', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...devHeaders() },
      body: JSON.stringify({ fileList: cloudIds }),
    });
    const body = (await res.json()) as { fileList?: { fileID: string; tempFileURL?: string }[] };
    const found = (body.fileList ?? []).filter((f) => f.tempFileURL).map((f) => [f.fileID, f.tempFileURL as string]);
    return { ...direct, ...Object.fromEntries(found) };
  } catch {
    return direct;
  }
}

/** A spreadsheet chosen to import: weapp from a chat (`chooseMessageFile`), h5 through a file input. null: none chosen. */
export async function chooseSpreadsheet(): Promise<{ path: string; name: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      input.onchange = () => {
        const file = input.files?.[0];
        resolve(file ? { path: URL.createObjectURL(file), name: file.name } : null);
      };
      input.click();
    });
  }
  try {
    const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    return tempFiles[0] ? { path: tempFiles[0].path, name: tempFiles[0].name } : null;
  } catch {
    return null; // cancelled
  }
}

/** Uploads a chosen spreadsheet into the caller's own import folder (`imports/<personId>/`); answers its fileID. */
export async function uploadSpreadsheet(localPath: string): Promise<Result<string>> {
  const me = await call('account.me', {});
  if (!me.ok) return me;
  if (!me.data.bound) return { ok: false, error: { code: 'UNAUTHENTICATED', message: me.data.nextStep } };
  const cloudPath = cloudPathIn(importFolder(me.data.person.id), 'xlsx');
  const failed = { ok: false as const, error: { code: 'INTERNAL' as const, message: '文件上传失败，请检查网络后重试' } };
  try {
    if (process.env.TARO_ENV === 'h5') {
      const blob = await (await fetch(localPath)).blob();
      const res = await fetch(`/dev/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ...devHeaders() },
        body: blob,
      });
      const body = (await res.json()) as { fileID?: unknown };
      return res.ok && typeof body.fileID === 'string' ? { ok: true, data: body.fileID } : failed;
    }
    const { fileID } = await Taro.cloud.uploadFile({ cloudPath, filePath: localPath });
    return { ok: true, data: fileID };
  } catch {
    return failed;
  }
}
