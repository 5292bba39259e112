/** The planners on the demo org: natural keys, what is created / changed / left alone, per-row checks. */
import { rosterId } from '../../core/domain/org-model';
import { newBuildingId, newHouseholdId, newUnitId, partnerIdFor } from '../../core/domain/org-import/keys';
import { planImport, type PlanContext } from '../../core/domain/org-import/plan';
import type { ExistingOrg } from '../../core/domain/org-import/place';
import type { ImportRow } from '../../core/domain/org-import/rows';
import { TEMPLATES } from '../../core/domain/org-import/templates';
import type { ImportKind } from '../../core/labels/org-import';
import { COMMUNITY_ID, COMPOUND_IDS, demoData } from '../../tools/seed/demo';

function existing(): ExistingOrg {
  const { snapshot, households } = demoData();
  return { communityId: COMMUNITY_ID, compounds: snapshot.compounds, buildings: snapshot.buildings, households, branches: snapshot.branches, partners: snapshot.partners };
}
const rowsOf = (kind: ImportKind, cells: string[][]): ImportRow[] =>
  cells.map((c, i) => ({ row: i + 2, values: Object.fromEntries(TEMPLATES[kind].columns.map((col, j) => [col.key, c[j] ?? ''])) }));
const plan = (kind: ImportKind, cells: string[][], ctx: Partial<PlanContext> = {}) => planImport(kind, rowsOf(kind, cells), { org: existing(), importId: 'imp_test', ...ctx });

test('households: ids from natural keys, a building created by an earlier row, units added to an existing building', () => {
  const r = plan('households', [
    ['和平小区', '9号楼', '1单元', '101'],
    ['和平小区', '9', '1', '102'],
    ['和平小区', '1号楼', '5单元', '501'],
    ['和平小区', '1号楼', '1单元', '101'],
  ]);
  expect(r.issues).toEqual([]);
  const buildingId = newBuildingId(COMPOUND_IDS.heping, '9号楼');
  const unitId = newUnitId(buildingId, '1单元');
  if (r.plan.kind !== 'households') throw new Error('wrong plan');
  expect(r.plan.buildings.map((b) => [b._id, b.name, b.order, b.units.map((u) => u.name)])).toEqual([
    [buildingId, '9号楼', 9, ['1单元']],
    ['bd-heping-1', '1号楼', 1, ['1单元', '2单元', '5单元']],
  ]);
  expect(r.plan.households.map((h) => [h._id, h.label, h.unitId])).toEqual([
    [newHouseholdId(unitId, '101'), '9号楼1单元101', unitId],
    [newHouseholdId(unitId, '102'), '9号楼1单元102', unitId],
    [newHouseholdId(newUnitId('bd-heping-1', '5单元'), '501'), '1号楼5单元501', newUnitId('bd-heping-1', '5单元')],
  ]);
  expect(r.summary).toEqual([
    { what: '楼栋', created: 1, changed: 1, unchanged: 0 },
    { what: '单元', created: 2, changed: 0, unchanged: 1 },
    { what: '房屋', created: 3, changed: 0, unchanged: 1 },
  ]);
  // the same keys again: a second plan against the result would find them (same ids)
  expect(plan('households', [['和平小区', '9号楼', '1单元', '101']]).plan).toMatchObject({ households: [{ _id: newHouseholdId(unitId, '101') }] });
});

test('households: retired nodes, duplicates and bad rooms are refused per row', () => {
  const org = existing();
  org.buildings = org.buildings.map((b) => (b._id === 'bd-heping-2' ? { ...b, retiredAt: '2026-11-01T00:00:00Z' } : b));
  const r = planImport('households', rowsOf('households', [['和平小区', '2号楼', '1单元', '101'], ['老街小区', '1号楼', '1单元', '301'], ['老街小区', '1号楼', '1单元', '301']]), { org, importId: 'x' });
  expect(r.issues).toEqual([
    { row: 2, column: '楼栋', message: '“2号楼”已撤销，不能再导入' },
    { row: 4, column: '房号', message: '与第 3 行重复（1号楼1单元301）' },
  ]);
});

