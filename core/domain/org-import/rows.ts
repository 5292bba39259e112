/**
 * A filled template read back: find the header row, map each column to its field by the header's
 * text (the order may differ, extra columns are ignored), and turn every non-empty row below it into
 * a record, keeping the row number staff see in Excel.
 */
import { cellText, nameKey } from './cells';
import { MAX_IMPORT_ROWS, type ImportTemplate } from './templates';

/** One sheet row as the reader gives it: its Excel row number and its cells' text, by column. */
export interface SheetRow {
  number: number;
  cells: string[];
}

/** A data row: its Excel row number and its cells by field key (empty string when blank). */
export interface ImportRow {
  row: number;
  values: Record<string, string>;
}

/** One problem of the file: a row and column, or the whole file (row 0, column ''). */
export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

/** the header row is looked for among the first rows (a title line above it is allowed) */
const HEADER_SEARCH_ROWS = 10;

export type ReadTable = { ok: true; rows: ImportRow[] } | { ok: false; issues: ImportIssue[] };

export function readTable(template: ImportTemplate, sheet: SheetRow[]): ReadTable {
  const wanted = template.columns.map((c) => nameKey(c.header));
  const header = sheet
    .slice(0, HEADER_SEARCH_ROWS)
    .find((r) => r.cells.some((c) => wanted.includes(nameKey(c))));
  if (!header) {
    return fileIssue(`没有找到表头（${template.columns.map((c) => c.header).join('、')}），请使用下载的「${template.title}」填写`);
  }
  const at = new Map<string, number>();
  const headers = header.cells.map((c) => nameKey(c));
  for (const column of template.columns) {
    const i = headers.indexOf(nameKey(column.header));
    if (i >= 0) at.set(column.key, i);
  }
  const missing = template.columns.filter((c) => !at.has(c.key));
  if (missing.length) {
    return fileIssue(`表头缺少「${missing.map((c) => c.header).join('」「')}」列，请使用下载的「${template.title}」填写`);
  }

  const rows: ImportRow[] = [];
  for (const r of sheet) {
    if (r.number <= header.number) continue;
    const values = Object.fromEntries(template.columns.map((c) => [c.key, cellText(r.cells[at.get(c.key) as number] ?? '')]));
    if (Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r.number, values });
  }
  if (!rows.length) return fileIssue('表格里没有要导入的内容：请从表头下一行起填写');
  if (rows.length > MAX_IMPORT_ROWS) {
    return fileIssue(`一个文件最多 ${MAX_IMPORT_ROWS} 行，这个文件有 ${rows.length} 行，请分成几个文件导入`);
  }
  return { ok: true, rows };
}

function fileIssue(message: string): ReadTable {
  return { ok: false, issues: [{ row: 0, column: '', message }] };
}

/** 「第 12 行『手机号』：不是有效的手机号」, or the message alone for the whole file. */
export function issueText(issue: ImportIssue): string {
  if (!issue.row) return issue.message;
  return `第 ${issue.row} 行${issue.column ? `『${issue.column}』` : ''}：${issue.message}`;
}
