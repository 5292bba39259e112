/**
 * An image for a notice (the cover or one in the body): chosen from the album or camera, compressed on
 * the phone when it is 1 MB or more (the 公众号 takes article images under 1 MB only, and one notice
 * serves both), refused with a clear message if it is still too large, then uploaded into the staff
 * member's own notices folder. `Taro.compressImage` exists in WeChat only; the H5 build (local
 * development) checks the size and uploads.
 */
import Taro from '@tarojs/taro';
import { NOTICE_LIMITS } from '@core/domain/notices/blocks';
import type { Result } from '../../services';
import { myNoticeImageFolder, uploadPhoto } from '../../services/upload';
import { dateOf } from '../points/format';

export interface NoticeImage {
  /** what <Image> shows now: the temp path of the chosen image */
  src: string;
  fileID: string;
}

export const TOO_LARGE = '这张图片压缩后仍超过 1 MB，公众号不接收，请换一张小一些的图片（例如先截图再选）';

const fits = (bytes: number) => bytes <= NOTICE_LIMITS.imageBytes;

/** FileSystemManager.getFileInfo reads temp files too (wx.getFileInfo is no longer maintained); callbacks only */
function sizeOf(path: string): Promise<number | null> {
  return new Promise((resolve) => {
    try {
      Taro.getFileSystemManager().getFileInfo({ filePath: path, success: (res) => resolve(res.size), fail: () => resolve(null) });
    } catch {
      resolve(null);
    }
  });
}

/** WeChat only: smaller and smaller copies until one fits (null: none did, or compressing is not available). */
async function compressed(path: string): Promise<string | null> {
  if (process.env.TARO_ENV !== 'weapp') return null;
  for (const quality of [70, 40]) {
    try {
      const { tempFilePath } = await Taro.compressImage({ src: path, quality });
      const size = await sizeOf(tempFilePath);
      if (size !== null && fits(size)) return tempFilePath;
    } catch {
      return null;
    }
  }
  return null;
}

/** null: the person closed the picker. */
export async function chooseNoticeImage(): Promise<Result<NoticeImage> | null> {
  let file: { tempFilePath: string; size: number } | undefined;
  try {
    file = (await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFiles[0];
  } catch {
    return null;
  }
  if (!file) return null;
  const path = fits(file.size) ? file.tempFilePath : await compressed(file.tempFilePath);
  if (!path) return { ok: false, error: { code: 'VALIDATION_ERROR', message: TOO_LARGE } };
  const folder = await myNoticeImageFolder(dateOf(Date.now()).slice(0, 7));
  if (!folder.ok) return folder;
  const uploaded = await uploadPhoto(path, folder.data);
  return uploaded.ok ? { ok: true, data: { src: path, fileID: uploaded.data } } : uploaded;
}
