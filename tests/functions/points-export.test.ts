/**
 * 台账 exports through the real local cloud: the points function builds the .xlsx with exceljs,
 * stores it with node-sdk `uploadFile`, answers a temp URL; the test downloads that URL, parses the
 * workbook with exceljs and compares every row with the ledger / the frozen publication.
 */
import ExcelJS from 'exceljs';
import type { ExportFile } from '../../core/contracts/points-export';
import { POINT_COLLECTIONS as C, entryDoc, publicationDoc, type EntryDoc } from '../../core/domain/points/model';
import { personDelta } from '../../core/domain/points/ledger';
import { monthOf } from '../../core/domain/points/periods';
import { COMMUNITY_ID } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import type { TestCloud } from '../helpers/localcloud';
import { addPerson, fail, key, ok, pointsCloud } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());

/** the month before this one (the demo ledger covers it fully) */
function lastMonth(): string {
  const [y, m] = monthOf(new Date()).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Downloads the export and answers its one sheet's rows below the header row, as plain values. */
async function download(file: ExportFile, header: string): Promise<{ heading: string[]; rows: unknown[][] }> {
  const res = await fetch(file.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.worksheets[0];
  const all: unknown[][] = [];
  sheet.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  const at = all.findIndex((r) => r[0] === header);
  expect(at).toBeGreaterThan(0);
  return { heading: all.slice(0, at).map((r) => String(r[0])), rows: all.slice(at + 1) };
}

async function entriesOf(month: string): Promise<EntryDoc[]> {
  const { data } = await t.app.database().collection(C.entries).where({ communityId: COMMUNITY_ID, month }).orderBy('seq', 'asc').limit(1000).get();
  return (data as unknown[]).map((d) => entryDoc.parse(d));
}

test('the ledger of a month: every entry with time, person, item, points, rule version, type, reason and hash', async () => {
  const month = lastMonth();
  const expected = await entriesOf(month);
  expect(expected.length).toBeGreaterThan(5); // the demo has a few months of entries
  const file = await ok<ExportFile>(t, 'points.export.ledger', { period: month }, P.staff);

  expect(file.fileID).toMatch(new RegExp(`^cloud://.+/exports/${COMMUNITY_ID}/ledger-${month}-.+\\.xlsx$`));
  expect(file.fileName).toMatch(/^幸福里社区积分台账（\d{4}年\d{1,2}月）\.xlsx$/);
  expect(file.rows).toBe(expected.length);

  const { heading, rows } = await download(file, '序号');
  expect(heading[0]).toContain('幸福里社区红色近邻长积分台账');
  expect(heading[1]).toContain(`共 ${expected.length} 条记录`);
  expect(heading[1]).toContain(`合计 ${expected.reduce((s, e) => s + personDelta(e), 0)} 分`);
  expect(rows).toHaveLength(expected.length);
  rows.forEach((r, i) => {
    const e = expected[i];
    expect(r[0]).toBe(e.seq);
    expect(String(r[1])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(r[2]).toBe(e.personName);
    expect(r[4]).toBe(e.kind === 'reversal' ? '冲正' : '获得');
    expect(r[6] ?? '').toBe(e.item?.code ?? '');
    expect(r[8] ?? '').toBe(e.item ? `第${e.item.version}版` : '');
    expect(r[9]).toBe(personDelta(e));
    expect(r[10] ?? '').toBe(e.reason ?? '');
    expect(r[12]).toBe(e.hash);
  });
});

test('a quarter holds its months; an entry booked now shows up in the next export', async () => {
  const month = monthOf(new Date());
  const before = await ok<ExportFile>(t, 'points.export.ledger', { period: month }, P.staff);
  await ok(t, 'points.award', { kind: 'adjustment', idempotencyKey: key('export'), personIds: ['p-leader'], points: 7, reason: '导出测试加分' }, P.staff);
  const after = await ok<ExportFile>(t, 'points.export.ledger', { period: month }, P.staff);
  expect(after.rows).toBe(before.rows + 1);
  const { rows } = await download(after, '序号');
  expect(rows[rows.length - 1][10]).toBe('导出测试加分');
  expect(rows[rows.length - 1][9]).toBe(7);

  const year = month.slice(0, 4);
  const wholeYear = await ok<ExportFile>(t, 'points.export.ledger', { period: year }, P.staff);
  expect(wholeYear.rows).toBeGreaterThanOrEqual(after.rows);
});

test('a publication: the frozen list with grades, full names for staff next to what the public sees', async () => {
  const { data } = await t.app.database().collection(C.publications).where({ communityId: COMMUNITY_ID, status: 'final' }).limit(1).get();
  const pub = publicationDoc.parse(data[0]);
  const file = await ok<ExportFile>(t, 'points.export.publication', { publicationId: pub._id }, P.staff);
  expect(file.rows).toBe(pub.rows.length);
  expect(file.fileName).toBe(`${pub.title}.xlsx`);

  const { heading, rows } = await download(file, '名次');
  expect(heading.join('\n')).toContain(pub.head.hash);
  expect(heading.join('\n')).toContain(pub.rowsHash);
  expect(rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual(pub.rows.map((r) => [r.rank, r.name, r.points, r.grade]));
  // the public column is masked for those who did not consent; the staff column has the full name
  const masked = rows.find((r) => String(r[2]).includes('*'));
  expect(masked).toBeDefined();
  expect(String(masked?.[1])).not.toContain('*');
});

test('staff only, and only in their own community; bad input is refused in Chinese', async () => {
  const month = lastMonth();
  expect((await fail(t, 'points.export.ledger', { period: month }, P.leader)).code).toBe('FORBIDDEN');
  expect((await fail(t, 'points.export.ledger', { period: month }, P.secretary)).code).toBe('FORBIDDEN');
  await addPerson(t, { id: 'p-other-staff', name: '外社区工作人员', openid: 'other-staff', communityId: 'cm-other', roles: [{ role: 'staff', scope: { communityId: 'cm-other' }, scopeLabel: '其他社区' }] });
  expect((await fail(t, 'points.export.ledger', { period: month, communityId: COMMUNITY_ID }, 'other-staff')).code).toBe('FORBIDDEN');
  const { data } = await t.app.database().collection(C.publications).where({ communityId: COMMUNITY_ID }).limit(1).get();
  expect((await fail(t, 'points.export.publication', { publicationId: (data[0] as { _id: string })._id }, 'other-staff')).code).toBe('FORBIDDEN');
  expect((await fail(t, 'points.export.publication', { publicationId: 'pub:nope' }, P.staff)).code).toBe('NOT_FOUND');

  const bad = await fail(t, 'points.export.ledger', { period: '2026/11' }, P.staff);
  expect(bad.code).toBe('VALIDATION_ERROR');
  expect(bad.issues?.[0].message).toBe('周期格式应为 2026-11、2026-Q4 或 2026');
});
