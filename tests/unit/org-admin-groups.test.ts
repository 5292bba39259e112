/** Planners of the party and service side: branches, grids, central households, teams, partners; retiring; 五有 coverage. */
import { planBranchSave } from '../../core/domain/org-admin/branch';
import { planGridSave } from '../../core/domain/org-admin/grid';
import { planCentralHouseholdSave } from '../../core/domain/org-admin/central-household';
import { planTeamSave } from '../../core/domain/org-admin/team';
import { planPartnerSave } from '../../core/domain/org-admin/partner';
import { planRetire } from '../../core/domain/org-admin/retire';
import { withItem, wuyouCoverage, wuyouItems } from '../../core/domain/org-admin/wuyou';
import type { BranchDoc, CompoundDoc, GridDoc, PersonDoc } from '../../core/domain/org-model';
import { BRANCH_IDS, COMPOUND_IDS, PERSON_IDS, buildingId } from '../../tools/seed/demo';
import { ctx, demo, refusal, written } from '../helpers/org-admin-plans';

const RETIRED = '2026-11-01T00:00:00.000Z';
const b = (n: number, compound: keyof typeof COMPOUND_IDS = 'heping') => buildingId(compound, n);

describe('branches', () => {
  const input = (over: object = {}) => ({ idempotencyKey: 'key-branch-1', name: '新支部', formation: '单独组建' as const, compoundIds: [] as string[], ...over });

  it('单独组建 covers one compound, 联建 two or more', () => {
    const { s } = demo();
    expect(refusal(() => planBranchSave(s, input({ compoundIds: [] }), ctx())).issues).toEqual([{ path: 'data.compoundIds', message: '单独组建的支部只覆盖 1 个小区' }]);
    const two = refusal(() => planBranchSave(s, input({ formation: '联建', compoundIds: [COMPOUND_IDS.heping] }), ctx())).issues;
    expect(two).toContainEqual({ path: 'data.compoundIds', message: '联建的支部至少覆盖 2 个小区' });
  });

  it('a compound belongs to one live branch; a retired branch lets it go', () => {
    const { s } = demo();
    expect(refusal(() => planBranchSave(s, input({ compoundIds: [COMPOUND_IDS.laojie] }), ctx())).issues).toEqual([
      { path: 'data.compoundIds.0', message: '「老街小区」已属于「红星老街联合党支部」，请先从该支部移出' },
    ]);
    const freed = { ...s, branches: s.branches.map((x) => (x._id === BRANCH_IDS.hongxingLaojie ? { ...x, retiredAt: RETIRED } : x)) };
    const change = planBranchSave(freed, input({ compoundIds: [COMPOUND_IDS.laojie] }), ctx());
    expect(written<CompoundDoc>(change, 'compounds').get(COMPOUND_IDS.laojie)?.branchId).toBe(change.audit.target.id);
  });

  it('moving a compound out of a 联建 branch clears its pointer; the name must be free', () => {
    const { s } = demo();
    const change = planBranchSave(s, input({ id: BRANCH_IDS.hongxingLaojie, name: '红星小区党支部', compoundIds: [COMPOUND_IDS.hongxing] }), ctx());
    const compounds = written<CompoundDoc>(change, 'compounds');
    expect([...compounds.keys()]).toEqual([COMPOUND_IDS.laojie]);
    expect(compounds.get(COMPOUND_IDS.laojie)?.branchId).toBeNull();
    expect(change.audit.summary).toBe('修改支部「红星老街联合党支部」，改名为「红星小区党支部」，组建方式改为单独组建，移出「老街小区」');
    // the secretary's role label follows the rename
    expect(written<PersonDoc>(change, 'persons').get('p-018')?.roles.find((g) => g.role === 'secretary')?.scopeLabel).toBe('幸福里社区 · 红星小区党支部');
    expect(refusal(() => planBranchSave(s, input({ name: '和平小区党支部', compoundIds: [COMPOUND_IDS.heping] }), ctx())).issues[0]).toEqual({ path: 'data.name', message: '本社区已有「和平小区党支部」' });
  });
});

