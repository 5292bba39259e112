/**
 * Rosters from Excel through the real local cloud: staff upload a filled template to their own
 * folder, `org.import.preview` checks every row and writes nothing but the import record,
 * `org.import.commit` writes all or nothing, a second import of the same file changes nothing,
 * and the exports hand back workbooks. Files are built with exceljs as a spreadsheet program would.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ExportFile } from '../../core/contracts/points-export';
import { rosterId, type HouseholdDoc } from '../../core/domain/org-model';
import { TEMPLATES, TEMPLATE_DATE, templateSheets } from '../../core/domain/org-import/templates';
import type { ImportKind } from '../../core/labels/org-import';
import { writeXlsx } from '../../cloudfunctions/lib/xlsx';
import { COMMUNITY_ID, COMPOUND_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededTestCloud } from '../helpers/seeded';
import { addPerson, fail, key, ok } from './points-fixture';

const t = seededTestCloud();
const STAFF_ID = 'p-staff';

interface Preview {
  importId: string;
  rows: number;
  errorCount: number;
  errors: { row: number; column: string; message: string; text: string }[];
  summary: { what: string; created: number; changed: number; unchanged: number }[];
  status: string;
}
interface Commit {
  status: 'committing' | 'committed';
  result: Preview['summary'];
}

let uploads = 0;
/** workbooks made so far: the same rows make the same file (exceljs stamps its zip entries with the time) */
const made = new Map<string, Buffer>();
/** A filled template of `kind` with `rows` in its data sheet, uploaded as `openid` into `folder`. */
async function upload(kind: ImportKind, rows: string[][], openid: string = P.staff, folder = `imports/${STAFF_ID}`): Promise<string> {
  const [data, notes] = templateSheets(TEMPLATES[kind]);
  const key = JSON.stringify([kind, rows]);
  const bytes = made.get(key) ?? (await writeXlsx([{ ...data, rows }, notes], TEMPLATE_DATE));
  made.set(key, bytes);
  const res = await fetch(`${t.cloud.url}/dev/upload?cloudPath=${encodeURIComponent(`${folder}/${uploads++}.xlsx`)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x-dev-openid': openid },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as { fileID?: string };
  if (!body.fileID) throw new Error(`upload: ${JSON.stringify(body)}`);
  return body.fileID;
}

/** Commits until done (a large import may take several calls). */
async function commitAll(importId: string): Promise<Commit> {
  const idempotencyKey = key('import');
  for (;;) {
    const res = await ok<Commit>(t, 'org.import.commit', { importId, idempotencyKey }, P.staff);
    if (res.status === 'committed') return res;
  }
}

/** Every document of every declared collection but `except`, sorted: the database as bytes to compare. */
async function dump(except: string[]): Promise<string> {
  const names = fs.readdirSync(path.resolve(__dirname, '../../database')).map((f) => f.replace(/\.json$/, '')).filter((n) => !except.includes(n));
  const out: Record<string, unknown[]> = {};
  for (const name of names.sort()) {
    const docs: { _id: string }[] = [];
    for (let skip = 0; ; skip += 1000) {
      const { data } = await t.app
        .database()
        .collection(name)
        .skip(skip)
        .limit(1000)
        .get()
        .catch((err: { code?: string }) => {
          if (err.code === 'DATABASE_COLLECTION_NOT_EXIST') return { data: [] as unknown[] };
          throw err;
        });
      docs.push(...(data as { _id: string }[]));
      if (data.length < 1000) break;
    }
    out[name] = docs.sort((a, b) => String(a._id).localeCompare(String(b._id)));
  }
  return JSON.stringify(out);
}

test('the template: a workbook with the headers, the examples and a notes sheet, for staff only', async () => {
  const file = await ok<ExportFile>(t, 'org.import.template', { kind: 'residents' }, P.staff);
  expect(file.fileName).toBe('住户名册导入模板.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (await fetch(file.url)).arrayBuffer());
  expect(book.worksheets.map((s) => s.name)).toEqual(['填写', '填写说明']);
  const rows: unknown[][] = [];
  book.getWorksheet('填写')?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  expect(rows[0]).toEqual(['小区', '楼栋', '单元', '房号', '姓名', '手机号']);
  expect(rows.slice(1)).toEqual(TEMPLATES.residents.examples);
  expect((await fail(t, 'org.import.template', { kind: 'residents' }, P.leader)).code).toBe('FORBIDDEN');
  expect((await fail(t, 'org.import.template', { kind: 'people' }, P.staff)).code).toBe('VALIDATION_ERROR');
});

test('the shipped templates (tools/seed/templates) import as they are where 和平小区 and its branch exist', async () => {
  for (const kind of ['households', 'residents', 'partyMembers', 'partners'] as const) {
    const bytes = fs.readFileSync(path.resolve(__dirname, '../../tools/seed/templates', TEMPLATES[kind].fileName));
    const res = await fetch(`${t.cloud.url}/dev/upload?cloudPath=${encodeURIComponent(`imports/${STAFF_ID}/shipped-${kind}.xlsx`)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-dev-openid': P.staff },
      body: new Uint8Array(bytes),
    });
    const { fileID } = (await res.json()) as { fileID: string };
    const p = await ok<Preview>(t, 'org.import.preview', { kind, fileID }, P.staff);
    expect({ kind, errors: p.errors }).toEqual({ kind, errors: [] });
    expect(p.rows).toBe(TEMPLATES[kind].examples.length);
    expect((await commitAll(p.importId)).result).toEqual(p.summary);
  }
});

