import { orgDirectory } from '../../core/contracts/org';
import {
  administers,
  buildDirectories,
  buildDirectory,
  canViewCompound,
  compoundListScope,
  directoryView,
  homeCompoundId,
  isBoundTo,
  listedPhone,
  orgNames,
  scopeLabel,
} from '../../core/domain/org';
import { directoryDoc, type PersonDoc } from '../../core/domain/org-model';
import { BRANCH_IDS, COMMUNITY_ID, COMPOUND_IDS, PERSON_IDS, buildingId, demoData } from '../../tools/seed/demo';

const NOW = new Date('2026-03-01T08:00:00Z');
const { snapshot, households } = demoData();
const person = (id: string): PersonDoc => {
  const p = snapshot.persons.find((x) => x._id === id);
  if (!p) throw new Error(id);
  return p;
};
const heping = () => buildDirectory(snapshot, COMPOUND_IDS.heping, NOW);
const laojie = () => buildDirectory(snapshot, COMPOUND_IDS.laojie, NOW);

describe('the demo data', () => {
  it('is deterministic', () => {
    expect(demoData()).toEqual(demoData());
  });

  it('has the shape the issue asks for', () => {
    expect(snapshot.compounds).toHaveLength(3);
    expect(snapshot.compounds.filter((c) => c.sanwu && c.propertyCompany === null && c.type === '老旧小区')).toHaveLength(1);
    expect(snapshot.branches.map((b) => b.formation).sort()).toEqual(['单独组建', '联建']);
    expect(snapshot.branches.find((b) => b.formation === '联建')?.compoundIds).toHaveLength(2);
    expect(new Set(snapshot.grids.map((g) => g.level))).toEqual(new Set(['big', 'micro']));
    expect(snapshot.persons.filter((p) => p.roles.some((r) => r.role === 'leader'))).toHaveLength(8);
    expect(snapshot.teams).toHaveLength(3);
    expect(snapshot.partners).toHaveLength(1);
    expect(new Set(snapshot.persons.map((p) => p.phone)).size).toBe(snapshot.persons.length);
    expect(new Set(snapshot.persons.map((p) => p._id)).size).toBe(snapshot.persons.length);
  });
});