describe('grids', () => {
  const input = (over: object = {}) => ({ idempotencyKey: 'key-grid-1', compoundId: COMPOUND_IDS.heping, name: '新网格', level: 'micro' as const, parentId: 'gd-heping' as string | null, buildingIds: [] as string[], ...over });

  it('a big grid has no parent; a micro grid needs a live big grid of its compound, not itself', () => {
    const { s } = demo();
    expect(refusal(() => planGridSave(s, input({ level: 'big' }), ctx())).issues).toEqual([{ path: 'data.parentId', message: '大网格没有上级网格' }]);
    expect(refusal(() => planGridSave(s, input({ parentId: null }), ctx())).issues).toEqual([{ path: 'data.parentId', message: '请选择微网格所属的大网格' }]);
    expect(refusal(() => planGridSave(s, input({ parentId: 'gd-heping-2' }), ctx())).issues).toEqual([{ path: 'data.parentId', message: '上级须是「和平小区」里在用的大网格' }]);
    expect(refusal(() => planGridSave(s, input({ parentId: 'gd-hongxing' }), ctx())).issues[0].path).toBe('data.parentId');
    expect(refusal(() => planGridSave(s, input({ id: 'gd-heping-1', name: '和平小区第一微网格', parentId: 'gd-heping-1' }), ctx())).issues[0]).toEqual({ path: 'data.parentId', message: '网格不能以自己为上级' });
  });

  it('no cycles: a big grid with micro grids cannot become a micro grid under one of them', () => {
    const { s } = demo();
    const cycle = refusal(() => planGridSave(s, input({ id: 'gd-heping', name: '和平小区网格', parentId: 'gd-heping-1', buildingIds: [b(1)] }), ctx()));
    expect(cycle.issues.map((i) => i.message)).toEqual(expect.arrayContaining(['上级须是「和平小区」里在用的大网格', '「和平小区网格」下还有微网格，不能改为微网格']));
  });

  it("covers only live buildings of its compound; a micro grid only its big grid's; a building in one grid per level", () => {
    const { s } = demo();
    const retired = { ...s, buildings: s.buildings.map((x) => (x._id === b(5) ? { ...x, retiredAt: RETIRED } : x)) };
    const issues = refusal(() => planGridSave(retired, input({ level: 'big', parentId: null, buildingIds: [b(1, 'hongxing'), b(5), b(1)] }), ctx())).issues;
    expect(issues).toEqual([
      { path: 'data.buildingIds.0', message: '所选楼栋不属于「和平小区」' },
      { path: 'data.buildingIds.1', message: '「5号楼」已停用' },
      { path: 'data.buildingIds.2', message: '「1号楼」已在大网格「和平小区网格」里' },
    ]);
    // a second big grid of 老街 with the building its first big grid does not cover
    const laojie = { ...s, grids: s.grids.map((g) => (g._id === 'gd-laojie' ? { ...g, buildingIds: [b(1, 'laojie'), b(2, 'laojie')] } : g._id === 'gd-laojie-1' ? { ...g, buildingIds: [b(1, 'laojie')] } : g)) };
    expect(() => planGridSave(laojie, input({ compoundId: COMPOUND_IDS.laojie, level: 'big', parentId: null, buildingIds: [b(3, 'laojie')] }), ctx())).not.toThrow();
    expect(refusal(() => planGridSave(laojie, input({ compoundId: COMPOUND_IDS.laojie, parentId: 'gd-laojie', buildingIds: [b(3, 'laojie')] }), ctx())).issues).toEqual([
      { path: 'data.buildingIds.0', message: '「3号楼」不在大网格「老街小区网格」里' },
    ]);
    expect(refusal(() => planGridSave(s, input({ buildingIds: [b(2)] }), ctx())).issues).toEqual([{ path: 'data.buildingIds.0', message: '「2号楼」已在微网格「和平小区第一微网格」里' }]);
  });

  it("a big grid keeps the buildings its micro grids cover; a grid stays in its compound; names unique under one parent", () => {
    const { s } = demo();
    expect(refusal(() => planGridSave(s, input({ id: 'gd-heping', name: '和平小区网格', level: 'big', parentId: null, buildingIds: [b(1), b(2)] }), ctx())).issues).toEqual([
      { path: 'data.buildingIds', message: '微网格「和平小区第一微网格」覆盖的「3号楼」须留在大网格里' },
      { path: 'data.buildingIds', message: '微网格「和平小区第二微网格」覆盖的「4号楼」、「5号楼」、「6号楼」须留在大网格里' },
    ]);
    expect(refusal(() => planGridSave(s, input({ id: 'gd-heping-1', compoundId: COMPOUND_IDS.hongxing, parentId: 'gd-hongxing' }), ctx())).issues[0].path).toBe('data.compoundId');
    expect(refusal(() => planGridSave(s, input({ name: '和平小区第二微网格' }), ctx())).issues).toEqual([{ path: 'data.name', message: '同一上级下已有「和平小区第二微网格」' }]);
  });

  it('moves a micro grid to another big grid of its compound', () => {
    const { s } = demo();
    const big2: GridDoc = { _id: 'gd-heping-b2', communityId: s.community._id, compoundId: COMPOUND_IDS.heping, name: '和平南区网格', level: 'big', parentId: null, buildingIds: [b(4), b(5), b(6)], rev: 0, retiredAt: null };
    const withBig2 = { ...s, grids: [...s.grids.map((g) => (g._id === 'gd-heping' ? { ...g, buildingIds: [b(1), b(2), b(3)] } : g)), big2] };
    const change = planGridSave(withBig2, input({ id: 'gd-heping-2', name: '和平小区第二微网格', parentId: big2._id, buildingIds: [b(4), b(5), b(6)] }), ctx());
    expect(change.audit.summary).toBe('修改网格「和平小区第二微网格」，上级由「和平小区网格」改为「和平南区网格」');
  });
});

