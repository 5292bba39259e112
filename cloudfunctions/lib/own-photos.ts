/**
 * Photos a person attaches (claim evidence, 五有 evidence) must be files they uploaded into their own
 * folder and must exist: one batched temp-URL request, which answers each missing file with its own code.
 */
import type { CloudApp } from './cloud';
import { AppError } from './errors';

/** `isOwn` tells whether a file ID is in the person's own folder; `path` is the input field of the list. */
export async function checkOwnPhotos(app: CloudApp, photos: string[], isOwn: (fileId: string) => boolean, path = 'data.photos'): Promise<void> {
  const refuse = (i: number, message: string) => {
    throw new AppError('VALIDATION_ERROR', message, [{ path: `${path}.${i}`, message }]);
  };
  const foreign = photos.findIndex((id) => !isOwn(id));
  if (foreign >= 0) refuse(foreign, `第 ${foreign + 1} 张照片不是你本人在小程序里上传的，请删除后重新上传`);
  if (!photos.length) return;
  const res = (await app.getTempFileURL({ fileList: photos.map((fileID) => ({ fileID, maxAge: 60 })) })) as { code?: string; message?: string; fileList?: { fileID: string; code: string }[] };
  if (res.code || !Array.isArray(res.fileList)) throw new Error(`photos: storage answered ${res.code ?? 'no file list'} ${res.message ?? ''}`);
  const found = new Map(res.fileList.map((f) => [f.fileID, f.code]));
  const missing = photos.findIndex((id) => found.get(id) !== 'SUCCESS');
  if (missing >= 0) refuse(missing, `第 ${missing + 1} 张照片没有找到，可能没有上传成功，请删除后重新上传`);
}