describe('buildDirectory', () => {
  it('produces a document its schema accepts and a board the contract accepts', () => {
    for (const doc of buildDirectories(snapshot, NOW)) {
      expect(directoryDoc.parse(doc)).toEqual(doc);
      expect(() => orgDirectory.output.parse({ ...doc.board, myBuildingId: null, canCall: false })).not.toThrow();
    }
  });

  it('lists the branch, its secretary and the grids with their workers', () => {
    const { board } = heping();
    expect(board.branch).toMatchObject({ name: '和平小区党支部', formation: '单独组建', compoundNames: ['和平小区'] });
    expect(board.branch?.secretary).toEqual({
      personId: PERSON_IDS.secretary,
      name: '刘志强',
      title: '小区党支部书记',
      maskedPhone: '138****0004',
    });
    expect(board.grids.map((g) => [g.name, g.level, g.parentName])).toEqual([
      ['和平小区网格', 'big', null],
      ['和平小区第一微网格', 'micro', '和平小区网格'],
      ['和平小区第二微网格', 'micro', '和平小区网格'],
    ]);
    expect(board.grids[1].workers.map((w) => [w.name, w.title])).toEqual([['张桂英', '网格员']]);
    expect(board.grids[0].workers.map((w) => [w.name, w.title])).toEqual([['马晓东', '网格长']]);
    expect(board.grids[1].buildingNames).toEqual(['1号楼', '2号楼', '3号楼']);
  });

  it('lists per building its leaders (by name in pinyin order), heads and central household, in building order', () => {
    const { board } = heping();
    expect(board.buildings.map((b) => b.name)).toEqual(['1号楼', '2号楼', '3号楼', '4号楼', '5号楼', '6号楼']);
    const first = board.buildings[0];
    expect(first.gridName).toBe('和平小区第一微网格');
    expect(first.leaders.map((l) => l.name)).toEqual(['欧阳娜娜', '王建国']);
    expect(first.heads.map((h) => [h.name, h.title])).toEqual([
      ['高建军', '楼栋长'],
      ['梁文涛', '单元长 · 2单元'],
    ]);
    expect(first.centralHouseholds.map((c) => [c.name, c.title])).toEqual([['宋丽萍', '党员中心户']]);
    expect(board.buildings[4].leaders.map((l) => l.name)).toEqual(['黄国平']);
  });

  it('shows the teams and partners serving the compound only', () => {
    expect(heping().board.teams.map((t) => t.type)).toEqual(['红管家', '技乐家']);
    expect(laojie().board.teams.map((t) => t.type)).toEqual(['技乐家', '应急服务队']);
    expect(laojie().board.teams[1].leader?.name).toBe('胡志刚');
    expect(heping().board.partners.map((p) => p.name)).toEqual(['滨江区住房和城乡建设局机关党委']);
  });

  it('describes the 三无 compound of the 联建 branch', () => {
    const { board } = laojie();
    expect(board.compound).toMatchObject({ type: '老旧小区', propertyMode: '社区托底', sanwu: true, propertyCompany: null });
    expect(board.branch).toMatchObject({ formation: '联建', compoundNames: ['红星小区', '老街小区'] });
    expect(board.branch?.secretary?.name).toBe('何文斌');
  });

  it('masks every phone on the board and keeps the full numbers aside', () => {
    const doc = heping();
    const json = JSON.stringify(doc.board);
    expect(json).not.toMatch(/1[3-9]\d{9}/);
    expect(doc.board.compound.propertyCompany).toEqual({ name: '安居物业服务有限公司', maskedPhone: '139****0001' });
    expect(listedPhone(doc, PERSON_IDS.leader)).toBe('13800000002');
    expect(listedPhone(doc, PERSON_IDS.resident)).toBeNull();
    expect(listedPhone(doc, 'p-011')).toBeNull(); // a leader of another compound
    expect(listedPhone(doc, 'toString')).toBeNull();
  });

  it('stays within the 64 KB response budget for a large compound', () => {
    // 60 buildings, each with two leaders, a building head, two unit heads and a central household
    const big = structuredClone(snapshot);
    const compoundId = COMPOUND_IDS.heping;
    big.buildings = big.buildings.filter((b) => b.compoundId !== compoundId);
    big.persons = big.persons.filter((p) => p.compoundId !== compoundId);
    let n = 0;
    const someone = (roles: PersonDoc['roles']): PersonDoc => ({
      ...person(PERSON_IDS.resident),
      _id: `p-big-${++n}`,
      name: '欧阳建国',
      phone: String(13900000000 + n),
      roles,
    });
    for (let b = 1; b <= 60; b++) {
      const id = `bd-big-${b}`;
      big.buildings.push({ _id: id, communityId: COMMUNITY_ID, compoundId, name: `${b}号楼`, order: b, units: [], rev: 0, retiredAt: null });
      const scope = { communityId: COMMUNITY_ID, compoundId, buildingIds: [id] };
      for (const role of ['leader', 'leader', 'building_head', 'unit_head', 'unit_head'] as const) {
        big.persons.push(someone([{ role, scope, scopeLabel: '' }]));
      }
      const central = someone([]);
      big.persons.push(central);
      big.centralHouseholds.push({ _id: `ch-big-${b}`, communityId: COMMUNITY_ID, compoundId, buildingId: id, personId: central._id, householdIds: [], rev: 0, retiredAt: null });
    }
    const doc = buildDirectory(big, compoundId, NOW);
    expect(doc.board.buildings).toHaveLength(60);
    const view = directoryView(doc, person(PERSON_IDS.staff));
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThan(64 * 1024);
  });

  it('reflects a change of the org on rebuild', () => {
    const changed = structuredClone(snapshot);
    changed.persons.find((p) => p._id === 'p-013')!.roles = [];
    const doc = buildDirectory(changed, COMPOUND_IDS.heping, NOW);
    expect(doc.board.buildings[0].leaders.map((l) => l.name)).toEqual(['王建国']);
    expect(listedPhone(doc, 'p-013')).toBeNull();
  });
});