describe('central households', () => {
  const input = (over: object = {}) => ({ idempotencyKey: 'key-central-1', personId: 'p-007', householdIds: ['hh-heping-3-2-301'], ...over });
  const ctxOf = (s: ReturnType<typeof demo>['s'], households: ReturnType<typeof demo>['households'], personId = 'p-007') => ({
    person: s.persons.find((p) => p._id === personId) ?? null,
    households,
  });

  it("links up to ten households of the member's compound, never their own, never one another central household links", () => {
    const { s, households } = demo();
    const change = planCentralHouseholdSave(s, input(), ctx(), ctxOf(s, households));
    expect(written(change, 'central_households').get(change.audit.target.id)).toMatchObject({ personId: 'p-007', compoundId: COMPOUND_IDS.heping, buildingId: b(3), householdIds: ['hh-heping-3-2-301'] });
    const issues = refusal(() => planCentralHouseholdSave(s, input({ householdIds: ['hh-hongxing-1-1-101', 'hh-heping-3-2-202', 'hh-heping-1-1-101', 'hh-nowhere'] }), ctx(), ctxOf(s, households))).issues;
    expect(issues).toEqual([
      { path: 'data.householdIds.0', message: '「1号楼1单元101」不在赵丽娟所在的小区' },
      { path: 'data.householdIds.1', message: '联系户不包括中心户自己家' },
      { path: 'data.householdIds.2', message: '「1号楼1单元101」已由另一个党员中心户联系' },
      { path: 'data.householdIds.3', message: '所选住户不在本社区' },
    ]);
  });

  it('only a party member living in the community, once; the member never changes', () => {
    const { s, households } = demo();
    expect(refusal(() => planCentralHouseholdSave(s, input({ personId: PERSON_IDS.resident }), ctx(), ctxOf(s, households, PERSON_IDS.resident))).issues[0].message).toBe('李秀兰不是党员，不能设为党员中心户');
    expect(refusal(() => planCentralHouseholdSave(s, input({ personId: 'p-014' }), ctx(), ctxOf(s, households, 'p-014'))).issues[0].message).toBe('马晓东还没有绑定住户，党员中心户须是党员本人的住户');
    expect(refusal(() => planCentralHouseholdSave(s, input({ personId: 'p-023', householdIds: ['hh-heping-1-2-101'] }), ctx(), ctxOf(s, households, 'p-023'))).issues[0].path).toBe('data.personId');
    expect(refusal(() => planCentralHouseholdSave(s, input({ personId: 'p-zz' }), ctx(), { person: null, households })).issues[0].message).toBe('所选人员不在本社区');
    expect(refusal(() => planCentralHouseholdSave(s, input({ id: 'ch-heping-1' }), ctx(), ctxOf(s, households))).issues[0].path).toBe('data.personId');
  });
});

