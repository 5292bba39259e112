/** Planners of the physical tree: compounds, buildings, units, households (core/domain/org-admin). */
import { planCompoundSave } from '../../core/domain/org-admin/compound';
import { planBuildingSave, planUnitSave } from '../../core/domain/org-admin/building';
import { planHouseholdSave } from '../../core/domain/org-admin/household';
import { newNodeId, sameName } from '../../core/domain/org-admin/rules';
import type { BuildingDoc, CompoundDoc, HouseholdDoc, PersonDoc } from '../../core/domain/org-model';
import { COMPOUND_IDS, PERSON_IDS, buildingId } from '../../tools/seed/demo';
import { ctx, demo, refusal, written } from '../helpers/org-admin-plans';

const compound = (over: object = {}) => ({
  idempotencyKey: 'key-compound-1',
  name: '新苑小区',
  type: '商住小区' as const,
  propertyMode: '物业公司' as const,
  sanwu: false,
  address: '新苑路 2 号',
  propertyCompany: { name: '新苑物业', phone: '13900000009' },
  ...over,
});

describe('ids and names', () => {
  it('makes the same id from the same community, actor, kind and key, another otherwise', () => {
    const c = { actorId: 'p-a', idempotencyKey: 'k-12345678' };
    expect(newNodeId('cp', 'compound', 'cm-1', c)).toBe(newNodeId('cp', 'compound', 'cm-1', c));
    expect(newNodeId('cp', 'compound', 'cm-1', c)).toMatch(/^cp-[0-9a-f]{20}$/);
    for (const other of [newNodeId('cp', 'compound', 'cm-2', c), newNodeId('cp', 'compound', 'cm-1', { ...c, actorId: 'p-b' }), newNodeId('cp', 'building', 'cm-1', c), newNodeId('cp', 'compound', 'cm-1', c, 1)]) {
      expect(other).not.toBe(newNodeId('cp', 'compound', 'cm-1', c));
    }
  });

  it('treats names differing only in spaces, width or case as the same', () => {
    expect(sameName('3号楼', ' 3 号楼 ')).toBe(true);
    expect(sameName('３号楼', '3号楼')).toBe(true);
    expect(sameName('A座', 'a座')).toBe(true);
    expect(sameName('3号楼', '4号楼')).toBe(false);
  });
});