test('preview lists every problem by row and column in Chinese and writes nothing but its record', async () => {
  const before = await dump(['imports']);
  const fileID = await upload('households', [
    ['和平小区', '7号楼', '1单元', '701'],
    ['和平小区', '7', '1', '701'], // the same room: 7 → 7号楼, 1 → 1单元
    ['幸福小区', '1号楼', '1单元', '101'],
    ['和平小区', '7号楼', '', '702'],
    ['和平小区', '7号楼', '1单元', '7#01'],
  ]);
  const p = await ok<Preview>(t, 'org.import.preview', { kind: 'households', fileID }, P.staff);
  expect(p.rows).toBe(5);
  expect(p.errorCount).toBe(4);
  expect(p.errors.map((e) => e.text)).toEqual([
    '第 3 行『房号』：与第 2 行重复（7号楼1单元701）',
    '第 4 行『小区』：本社区没有“幸福小区”，请先在「组织架构」里添加这个小区，或核对名称',
    '第 5 行『单元』：没有填写',
    '第 6 行『房号』：房号只能是字母、数字和“-”，最多 10 个字，如 301',
  ]);
  expect(await dump(['imports'])).toBe(before);
  // one bad row: the commit refuses and writes nothing
  expect((await fail(t, 'org.import.commit', { importId: p.importId, idempotencyKey: key('bad') }, P.staff)).code).toBe('VALIDATION_ERROR');
  expect(await dump(['imports'])).toBe(before);
});

test('thousands of bad rows: the first 100 listed, the total counted, the answer under 64 KB', async () => {
  const rows = Array.from({ length: 3000 }, (_, i) => ['和平小区名称写得特别长特别长特别长的一个小区', '1号楼', '1单元', String(100 + i), '某某某', '不是号码']);
  const fileID = await upload('residents', rows);
  const res = await t.call<Preview>('org.import.preview', { kind: 'residents', fileID }, P.staff);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  expect(res.data.errorCount).toBe(3000);
  expect(res.data.errors).toHaveLength(100);
  expect(res.data.errors[0].text).toBe('第 2 行『小区』：本社区没有“和平小区名称写得特别长特别长特别长的一个…”，请先在「组织架构」里添加这个小区，或核对名称');
  expect(Buffer.byteLength(JSON.stringify(res))).toBeLessThan(64 * 1024);
});