describe('teams and partners', () => {
  const team = (over: object = {}) => ({ idempotencyKey: 'key-team-1', name: '新队', type: '小义工' as const, branchId: BRANCH_IDS.heping as string | null, leaderId: 'p-007' as string | null, memberIds: ['p-007', 'p-008'], services: ['垃圾分类'], compoundIds: [COMPOUND_IDS.heping], ...over });
  const people = (s: ReturnType<typeof demo>['s']) => s.persons;

  it('a leader among the members, members of the community, compounds within the owning branch', () => {
    const { s } = demo();
    expect(() => planTeamSave(s, team(), ctx(), people(s))).not.toThrow();
    const issues = refusal(() => planTeamSave(s, team({ leaderId: 'p-009', memberIds: ['p-007', 'p-outsider'], compoundIds: [COMPOUND_IDS.laojie] }), ctx(), people(s))).issues;
    expect(issues).toEqual([
      { path: 'data.leaderId', message: '队长须是队员之一' },
      { path: 'data.memberIds.1', message: '所选队员不在本社区' },
      { path: 'data.compoundIds.0', message: '「老街小区」不在「和平小区党支部」的范围内' },
    ]);
    // a community team may serve any compound
    expect(() => planTeamSave(s, team({ branchId: null, compoundIds: [COMPOUND_IDS.laojie] }), ctx(), people(s))).not.toThrow();
    expect(refusal(() => planTeamSave(s, team({ name: '幸福里技乐家维修队' }), ctx(), people(s))).issues[0].path).toBe('data.name');
    const retired = { ...s, branches: s.branches.map((x) => (x._id === BRANCH_IDS.heping ? { ...x, retiredAt: RETIRED } : x)) };
    expect(refusal(() => planTeamSave(retired, team(), ctx(), people(s))).issues[0]).toEqual({ path: 'data.branchId', message: '「和平小区党支部」已停用' });
  });

  it('a partner unit pairs with the community (no compounds) or live compounds of it, its name unique', () => {
    const { s } = demo();
    const whole = planPartnerSave(s, { idempotencyKey: 'key-partner-1', name: '区税务局', kind: '机关单位', compoundIds: [], memberIds: [] }, ctx(), people(s));
    expect(whole.audit.summary).toBe('新增包联单位「区税务局」（机关单位），包联「幸福里社区」全社区');
    expect(
      refusal(() => planPartnerSave(s, { idempotencyKey: 'key-partner-2', name: '滨江区住房和城乡建设局机关党委', kind: '机关单位', compoundIds: ['cp-nowhere'], memberIds: [] }, ctx(), people(s))).issues.map((i) => i.path),
    ).toEqual(['data.name', 'data.compoundIds.0']);
  });

  it("a partner unit's reporting members (报到) must be people of the community", () => {
    const { s } = demo();
    const input = (memberIds: string[]) => ({ idempotencyKey: 'key-partner-3', name: '区税务局', kind: '机关单位', compoundIds: [], memberIds });
    const saved = planPartnerSave(s, input(['p-033', 'p-019']), ctx(), people(s));
    expect(saved.audit.summary).toBe('新增包联单位「区税务局」（机关单位），包联「幸福里社区」全社区，报到成员 2 人');
    expect(saved.writes[0]).toMatchObject({ doc: { memberIds: ['p-033', 'p-019'] } });
    expect(refusal(() => planPartnerSave(s, input(['p-033', 'p-outsider']), ctx(), people(s))).issues).toEqual([{ path: 'data.memberIds.1', message: '所选报到成员不在本社区' }]);
  });
});

