/**
 * The Excel templates staff fill in, as data: one per kind, each a sheet 「填写」 with Chinese headers
 * and example rows, and a sheet 「填写说明」 explaining every column. The same definitions drive the
 * files under tools/seed/templates/ (`npm run templates`), the file `org.import.template` serves and
 * the parser that reads a filled file back (rows.ts), so the three cannot drift apart.
 */
import { PARTY_CATEGORIES } from '../org-model';
import { IMPORT_KIND_LABELS, type ImportKind } from '../../labels/org-import';

export interface TemplateColumn {
  /** the field the parser fills */
  key: string;
  header: string;
  required: boolean;
  /** width in characters */
  width: number;
  /** what to write, for the notes sheet */
  note: string;
}

export interface ImportTemplate {
  kind: ImportKind;
  /** e.g. 楼栋房屋导入模板 */
  title: string;
  /** what to call the downloaded file */
  fileName: string;
  columns: TemplateColumn[];
  /** example rows, in column order: also real data (the first-day walk imports them as they are) */
  examples: string[][];
  /** general notes above the column notes */
  notes: string[];
}

/** Bumped whenever a template changes, so a stored copy of an older one is never served. */
export const TEMPLATE_VERSION = 1;
export const DATA_SHEET = '填写';
export const NOTES_SHEET = '填写说明';
/** the most data rows one file may hold */
export const MAX_IMPORT_ROWS = 20_000;

/** The compound the examples are filled in for: create it in 组织架构 before importing them as they are. */
export const EXAMPLE_COMPOUND = '和平小区';
/** The branch the party-member example names. */
export const EXAMPLE_BRANCH = '和平小区党支部';

const PLACE_COLUMNS = (required: boolean): TemplateColumn[] => [
  { key: 'compound', header: '小区', required, width: 16, note: '小区名称，与组织架构里的写法一致，如“和平小区”' },
  { key: 'building', header: '楼栋', required, width: 10, note: '如“3号楼”；只写数字时按“3号楼”处理' },
  { key: 'unit', header: '单元', required, width: 10, note: '如“2单元”；只写数字时按“2单元”处理' },
  { key: 'room', header: '房号', required, width: 10, note: '如“301”，字母、数字和“-”，最多 10 个字' },
];
const NAME_COLUMN: TemplateColumn = { key: 'name', header: '姓名', required: true, width: 12, note: '真实姓名，最多 20 个字' };
const PHONE_COLUMN: TemplateColumn = {
  key: 'phone',
  header: '手机号',
  required: true,
  width: 16,
  note: '11 位手机号，如 13812345678；居民绑定时要填同一个号码',
};

const COMMON_NOTES = [
  '请在「填写」表里填写，第 1 行是表头，不要改动表头的文字；列的顺序可以调整，多出来的列会被忽略。',
  '第 2 行起是示例，请改成你们的实际内容，用不上的示例行请整行删除。',
  '导入前会先预览：逐行检查，有问题会写明第几行哪一列、怎么改；全部没问题才能确认导入，导入要么全部成功，要么一条也不写入。',
  '同一个文件重复导入不会重复添加：已有的内容保持不变。',
];