test('residents: the roster id is rosterId(household, name, phone); one already there is left alone', () => {
  const cells = [['和平小区', '1号楼', '1单元', '101', '张晓明', '138-0000-1001'], ['和平小区', '1号楼', '1单元', '101', '李秀英', '13800001002']];
  const first = plan('residents', cells);
  if (first.plan.kind !== 'residents') throw new Error('wrong plan');
  const ids = first.plan.rosters.map((r) => r._id);
  expect(ids).toEqual([rosterId('hh-heping-1-1-101', '张晓明', '13800001001'), rosterId('hh-heping-1-1-101', '李秀英', '13800001002')]);
  expect(first.plan.rosters[0]).toMatchObject({ householdId: 'hh-heping-1-1-101', unitId: 'un-heping-1-1', buildingId: 'bd-heping-1', phone: '13800001001', importId: 'imp_test' });
  const again = plan('residents', cells, { rosterIds: new Set([ids[0]]) });
  expect(again.summary).toEqual([{ what: '名册上的住户', created: 1, changed: 0, unchanged: 1 }]);
  expect(plan('residents', [cells[0], cells[0]]).issues).toEqual([{ row: 3, column: '姓名', message: '与第 2 行重复（同一户、同一姓名和手机号）' }]);
  expect(plan('residents', [['和平小区', '1号楼', '1单元', '101', '张晓明', '1380000100']]).issues[0]).toMatchObject({ column: '手机号' });
});

test('partners: a new one by natural key, an existing one changed by its row, unchanged when the same', () => {
  const created = plan('partners', [['滨江区税务局', '机关单位', '和平小区、红星小区']]);
  expect(created.plan).toEqual({
    kind: 'partners',
    partners: [{ _id: partnerIdFor(COMMUNITY_ID, '滨江区税务局'), communityId: COMMUNITY_ID, name: '滨江区税务局', kind: '机关单位', compoundIds: [COMPOUND_IDS.heping, COMPOUND_IDS.hongxing], memberIds: [], rev: 0, retiredAt: null }],
  });
  const same = plan('partners', [['滨江区住房和城乡建设局机关党委', '包联单位', '老街小区、红星小区、和平小区']]);
  expect(same.summary).toEqual([{ what: '包联单位', created: 0, changed: 0, unchanged: 1 }]);
  const changed = plan('partners', [['滨江区住房和城乡建设局机关党委', '机关单位', '和平小区']]);
  expect(changed.summary).toEqual([{ what: '包联单位', created: 0, changed: 1, unchanged: 0 }]);
  expect(changed.plan).toMatchObject({ partners: [{ _id: 'pt-zhujianju', kind: '机关单位', compoundIds: [COMPOUND_IDS.heping] }] });
  expect(plan('partners', [['某单位', '机关单位', '幸福小区']]).issues).toEqual([{ row: 2, column: '包联小区', message: '本社区没有“幸福小区”，多个小区请用顿号“、”隔开' }]);
});

test('party members: category and branch checked; a bound person with that name and phone is flagged', () => {
  const { snapshot } = demoData();
  const person = snapshot.persons.find((p) => p.phone && !p.partyMember);
  if (!person?.phone) throw new Error('the demo has a person who is no party member');
  const r = plan('partyMembers', [[person.name, person.phone, '居民党员', '和平小区党支部'], ['某人', '13900000000', '预备党员', '和平小区党支部'], ['某人', '13900000001', '居民党员', '无此支部']], {
    persons: snapshot.persons,
    register: [],
  });
  expect(r.issues.map((i) => i.column)).toEqual(['党员类别', '所在支部']);
  expect(r.plan).toMatchObject({ kind: 'partyMembers', persons: [{ personId: person._id, category: '居民党员' }], register: [{ name: person.name, branchId: 'br-heping', category: '居民党员' }] });
});