describe('compounds', () => {
  it('creates one with a deterministic id, no branch and no buildings', () => {
    const { s } = demo();
    const c = ctx();
    const change = planCompoundSave(s, compound(), c);
    const doc = written<CompoundDoc>(change, 'compounds').get(change.audit.target.id);
    expect(doc).toMatchObject({ name: '新苑小区', communityId: s.community._id, communityName: '幸福里社区', branchId: null, buildingCount: 0, retiredAt: null });
    expect(planCompoundSave(s, compound(), c).audit.target.id).toBe(change.audit.target.id);
    expect(change.audit).toMatchObject({ summary: '新建小区「新苑小区」', before: null });
  });

  it('refuses a name taken in the community, also written differently', () => {
    const { s } = demo();
    expect(refusal(() => planCompoundSave(s, compound({ name: ' 和平 小区' }), ctx())).issues).toEqual([{ path: 'data.name', message: '本社区已有名为「 和平 小区」的小区' }]);
  });

  it('asks for the property company of a 物业公司 compound and refuses one for a 三无 compound', () => {
    const { s } = demo();
    expect(refusal(() => planCompoundSave(s, compound({ propertyCompany: null }), ctx())).issues).toEqual([{ path: 'data.propertyCompany', message: '由物业公司管理的小区，请填写物业公司' }]);
    expect(refusal(() => planCompoundSave(s, compound({ sanwu: true }), ctx())).issues.map((i) => i.path)).toEqual(['data.sanwu', 'data.propertyCompany']);
    expect(refusal(() => planCompoundSave(s, compound({ sanwu: true, propertyMode: '社区托底' }), ctx())).issues).toEqual([{ path: 'data.propertyCompany', message: '三无小区没有物业公司，请清空物业公司' }]);
    expect(() => planCompoundSave(s, compound({ sanwu: true, propertyMode: '社区托底', propertyCompany: null }), ctx())).not.toThrow();
  });

  it('edits: not found, retired, stale rev, a key already used for another node', () => {
    const { s } = demo();
    expect(refusal(() => planCompoundSave(s, compound({ id: 'cp-nowhere' }), ctx())).code).toBe('NOT_FOUND');
    const stale = refusal(() => planCompoundSave(s, compound({ id: COMPOUND_IDS.heping, name: '和平小区', rev: 3 }), ctx()));
    expect(stale).toMatchObject({ code: 'CONFLICT', message: '「和平小区」刚被其他人修改过，请刷新后再改' });
    s.compounds[0] = { ...s.compounds[0], retiredAt: '2026-11-01T00:00:00.000Z' };
    expect(refusal(() => planCompoundSave(s, compound({ id: s.compounds[0]._id, name: s.compounds[0].name }), ctx())).issues[0].message).toMatch(/已停用，不能修改/);
    const c = ctx();
    const made = planCompoundSave(s, compound(), c);
    s.compounds.push(written<CompoundDoc>(made, 'compounds').get(made.audit.target.id) as CompoundDoc);
    expect(refusal(() => planCompoundSave(s, compound({ name: '别的小区' }), c)).code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('a rename relabels the roles that name the compound, and only those', () => {
    const { s } = demo();
    const heping = s.compounds.find((c) => c._id === COMPOUND_IDS.heping) as CompoundDoc;
    const change = planCompoundSave(s, { ...compound(), id: heping._id, name: '和平家园', address: heping.address, propertyCompany: heping.propertyCompany }, ctx());
    expect(change.audit.summary).toBe('修改小区「和平小区」：名称');
    const persons = written<PersonDoc>(change, 'persons');
    expect(persons.get(PERSON_IDS.gridWorker)?.roles.find((g) => g.role === 'grid_worker')?.scopeLabel).toBe('幸福里社区 · 和平家园 · 和平小区第一微网格');
    expect(persons.has('p-009')).toBe(false); // works in 红星小区
    expect(persons.has(PERSON_IDS.staff)).toBe(false);
  });
});

describe('buildings and units', () => {
  const building = (over: object = {}) => ({ idempotencyKey: 'key-building-1', compoundId: COMPOUND_IDS.heping, name: '7号楼', unitNames: [] as string[], ...over });

  it('creates one after the last, with its units, and counts it on the compound', () => {
    const { s } = demo();
    const change = planBuildingSave(s, building({ unitNames: ['1单元', '2单元'] }), ctx());
    const doc = written<BuildingDoc>(change, 'buildings').get(change.audit.target.id) as BuildingDoc;
    expect(doc).toMatchObject({ name: '7号楼', order: 7, compoundId: COMPOUND_IDS.heping });
    expect(doc.units.map((u) => [u.name, u.retiredAt])).toEqual([['1单元', null], ['2单元', null]]);
    expect(new Set(doc.units.map((u) => u.id)).size).toBe(2);
    expect(written<CompoundDoc>(change, 'compounds').get(COMPOUND_IDS.heping)?.buildingCount).toBe(7);
    expect(change.audit.summary).toBe('新建楼栋「和平小区 · 7号楼」，2 个单元');
  });

  it('refuses a name taken in the compound (not in another), repeated unit names, units on an edit, a retired compound', () => {
    const { s } = demo();
    expect(refusal(() => planBuildingSave(s, building({ name: '1号楼' }), ctx())).issues).toEqual([{ path: 'data.name', message: '「和平小区」已有「1号楼」' }]);
    expect(() => planBuildingSave(s, building({ name: '5号楼', compoundId: COMPOUND_IDS.laojie }), ctx())).not.toThrow();
    expect(refusal(() => planBuildingSave(s, building({ unitNames: ['1单元', '1 单元'] }), ctx())).issues).toEqual([{ path: 'data.unitNames.1', message: '单元「1 单元」重复了' }]);
    expect(refusal(() => planBuildingSave(s, building({ id: buildingId('heping', 1), name: '1号楼', unitNames: ['3单元'] }), ctx())).issues[0].path).toBe('data.unitNames');
    expect(refusal(() => planBuildingSave(s, building({ compoundId: 'cp-nowhere' }), ctx())).issues).toEqual([{ path: 'data.compoundId', message: '所选小区不在本社区' }]);
  });

  it('moves a building to another compound only when nothing hangs on it, saying what does', () => {
    const { s, households } = demo();
    const id = buildingId('laojie', 3);
    const move = building({ id, compoundId: COMPOUND_IDS.hongxing, name: '5号楼' });
    const blocked = refusal(() => planBuildingSave(s, move, ctx(), households));
    expect(blocked.issues[0].path).toBe('data.compoundId');
    expect(blocked.message).toBe('「3号楼」不能移到其他小区：楼里还有 6 户住户；还在网格「老街小区网格」、「老街小区微网格」里；' + blocked.message.split('；').slice(2).join('；'));
    expect(blocked.message).toContain('孙玉梅（红色近邻长）还负责这栋楼');
    // once its households, grids and people are elsewhere, it moves and both compounds' counts follow
    const free = { ...s, grids: s.grids.map((g) => ({ ...g, buildingIds: g.buildingIds.filter((b) => b !== id) })), persons: s.persons.filter((p) => !p.roles.some((g) => g.scope.buildingIds?.includes(id))) };
    const change = planBuildingSave(free, move, ctx(), households.map((h) => (h.buildingId === id ? { ...h, retiredAt: '2026-11-01T00:00:00.000Z' } : h)));
    const counts = written<CompoundDoc>(change, 'compounds');
    expect([counts.get(COMPOUND_IDS.laojie)?.buildingCount, counts.get(COMPOUND_IDS.hongxing)?.buildingCount]).toEqual([2, 5]);
    expect(change.audit.summary).toBe('把「3号楼」从「老街小区」移到「红星小区」');
  });

  it('renaming a building relabels its leaders and heads', () => {
    const { s } = demo();
    const change = planBuildingSave(s, building({ id: buildingId('heping', 1), name: '一号楼', order: 1 }), ctx());
    const head = written<PersonDoc>(change, 'persons').get('p-020');
    expect(head?.roles.find((g) => g.role === 'building_head')?.scopeLabel).toBe('幸福里社区 · 和平小区 · 一号楼');
    expect(change.audit.summary).toBe('修改楼栋「和平小区 · 1号楼」，改名为「一号楼」');
  });

  it('units: created and renamed in their building, never moved to another, names unique among live ones', () => {
    const { s } = demo();
    const b = buildingId('heping', 2);
    const made = planUnitSave(s, { idempotencyKey: 'key-unit-1', buildingId: b, name: '3单元' }, ctx());
    const doc = written<BuildingDoc>(made, 'buildings').get(b) as BuildingDoc;
    expect(doc.units.map((u) => u.name)).toEqual(['1单元', '2单元', '3单元']);
    expect(made.audit).toMatchObject({ target: { kind: 'unit', label: '和平小区 · 2号楼 · 3单元' }, before: null });
    expect(refusal(() => planUnitSave(s, { idempotencyKey: 'key-unit-2', buildingId: b, name: '2单元' }, ctx())).issues).toEqual([{ path: 'data.name', message: '「2号楼」已有「2单元」' }]);
    expect(refusal(() => planUnitSave(s, { idempotencyKey: 'key-unit-3', id: 'un-heping-2-1', buildingId: buildingId('heping', 3), name: '1单元' }, ctx())).issues[0]).toEqual({ path: 'data.buildingId', message: '单元不能移到其他楼栋，请在那栋楼新建单元' });
    const renamed = planUnitSave(s, { idempotencyKey: 'key-unit-4', id: 'un-heping-2-1', buildingId: b, name: '东单元' }, ctx());
    expect(renamed.audit.summary).toBe('把「和平小区 · 2号楼」的「1单元」改名为「东单元」');
    // a retired unit's name may be used again
    const retired = { ...s, buildings: s.buildings.map((x) => (x._id === b ? { ...x, units: x.units.map((u) => (u.name === '2单元' ? { ...u, retiredAt: '2026-11-01T00:00:00.000Z' } : u)) } : x)) };
    expect(() => planUnitSave(retired, { idempotencyKey: 'key-unit-5', buildingId: b, name: '2单元' }, ctx())).not.toThrow();
    expect(refusal(() => planUnitSave(retired, { idempotencyKey: 'key-unit-6', id: 'un-heping-2-2', buildingId: b, name: '二单元' }, ctx())).issues[0].message).toBe('「2单元」已停用，不能修改');
  });
});

describe('households', () => {
  const input = (over: object = {}) => ({ idempotencyKey: 'key-household-1', buildingId: buildingId('heping', 2), unitId: 'un-heping-2-1', label: '2号楼1单元401', ...over });

  it('creates one in a unit of the building, its label unique in the building', () => {
    const { s, households } = demo();
    const change = planHouseholdSave(s, input(), ctx(), { households, residents: [] });
    expect(written<HouseholdDoc>(change, 'households').get(change.audit.target.id)).toMatchObject({ compoundId: COMPOUND_IDS.heping, unitId: 'un-heping-2-1', label: '2号楼1单元401' });
    expect(refusal(() => planHouseholdSave(s, input({ label: '2号楼1单元101' }), ctx(), { households, residents: [] })).issues).toEqual([{ path: 'data.label', message: '「2号楼」已有「2号楼1单元101」' }]);
    expect(refusal(() => planHouseholdSave(s, input({ unitId: 'un-heping-3-1' }), ctx(), { households, residents: [] })).issues).toEqual([{ path: 'data.unitId', message: '所选单元不在「2号楼」' }]);
  });

  it('moves to another unit of the compound (its residents and central household follow), never to another compound', () => {
    const { s, households } = demo();
    const secretaryHome = households.find((h) => h._id === 'hh-heping-4-2-301') as HouseholdDoc;
    const residents = s.persons.filter((p) => p.householdId === secretaryHome._id);
    expect(refusal(() => planHouseholdSave(s, input({ id: secretaryHome._id, buildingId: buildingId('hongxing', 1), unitId: 'un-hongxing-1-1' }), ctx(), { households, residents })).issues[0]).toEqual({ path: 'data.buildingId', message: '住户只能在本小区内调整楼栋和单元' });
    const change = planHouseholdSave(s, input({ id: secretaryHome._id, label: '2号楼1单元501' }), ctx(), { households, residents });
    const person = written<PersonDoc>(change, 'persons').get(PERSON_IDS.secretary);
    expect(person).toMatchObject({ buildingId: buildingId('heping', 2), householdLabel: '2号楼1单元501' });
    expect(change.audit.summary).toBe('把住户「4号楼2单元301」移到「和平小区 · 2号楼 · 1单元」，门牌改为「2号楼1单元501」');
    // a central household moves with its party member's home
    const centralHome = households.find((h) => h._id === s.persons.find((p) => p._id === 'p-023')?.householdId) as HouseholdDoc;
    const moved = planHouseholdSave(s, input({ id: centralHome._id, label: '2号楼1单元601' }), ctx(), { households, residents: s.persons.filter((p) => p._id === 'p-023') });
    expect(written(moved, 'central_households').get('ch-heping-1')).toMatchObject({ buildingId: buildingId('heping', 2) });
  });

  it('refuses a retired unit or household and a stale form', () => {
    const { s, households } = demo();
    const retiredUnit = { ...s, buildings: s.buildings.map((b) => ({ ...b, units: b.units.map((u) => (u.id === 'un-heping-2-1' ? { ...u, retiredAt: '2026-11-01T00:00:00.000Z' } : u)) })) };
    expect(refusal(() => planHouseholdSave(retiredUnit, input(), ctx(), { households, residents: [] })).issues).toEqual([{ path: 'data.unitId', message: '「1单元」已停用' }]);
    const h = { ...households[0], retiredAt: '2026-11-01T00:00:00.000Z' };
    expect(refusal(() => planHouseholdSave(s, input({ id: h._id, buildingId: h.buildingId, unitId: h.unitId, label: h.label }), ctx(), { households: [h], residents: [] })).issues[0].path).toBe('data.id');
    expect(refusal(() => planHouseholdSave(s, input({ id: households[0]._id, rev: 2 }), ctx(), { households, residents: [] })).code).toBe('CONFLICT');
    expect(refusal(() => planHouseholdSave(s, input({ id: 'hh-nowhere' }), ctx(), { households, residents: [] })).code).toBe('NOT_FOUND');
  });
});
