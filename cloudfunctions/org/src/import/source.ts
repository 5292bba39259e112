/**
 * An uploaded import file, from storage to rows: fetched (it must be the caller's own upload),
 * hashed, read with exceljs and mapped onto its template — the same steps for preview and commit.
 */
import { createHash } from 'node:crypto';
import type { ImportKind } from '../../../../core/labels/org-import';
import { readTable, type ReadTable } from '../../../../core/domain/org-import/rows';
import { DATA_SHEET, TEMPLATES } from '../../../../core/domain/org-import/templates';
import { AppError, type CloudApp } from '../../../lib';
import { xlsx } from '../../../lib/xlsx-files';

/** larger files are refused before they are read (20,000 rows of a template are well under 2 MB) */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export async function fetchImportFile(app: CloudApp, fileID: string): Promise<{ bytes: Buffer; hash: string }> {
  let bytes: Buffer | undefined;
  try {
    const res = (await app.downloadFile({ fileID })) as { fileContent?: Buffer; code?: string };
    bytes = res.fileContent;
  } catch {
    bytes = undefined;
  }
  if (!bytes) throw new AppError('NOT_FOUND', '没有找到上传的文件，请重新选择文件上传');
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('VALIDATION_ERROR', '文件超过 10 MB，请分成几个文件导入', [{ path: 'data.fileID', message: '文件太大' }]);
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

export async function readImportRows(kind: ImportKind, bytes: Buffer): Promise<ReadTable> {
  const sheet = await xlsx().readSheetRows(bytes, DATA_SHEET);
  if (!sheet) {
    return { ok: false, issues: [{ row: 0, column: '', message: '这个文件不是 Excel 表格（.xlsx），请用下载的模板填写后另存为 .xlsx 再上传' }] };
  }
  return readTable(TEMPLATES[kind], sheet);
}