describe('scope rules', () => {
  const hp = { _id: COMPOUND_IDS.heping, communityId: COMMUNITY_ID, branchId: BRANCH_IDS.heping };
  const lj = { _id: COMPOUND_IDS.laojie, communityId: COMMUNITY_ID, branchId: BRANCH_IDS.hongxingLaojie };

  it.each([
    [PERSON_IDS.resident, true, false],
    [PERSON_IDS.leader, true, false],
    [PERSON_IDS.gridWorker, true, false],
    [PERSON_IDS.secretary, true, false],
    ['p-014', true, false], // grid chief who lives elsewhere
    ['p-018', false, true], // secretary of the 联建 branch
    ['p-011', false, true], // leader in 老街
    [PERSON_IDS.laojieResident, false, true],
    [PERSON_IDS.staff, false, false],
    [PERSON_IDS.admin, false, false],
  ])('%s bound to 和平小区: %s, to 老街小区: %s', (id, toHeping, toLaojie) => {
    expect(isBoundTo(person(id), hp)).toBe(toHeping);
    expect(isBoundTo(person(id), lj)).toBe(toLaojie);
  });

  it('lets staff and admins of the community view every compound, others only their own', () => {
    expect(canViewCompound(person(PERSON_IDS.staff), lj)).toBe(true);
    expect(canViewCompound(person(PERSON_IDS.admin), lj)).toBe(true);
    expect(administers(person(PERSON_IDS.staff), 'cm-elsewhere')).toBe(false);
    expect(canViewCompound(person(PERSON_IDS.resident), lj)).toBe(false);
    expect(canViewCompound(person(PERSON_IDS.laojieResident), lj)).toBe(true);
  });

  it('opens the board on the home compound, else the compound of work', () => {
    expect(homeCompoundId(person(PERSON_IDS.resident))).toBe(COMPOUND_IDS.heping);
    expect(homeCompoundId(person('p-016'))).toBe(COMPOUND_IDS.hongxing);
    expect(homeCompoundId(person(PERSON_IDS.staff))).toBeNull();
  });

  it('lists compounds by community for staff and admins, by branch for branch officers', () => {
    expect(compoundListScope(person(PERSON_IDS.staff))).toEqual({ communityIds: [COMMUNITY_ID], branchIds: [] });
    expect(compoundListScope(person(PERSON_IDS.admin))).toEqual({ communityIds: [COMMUNITY_ID], branchIds: [] });
    expect(compoundListScope(person('p-018'))).toEqual({ communityIds: [], branchIds: [BRANCH_IDS.hongxingLaojie] });
    expect(compoundListScope(person(PERSON_IDS.resident))).toEqual({ communityIds: [], branchIds: [] });
  });

  it('gives the viewer their building and the call button only when bound', () => {
    const doc = heping();
    expect(directoryView(doc, person(PERSON_IDS.resident))).toMatchObject({ myBuildingId: buildingId('heping', 1), canCall: true });
    expect(directoryView(doc, person(PERSON_IDS.staff))).toMatchObject({ myBuildingId: null, canCall: false });
    expect(directoryView(doc, person('p-014'))).toMatchObject({ myBuildingId: null, canCall: true });
  });
});

describe('scopeLabel', () => {
  const names = orgNames(snapshot, households);
  it.each([
    [{ communityId: COMMUNITY_ID }, '幸福里社区'],
    [{ communityIds: [COMMUNITY_ID] }, '幸福里社区'],
    [{ communityId: COMMUNITY_ID, branchId: BRANCH_IDS.hongxingLaojie }, '幸福里社区 · 红星老街联合党支部'],
    [
      { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, branchId: BRANCH_IDS.heping, buildingIds: [buildingId('heping', 1), buildingId('heping', 2)] },
      '幸福里社区 · 和平小区 · 1号楼、2号楼',
    ],
    [{ communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, gridId: 'gd-heping-1' }, '幸福里社区 · 和平小区 · 和平小区第一微网格'],
    [{ communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, householdId: 'hh-heping-1-1-101' }, '幸福里社区 · 和平小区 · 1号楼1单元101'],
    [
      { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, buildingIds: [buildingId('heping', 1)], unitId: 'un-heping-1-2' },
      '幸福里社区 · 和平小区 · 1号楼 · 2单元',
    ],
  ])('%j → %s', (scope, label) => {
    expect(scopeLabel(scope, names)).toBe(label);
  });

  it('is what the seeded roles carry', () => {
    expect(person(PERSON_IDS.leader).roles.map((r) => r.scopeLabel)).toEqual([
      '幸福里社区 · 和平小区 · 2号楼1单元201',
      '幸福里社区 · 和平小区 · 1号楼、2号楼',
    ]);
  });
});
