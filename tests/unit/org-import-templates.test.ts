/** The shipped templates (tools/seed/templates, `npm run templates`) are the definitions' own, and read back as their examples. */
import fs from 'node:fs';
import path from 'node:path';
import { readSheetRows } from '../../cloudfunctions/lib/xlsx';
import { readTable } from '../../core/domain/org-import/rows';
import { DATA_SHEET, NOTES_SHEET, TEMPLATES } from '../../core/domain/org-import/templates';
import ExcelJS from 'exceljs';

const DIR = path.resolve(__dirname, '../../tools/seed/templates');

test.each(Object.values(TEMPLATES))('$fileName: headers, examples and notes as defined', async (template) => {
  const bytes = fs.readFileSync(path.join(DIR, template.fileName));
  const sheet = await readSheetRows(bytes, DATA_SHEET);
  if (!sheet) throw new Error('not a workbook');
  expect(sheet[0].cells).toEqual(template.columns.map((c) => c.header));
  const read = readTable(template, sheet);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  expect(read.rows.map((r) => template.columns.map((c) => r.values[c.key]))).toEqual(template.examples);

  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const notes = book.getWorksheet(NOTES_SHEET);
  const text: string[] = [];
  notes?.eachRow((r) => text.push((r.values as unknown[]).slice(1).join(' ')));
  for (const c of template.columns) expect(text.join('\n')).toContain(c.note);
  // phones and room numbers stay text in Excel
  expect(book.getWorksheet(DATA_SHEET)?.getColumn(1).numFmt).toBe('@');
});

test('a workbook that is not one reads as null', async () => {
  expect(await readSheetRows(Buffer.from('小区,楼栋\n和平小区,1号楼'), DATA_SHEET)).toBeNull();
});
