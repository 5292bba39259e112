/** Reading a filled template back: cells as staff mean them, the header found by its text, issues in Chinese. */
import { buildingName, mobileNumber, nameKey, roomNumber, unitName } from '../../core/domain/org-import/cells';
import { issueText, readTable } from '../../core/domain/org-import/rows';
import { MAX_IMPORT_ROWS, TEMPLATES } from '../../core/domain/org-import/templates';
import { isOwnImportFile } from '../../core/domain/org-import/files';

test('cells: full-width digits, separators, bare numbers', () => {
  expect(mobileNumber('１３８ １２３４-５６７８')).toBe('13812345678');
  expect(mobileNumber('+86 13812345678')).toBe('13812345678');
  expect(mobileNumber('1381234567')).toBeNull();
  expect(mobileNumber('12812345678')).toBeNull();
  expect(mobileNumber('010-12345678')).toBeNull();
  expect(buildingName(' 3 ')).toBe('3号楼');
  expect(buildingName('03')).toBe('3号楼');
  expect(buildingName('A座')).toBe('A座');
  expect(unitName('２')).toBe('2单元');
  expect(roomNumber('301')).toBe('301');
  expect(roomNumber('b-1')).toBe('B-1');
  expect(roomNumber('3#01')).toBeNull();
  expect(nameKey('和平 小区')).toBe(nameKey('和平小区'));
});

const sheet = (...rows: string[][]) => rows.map((cells, i) => ({ number: i + 1, cells }));

test('the header is found by its text, in any order, below a title; blank rows are skipped', () => {
  const read = readTable(
    TEMPLATES.households,
    sheet(['楼栋房屋导入'], ['房号', '单元', '备注', '楼栋', '小区'], ['101', '1单元', 'x', '1号楼', '和平小区'], ['', '', '', '', ''], ['102', '1', '', '1', ' 和平小区 ']),
  );
  expect(read).toEqual({
    ok: true,
    rows: [
      { row: 3, values: { compound: '和平小区', building: '1号楼', unit: '1单元', room: '101' } },
      { row: 5, values: { compound: '和平小区', building: '1', unit: '1', room: '102' } },
    ],
  });
});

test('a missing column, no header or no rows is one issue of the whole file', () => {
  const missing = readTable(TEMPLATES.residents, sheet(['小区', '楼栋', '单元', '房号', '姓名'], ['和平小区', '1', '1', '101', '张三']));
  expect(missing).toEqual({ ok: false, issues: [{ row: 0, column: '', message: '表头缺少「手机号」列，请使用下载的「住户名册导入模板」填写' }] });
  expect(readTable(TEMPLATES.partners, sheet(['a', 'b']))).toMatchObject({ ok: false });
  expect(readTable(TEMPLATES.partners, sheet(['单位名称', '类型', '包联小区']))).toMatchObject({ ok: false, issues: [{ message: '表格里没有要导入的内容：请从表头下一行起填写' }] });
  const tooMany = sheet(['单位名称', '类型', '包联小区'], ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => [`单位${i}`, '机关单位', '']));
  expect(readTable(TEMPLATES.partners, tooMany)).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('最多 20000 行') }] });
});

test('issues read as staff expect them', () => {
  expect(issueText({ row: 12, column: '手机号', message: '不是有效的手机号' })).toBe('第 12 行『手机号』：不是有效的手机号');
  expect(issueText({ row: 0, column: '', message: '这个文件不是 Excel 表格' })).toBe('这个文件不是 Excel 表格');
});

test('an import file must be in the caller\'s own folder', () => {
  expect(isOwnImportFile('cloud://env.bucket/imports/p-1/a.xlsx', 'p-1')).toBe(true);
  expect(isOwnImportFile('cloud://env.bucket/imports/p-2/a.xlsx', 'p-1')).toBe(false);
  expect(isOwnImportFile('cloud://env.bucket/imports/p-1/../p-2/a.xlsx', 'p-1')).toBe(false);
  expect(isOwnImportFile('cloud://env.bucket/imports/p-1', 'p-1')).toBe(false);
  expect(isOwnImportFile('https://x/imports/p-1/a.xlsx', 'p-1')).toBe(false);
});