test('a file that is no workbook, or lacks a column, is one problem of the whole file', async () => {
  const res = await fetch(`${t.cloud.url}/dev/upload?cloudPath=${encodeURIComponent(`imports/${STAFF_ID}/notes.xlsx`)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-dev-openid': P.staff },
    body: '小区,楼栋\n和平小区,1号楼',
  });
  const { fileID } = (await res.json()) as { fileID: string };
  const p = await ok<Preview>(t, 'org.import.preview', { kind: 'households', fileID }, P.staff);
  expect(p.errorCount).toBe(1);
  expect(p.errors[0].text).toContain('不是 Excel 表格');
  const wrongKind = await ok<Preview>(t, 'org.import.preview', { kind: 'residents', fileID: await upload('partners', [['某单位', '机关单位', '']]) }, P.staff);
  expect(wrongKind.errors[0].text).toMatch(/^没有找到表头/);
});

test('households: new buildings and units appear on the board at once; the same file again changes nothing', async () => {
  const rows = [
    ['和平小区', '7号楼', '1单元', '101'],
    ['和平小区', '7号楼', '1单元', '102'],
    ['和平小区', '7号楼', '2单元', '201'],
    ['和平小区', '1号楼', '3单元', '301'], // a new unit in an existing building
    ['和平小区', '1号楼', '1单元', '101'], // already there
  ];
  const p = await ok<Preview>(t, 'org.import.preview', { kind: 'households', fileID: await upload('households', rows) }, P.staff);
  expect(p.errorCount).toBe(0);
  expect(p.summary).toEqual([
    { what: '楼栋', created: 1, changed: 1, unchanged: 0 },
    { what: '单元', created: 3, changed: 0, unchanged: 1 },
    { what: '房屋', created: 4, changed: 0, unchanged: 1 },
  ]);
  const done = await commitAll(p.importId);
  expect(done.result).toEqual(p.summary);

  const board = await ok<{ buildings: { name: string }[] }>(t, 'org.directory', { compoundId: COMPOUND_IDS.heping }, P.staff);
  expect(board.buildings.map((b) => b.name)).toContain('7号楼');
  const { data } = await t.app.database().collection('households').where({ communityId: COMMUNITY_ID, label: '7号楼2单元201' }).get();
  expect(data).toHaveLength(1);

  // re-import: a new upload of the same rows (another file ID, same content)
  const before = await dump(['imports']);
  expect(before).toContain('7号楼2单元201');
  const again = await ok<Preview>(t, 'org.import.preview', { kind: 'households', fileID: await upload('households', rows) }, P.staff);
  expect(again.importId).toBe(p.importId);
  expect(again.status).toBe('committed');
  expect(again.summary.every((l) => l.created === 0 && l.changed === 0)).toBe(true);
  const second = await commitAll(again.importId);
  expect(second.result.every((l) => l.created === 0 && l.changed === 0)).toBe(true);
  expect(await dump(['imports'])).toBe(before);
});

test('residents: the roster entries carry the natural key the binding looks up; re-import changes nothing', async () => {
  const rows = [
    ['和平小区', '2号楼', '1单元', '201', '孙丽娟', '139 0000 8801'],
    ['和平小区', '2号楼', '1单元', '201', '周建华', '+86 13900008802'],
    ['红星小区', '1', '1', '302', '吴晓东', '13900008803'],
  ];
  const p = await ok<Preview>(t, 'org.import.preview', { kind: 'residents', fileID: await upload('residents', rows) }, P.staff);
  expect(p.errors).toEqual([]);
  expect(p.summary).toEqual([{ what: '名册上的住户', created: 3, changed: 0, unchanged: 0 }]);
  await commitAll(p.importId);

  const { data } = await t.app.database().collection('households').where({ communityId: COMMUNITY_ID, label: '2号楼1单元201', compoundId: COMPOUND_IDS.heping }).get();
  const household = data[0] as HouseholdDoc;
  const id = rosterId(household._id, '周建华', '13900008802');
  const roster = (await t.app.database().collection('rosters').doc(id).get()).data[0] as Record<string, unknown>;
  expect(roster).toMatchObject({ householdId: household._id, unitId: household.unitId, buildingId: household.buildingId, name: '周建华', phone: '13900008802', importId: p.importId, rev: 0 });

  const before = await dump(['imports']);
  const again = await ok<Preview>(t, 'org.import.preview', { kind: 'residents', fileID: await upload('residents', rows) }, P.staff);
  expect(again.summary).toEqual([{ what: '名册上的住户', created: 0, changed: 0, unchanged: 3 }]);
  expect((await commitAll(again.importId)).result).toEqual(again.summary);
  expect(await dump(['imports'])).toBe(before);

  const bad = await ok<Preview>(t, 'org.import.preview', { kind: 'residents', fileID: await upload('residents', [['和平小区', '2号楼', '1单元', '909', '钱', '12345']]) }, P.staff);
  expect(bad.errors.map((e) => e.text)).toEqual(['第 2 行『房号』：2号楼1单元没有“909”，请先用「楼栋房屋」模板导入']);
});

test('a commit cut short is carried on by the next call: what was written counts once', async () => {
  const rows = [
    ['和平小区', '3号楼', '1单元', '101', '何静', '13900008821'],
    ['和平小区', '3号楼', '1单元', '102', '施伟', '13900008822'],
  ];
  const p = await ok<Preview>(t, 'org.import.preview', { kind: 'residents', fileID: await upload('residents', rows) }, P.staff);
  expect(p.errors).toEqual([]);
  // as a first call would leave it after its first batch: under way, one entry in
  const db = t.app.database();
  const { data } = await db.collection('households').where({ communityId: COMMUNITY_ID, label: '3号楼1单元101', compoundId: COMPOUND_IDS.heping }).get();
  const h = data[0] as HouseholdDoc;
  const first = rosterId(h._id, '何静', '13900008821');
  await db.collection('rosters').add({ _id: first, communityId: COMMUNITY_ID, compoundId: h.compoundId, buildingId: h.buildingId, unitId: h.unitId, householdId: h._id, name: '何静', phone: '13900008821', importId: p.importId, rev: 0 });
  await db.collection('imports').doc(p.importId).update({ status: 'committing', result: p.summary });

  const done = await commitAll(p.importId);
  expect(done.result).toEqual([{ what: '名册上的住户', created: 2, changed: 0, unchanged: 0 }]);
  const { data: entries } = await db.collection('rosters').where({ communityId: COMMUNITY_ID, importId: p.importId }).get();
  expect(entries.map((e) => (e as { name: string }).name).sort()).toEqual(['何静', '施伟'].sort());
});

test('party members and partner units', async () => {
  const members = await ok<Preview>(
    t,
    'org.import.preview',
    {
      kind: 'partyMembers',
      fileID: await upload('partyMembers', [
        ['李秀兰', '13800000001', '在职党员', '和平小区党支部', '', '', '', ''],
        ['郑新', '13900008811', '党员', '和平小区党支部', '', '', '', ''],
        ['冯芳', '13900008812', '流动党员', '和平小区党支部', '和平小区', '', '', ''],
      ]),
    },
    P.staff,
  );
  expect(members.errors.map((e) => e.text)).toEqual([
    '第 3 行『党员类别』：只能填 居民党员、在职党员、离退休党员、流动党员 之一',
    '第 4 行『楼栋』：住址四项（小区、楼栋、单元、房号）要么都填，要么都不填',
  ]);

  const resident = (await t.app.database().collection('persons').doc('p-resident').get()).data[0] as { name: string; phone: string; partyMember: boolean };
  const valid = await ok<Preview>(
    t,
    'org.import.preview',
    { kind: 'partyMembers', fileID: await upload('partyMembers', [[resident.name, resident.phone, '离退休党员', '和平小区党支部', '和平小区', '1号楼', '1单元', '101'], ['郑新', '13900008811', '流动党员', '和平小区党支部', '', '', '', '']]) },
    P.staff,
  );
  expect(valid.summary).toEqual([
    { what: '党员名册', created: 2, changed: 0, unchanged: 0 },
    { what: '已绑定的党员', created: 0, changed: 1, unchanged: 0 },
  ]);
  await commitAll(valid.importId);
  const after = (await t.app.database().collection('persons').doc('p-resident').get()).data[0] as { partyMember: boolean; partyCategory: string; rev: number };
  expect(after).toMatchObject({ partyMember: true, partyCategory: '离退休党员', rev: 1 });
  const { data: register } = await t.app.database().collection('partyMembers').where({ communityId: COMMUNITY_ID, importId: valid.importId }).get();
  expect(register.map((m) => (m as { name: string }).name).sort()).toEqual([resident.name, '郑新'].sort());
  // the same people again, one of another category now: that entry changes, the rest is left alone
  const moved = await ok<Preview>(
    t,
    'org.import.preview',
    { kind: 'partyMembers', fileID: await upload('partyMembers', [[resident.name, resident.phone, '离退休党员', '和平小区党支部', '和平小区', '1号楼', '1单元', '101'], ['郑新', '13900008811', '居民党员', '和平小区党支部', '', '', '', '']]) },
    P.staff,
  );
  expect(moved.summary).toEqual([
    { what: '党员名册', created: 0, changed: 1, unchanged: 1 },
    { what: '已绑定的党员', created: 0, changed: 0, unchanged: 1 },
  ]);
  await commitAll(moved.importId);
  const { data: zheng } = await t.app.database().collection('partyMembers').where({ communityId: COMMUNITY_ID, name: '郑新' }).get();
  expect(zheng).toMatchObject([{ category: '居民党员', rev: 1, importId: moved.importId }]);

  const partners = await ok<Preview>(t, 'org.import.preview', { kind: 'partners', fileID: await upload('partners', [['滨江区税务局机关党支部', '机关单位', '和平小区、红星小区']]) }, P.staff);
  expect(partners.summary).toEqual([{ what: '包联单位', created: 1, changed: 0, unchanged: 0 }]);
  await commitAll(partners.importId);
  const board = await ok<{ partners: { name: string }[] }>(t, 'org.directory', { compoundId: COMPOUND_IDS.hongxing }, P.staff);
  expect(board.partners.map((p) => p.name)).toContain('滨江区税务局机关党支部');
});

test('scope: another community\'s staff, another person\'s file, a resident are refused', async () => {
  const fileID = await upload('partners', [['某单位', '机关单位', '']]);
  await addPerson(t, { id: 'p-far-staff', name: '外社区工作人员', openid: 'far-staff', communityId: 'cm-far', roles: [{ role: 'staff', scope: { communityId: 'cm-far' }, scopeLabel: '其他社区' }] });
  expect((await fail(t, 'org.import.preview', { kind: 'partners', fileID, communityId: COMMUNITY_ID }, 'far-staff')).code).toBe('FORBIDDEN');
  // their own community, but someone else's upload
  expect((await fail(t, 'org.import.preview', { kind: 'partners', fileID }, 'far-staff')).code).toBe('VALIDATION_ERROR');
  expect((await fail(t, 'org.import.preview', { kind: 'partners', fileID }, P.resident)).code).toBe('FORBIDDEN');
  const p = await ok<Preview>(t, 'org.import.preview', { kind: 'partners', fileID }, P.staff);
  expect((await fail(t, 'org.import.commit', { importId: p.importId, idempotencyKey: key('far') }, 'far-staff')).code).toBe('FORBIDDEN');
  expect((await fail(t, 'org.export.residents', { communityId: COMMUNITY_ID }, 'far-staff')).code).toBe('FORBIDDEN');
});

test('exports: each list as a workbook; the roster with full phones for staff', async () => {
  const read = async (file: ExportFile) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(file.url)).arrayBuffer());
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  };
  const residents = await ok<ExportFile>(t, 'org.export.residents', {}, P.staff);
  const rows = await read(residents);
  expect(String(rows[2][0])).toContain('完整手机号');
  expect(rows.some((r) => r[2] === '周建华' && r[3] === '13900008802')).toBe(true);
  for (const action of ['org.export.households', 'org.export.partyMembers', 'org.export.partners', 'org.export.people']) {
    const file = await ok<ExportFile>(t, action, {}, P.staff);
    expect(file.rows).toBeGreaterThan(0);
  }
  const households = await read(await ok<ExportFile>(t, 'org.export.households', {}, P.staff));
  expect(households.find((r) => r[2] === '2号楼1单元201' && r[0] === '和平小区')?.[3]).toBe(2);
});
