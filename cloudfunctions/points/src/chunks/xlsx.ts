/**
 * Writes one-sheet .xlsx workbooks with exceljs. A chunk of its own (see tools/build-functions.ts):
 * exceljs is over 1 MB bundled, and only the 台账 exports need it.
 */
import ExcelJS from 'exceljs';

export interface SheetColumn {
  header: string;
  /** width in characters */
  width: number;
}

export interface SheetSpec {
  sheetName: string;
  /** lines above the table: a title, then facts such as the period and the export time */
  heading: string[];
  columns: SheetColumn[];
  rows: (string | number | null)[][];
}

export async function writeXlsx(spec: SheetSpec): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '红邻';
  book.created = new Date();
  const sheet = book.addWorksheet(spec.sheetName);
  spec.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));

  spec.heading.forEach((line, i) => {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, spec.columns.length);
    row.font = i === 0 ? { bold: true, size: 14 } : { size: 11 };
  });
  const header = sheet.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF6F1EC' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  for (const r of spec.rows) sheet.addRow(r);

  return Buffer.from(await book.xlsx.writeBuffer());
}