describe('retiring', () => {
  const retire = (kind: string, id: string) => ({ idempotencyKey: 'key-retire-1', kind: kind as never, id });

  it('refuses while live things hang on a node, naming each', () => {
    const { s, households } = demo();
    const none = { households: [], residents: [] };
    const compound = refusal(() => planRetire(s, retire('compound', COMPOUND_IDS.laojie), ctx(), none));
    expect(compound.code).toBe('PRECONDITION_FAILED');
    expect(compound.message).toMatch(/^「老街小区」还不能停用：还有 3 栋在用的楼栋；还有网格「老街小区网格」、「老街小区微网格」；还属于支部「红星老街联合党支部」；还有服务队服务它：「幸福里技乐家维修队」、「红星老街应急服务队」；还有包联单位：「滨江区住房和城乡建设局机关党委」；/);
    // residents hang on households (counted by the building and unit refusals), not listed one by one
    expect(compound.message).not.toContain('（居民');
    expect(compound.message).toContain('孙玉梅（红色近邻长）');
    const branch = refusal(() => planRetire(s, retire('branch', BRANCH_IDS.heping), ctx(), none)).message;
    expect(branch).toMatch(/^「和平小区党支部」还不能停用：还有所属服务队「和平红管家服务队」；.*的角色还在这里，请先撤销或调整$/);
    for (const who of ['刘志强（小区党支部书记）', '王建国（红色近邻长）', '林晓燕（支部委员）']) expect(branch).toContain(who);
    expect(refusal(() => planRetire(s, retire('grid', 'gd-heping-2'), ctx(), none)).message).toBe('「和平小区第二微网格」还不能停用：朱红霞（网格员）的角色还在这里，请先撤销或调整');
    const unit = refusal(() => planRetire(s, retire('unit', 'un-heping-2-1'), ctx(), { households, residents: [] }));
    expect(unit.message).toBe('「2号楼1单元」还不能停用：还有 6 户住户');
    const home = refusal(() => planRetire(s, retire('household', 'hh-heping-1-1-101'), ctx(), { households, residents: s.persons }));
    expect(home.message).toMatch(/还有 \d+ 位居民绑定在这户（李秀兰.*），请先办理迁出；它还是一个党员中心户的联系户/);
  });

  it('retires by setting retiredAt only; the compound count follows a building; a retired node cannot be retired again', () => {
    const { s, households } = demo();
    const free = { ...s, grids: s.grids.map((g) => ({ ...g, buildingIds: g.buildingIds.filter((x) => x !== b(3, 'laojie')) })), persons: s.persons.filter((p) => !p.roles.some((g) => g.scope.buildingIds?.includes(b(3, 'laojie')))) };
    const change = planRetire(free, retire('building', b(3, 'laojie')), ctx(), { households: households.filter((h) => h.buildingId !== b(3, 'laojie')), residents: [] });
    const before = s.buildings.find((x) => x._id === b(3, 'laojie'));
    expect(written(change, 'buildings').get(b(3, 'laojie'))).toEqual({ ...before, retiredAt: '2026-12-01T08:00:00.000Z' });
    expect(written<CompoundDoc>(change, 'compounds').get(COMPOUND_IDS.laojie)?.buildingCount).toBe(2);
    const gone = { ...s, partners: s.partners.map((p) => ({ ...p, retiredAt: RETIRED })) };
    expect(refusal(() => planRetire(gone, retire('partner', 'pt-zhujianju'), ctx(), { households: [], residents: [] }))).toMatchObject({ code: 'PRECONDITION_FAILED', message: '「滨江区住房和城乡建设局机关党委」已经停用了' });
    expect(refusal(() => planRetire(s, retire('team', 'tm-nowhere'), ctx(), { households: [], residents: [] })).code).toBe('NOT_FOUND');
  });

  it("retiring a branch leaves its compounds without one; a unit is retired inside its building", () => {
    const { s } = demo();
    const free = { ...s, teams: s.teams.filter((t) => t.branchId !== BRANCH_IDS.hongxingLaojie), persons: s.persons.filter((p) => !p.roles.some((g) => g.scope.branchId === BRANCH_IDS.hongxingLaojie)) };
    const change = planRetire(free, retire('branch', BRANCH_IDS.hongxingLaojie), ctx(), { households: [], residents: [] });
    expect([...written<CompoundDoc>(change, 'compounds').values()].map((c) => [c._id, c.branchId])).toEqual([[COMPOUND_IDS.hongxing, null], [COMPOUND_IDS.laojie, null]]);
    expect(written<BranchDoc>(change, 'branches').get(BRANCH_IDS.hongxingLaojie)?.retiredAt).toBe('2026-12-01T08:00:00.000Z');
    const unit = planRetire(s, retire('unit', 'un-heping-2-2'), ctx(), { households: [], residents: [] });
    expect(written(unit, 'buildings').get(b(2))).toMatchObject({ units: [{ id: 'un-heping-2-1', retiredAt: null }, { id: 'un-heping-2-2', retiredAt: '2026-12-01T08:00:00.000Z' }] });
  });
});

describe('五有', () => {
  it('lists five items in order, and counts per item which live branches have it', () => {
    const { s } = demo();
    expect(wuyouItems(null).map((i) => [i.key, i.done])).toEqual([['organisation', false], ['venue', false], ['register', false], ['liaison', false], ['emergency', false]]);
    const heping = s.branches.find((x) => x._id === BRANCH_IDS.heping) as BranchDoc;
    const doc = withItem(null, heping, 'venue', { done: true, text: '党群服务站', photos: [], updatedAt: RETIRED, updatedBy: '刘志强' });
    expect(doc.rev).toBe(1);
    expect(withItem(doc, heping, 'venue', { done: false, text: '', photos: [], updatedAt: RETIRED, updatedBy: '刘志强' }).rev).toBe(2);
    const retired: BranchDoc = { ...heping, _id: 'br-old', name: '已撤销支部', retiredAt: RETIRED };
    const coverage = wuyouCoverage([...s.branches, retired], [doc]);
    expect(coverage.branchCount).toBe(2);
    expect(coverage.items[1]).toEqual({ key: 'venue', done: 1, missing: [{ id: BRANCH_IDS.hongxingLaojie, name: '红星老街联合党支部' }] });
    expect(coverage.items[0].done).toBe(0);
  });
});
