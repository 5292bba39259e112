/**
 * Workbooks in cloud storage: the exceljs chunk loaded only when a call needs it, an .xlsx stored
 * and answered as a temporary download link (exports, import templates).
 */
import type { ExportFile } from '../../core/contracts/points-export';
import type { CloudApp } from './cloud';
import type * as Xlsx from './xlsx';

/** how long a download link stays valid */
export const URL_MAX_AGE_S = 2 * 60 * 60;

/** exceljs, from the function's `chunks/xlsx.js` (its own bundle: see tools/build-functions.ts) */
export function xlsx(): typeof Xlsx {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./chunks/xlsx') as typeof Xlsx;
}

/** A temporary download link of a stored file. */
export async function downloadLink(app: CloudApp, fileID: string): Promise<string | null> {
  const { fileList } = await app.getTempFileURL({ fileList: [{ fileID, maxAge: URL_MAX_AGE_S }] });
  const file = fileList[0];
  return file && file.code === 'SUCCESS' && file.tempFileURL ? file.tempFileURL : null;
}

/** Stores the workbook at `cloudPath` and answers its download link. */
export async function publishXlsx(app: CloudApp, cloudPath: string, fileName: string, bytes: Buffer, rows: number): Promise<ExportFile> {
  const { fileID } = await app.uploadFile({ cloudPath, fileContent: bytes });
  const url = await downloadLink(app, fileID);
  if (!url) throw new Error(`no temp URL for ${fileID}`);
  return { fileID, url, fileName, rows, expiresAt: new Date(Date.now() + URL_MAX_AGE_S * 1000).toISOString() };
}