export const TEMPLATES: Record<ImportKind, ImportTemplate> = {
  households: {
    kind: 'households',
    title: '楼栋房屋导入模板',
    fileName: '楼栋房屋导入模板.xlsx',
    columns: PLACE_COLUMNS(true),
    examples: [
      [EXAMPLE_COMPOUND, '1号楼', '1单元', '101'],
      [EXAMPLE_COMPOUND, '1号楼', '1单元', '102'],
      [EXAMPLE_COMPOUND, '1号楼', '2单元', '201'],
    ],
    notes: [
      '每行一户：小区、楼栋、单元、房号。楼栋和单元不存在时会新建，小区必须先在「组织架构」里建好。',
      ...COMMON_NOTES,
    ],
  },
  residents: {
    kind: 'residents',
    title: '住户名册导入模板',
    fileName: '住户名册导入模板.xlsx',
    columns: [...PLACE_COLUMNS(true), NAME_COLUMN, PHONE_COLUMN],
    examples: [
      [EXAMPLE_COMPOUND, '1号楼', '1单元', '101', '张晓明', '13800001001'],
      [EXAMPLE_COMPOUND, '1号楼', '1单元', '101', '李秀英', '13800001002'],
      [EXAMPLE_COMPOUND, '1号楼', '2单元', '201', '赵志强', '13800001003'],
    ],
    notes: [
      '每行一位住户。房屋要先用「楼栋房屋」模板导入。',
      '名册上的居民在小程序里申请绑定这一户时，只要姓名和手机号与名册一致，就直接绑定，不用再等网格员审核。',
      ...COMMON_NOTES,
    ],
  },
  partyMembers: {
    kind: 'partyMembers',
    title: '党员名册导入模板',
    fileName: '党员名册导入模板.xlsx',
    columns: [
      NAME_COLUMN,
      PHONE_COLUMN,
      { key: 'category', header: '党员类别', required: true, width: 12, note: `只能填：${PARTY_CATEGORIES.join('、')}` },
      { key: 'branch', header: '所在支部', required: true, width: 20, note: '支部名称，与组织架构里的写法一致，如“和平小区党支部”' },
      ...PLACE_COLUMNS(false).map((c) => ({ ...c, note: `${c.note}（选填，住址四项要么都填，要么都不填）` })),
    ],
    examples: [
      ['刘卫东', '13800002001', '在职党员', EXAMPLE_BRANCH, EXAMPLE_COMPOUND, '1号楼', '1单元', '102'],
      ['陈桂兰', '13800002002', '离退休党员', EXAMPLE_BRANCH, '', '', '', ''],
    ],
    notes: [
      '每行一位党员，按姓名加手机号认人：已在小程序绑定的党员会直接标上党员身份和类别，其余的记入党员名册，绑定后再对应。',
      ...COMMON_NOTES,
    ],
  },
  partners: {
    kind: 'partners',
    title: '包联单位导入模板',
    fileName: '包联单位导入模板.xlsx',
    columns: [
      { key: 'name', header: '单位名称', required: true, width: 30, note: '单位全称，最多 40 个字；同名单位视为同一个' },
      { key: 'kind', header: '类型', required: true, width: 12, note: '如“机关单位”“国有企业”“社会组织”，最多 20 个字' },
      {
        key: 'compounds',
        header: '包联小区',
        required: false,
        width: 30,
        note: '包联的小区名称，多个用顿号“、”隔开；不填表示包联整个社区',
      },
    ],
    examples: [['滨江区市场监督管理局机关党支部', '机关单位', EXAMPLE_COMPOUND]],
    notes: ['每行一个包联单位。再次导入同名单位时，以表里的类型和包联小区为准。', ...COMMON_NOTES],
  },
};

/** A template's workbook as sheets: 「填写」 (headers and examples, every cell text) and 「填写说明」. */
export function templateSheets(template: ImportTemplate) {
  return [
    {
      sheetName: DATA_SHEET,
      heading: [] as string[],
      columns: template.columns.map((c) => ({ header: c.header, width: c.width, text: true })),
      rows: template.examples,
    },
    {
      sheetName: NOTES_SHEET,
      heading: [`${template.title}（${IMPORT_KIND_LABELS[template.kind]}，第 ${TEMPLATE_VERSION} 版）`, ...template.notes],
      columns: [
        { header: '列名', width: 12 },
        { header: '是否必填', width: 10 },
        { header: '怎么填', width: 60 },
        { header: '示例', width: 24 },
      ],
      rows: template.columns.map((c, i) => [c.header, c.required ? '必填' : '选填', c.note, template.examples[0]?.[i] ?? '']),
    },
  ];
}

/** The date written into template workbooks, so the same definitions make the same file. */
export const TEMPLATE_DATE = new Date('2026-12-01T00:00:00Z');
