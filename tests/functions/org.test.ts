/** The `org` function through the real local cloud on the seeded demo data. */
import type { BranchSummary, CompoundSummary, DirectoryView } from '../../core/contracts/org';
import { resetStats, seededTestCloud, stats } from '../helpers/seeded';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { BRANCH_IDS, COMPOUND_IDS, PERSON_IDS } from '../../tools/seed/demo';

// a function's first call is a cold start of its instance
jest.setTimeout(30_000);

const t = seededTestCloud();

const CHINESE = /[\u4e00-\u9fff]/;
const LAOJIE_RESIDENT = 'demo-p-031';
const GRID_CHIEF = 'demo-p-014'; // works in 和平小区, lives elsewhere
const LIANJIAN_SECRETARY = 'demo-p-018';

const reads = (s: Record<string, number>) =>
  (s['database.getDocument'] ?? 0) + (s['database.calculateDocument'] ?? 0) + (s['database.aggregateDocuments'] ?? 0);
const writes = (s: Record<string, number>) =>
  Object.entries(s)
    .filter(([k]) => /insert|modify|remove/.test(k))
    .reduce((sum, [, v]) => sum + v, 0);

async function directory(openid: string, data?: unknown): Promise<DirectoryView> {
  const res = await t.call<DirectoryView>('org.directory', data, openid);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
}
async function failure(action: string, data: unknown, openid?: string) {
  const res = await t.call(action, data, openid);
  if (res.ok) throw new Error(`expected ${action} to fail, got ${JSON.stringify(res.data)}`);
  expect(res.error.message).toMatch(CHINESE);
  return res.error;
}

describe('org.directory', () => {
  it("shows a resident their own compound's board", async () => {
    const board = await directory(P.resident);
    expect(board.community.name).toBe('幸福里社区');
    expect(board.compound).toMatchObject({ id: COMPOUND_IDS.heping, name: '和平小区', propertyMode: '物业公司' });
    expect(board.branch?.name).toBe('和平小区党支部');
    expect(board.branch?.secretary).toMatchObject({ name: '刘志强', maskedPhone: '138****0004' });
    const microGrid = board.grids.find((g) => g.name === '和平小区第一微网格');
    expect(microGrid?.workers).toEqual([
      { personId: PERSON_IDS.gridWorker, name: '张桂英', title: '网格员', maskedPhone: '138****0003' },
    ]);
    const mine = board.buildings.find((b) => b.id === board.myBuildingId);
    expect(mine?.name).toBe('1号楼');
    expect(mine?.leaders.map((l) => l.name)).toEqual(['欧阳娜娜', '王建国']);
    expect(mine?.centralHouseholds.map((c) => c.name)).toEqual(['宋丽萍']);
    expect(board.teams.map((team) => team.name)).toEqual(['和平红管家服务队', '幸福里技乐家维修队']);
    expect(board.canCall).toBe(true);
  });

  it('never sends a full phone number', async () => {
    for (const [openid, data] of [[P.resident], [P.staff, { compoundId: COMPOUND_IDS.hongxing }], [LAOJIE_RESIDENT]] as const) {
      const json = JSON.stringify(await directory(openid, data));
      expect(json).not.toMatch(/1[3-9]\d{9}/);
      expect(json).toMatch(/138\*\*\*\*\d{4}/);
    }
  });

  it('shows the 三无 compound of the 联建 branch to its resident', async () => {
    const board = await directory(LAOJIE_RESIDENT);
    expect(board.compound).toMatchObject({ name: '老街小区', sanwu: true, propertyMode: '社区托底', propertyCompany: null });
    expect(board.branch).toMatchObject({ formation: '联建', compoundNames: ['红星小区', '老街小区'] });
  });

  it('opens a worker on the compound they work in', async () => {
    expect((await directory(GRID_CHIEF)).compound.id).toBe(COMPOUND_IDS.heping);
  });

  it('lets staff and admins open any compound of their community, without the call button', async () => {
    for (const openid of [P.staff, P.admin]) {
      const board = await directory(openid, { compoundId: COMPOUND_IDS.laojie });
      expect(board.compound.name).toBe('老街小区');
      expect(board.canCall).toBe(false);
      expect(board.myBuildingId).toBeNull();
    }
  });

  it('asks staff without a compound of their own to choose one', async () => {
    expect(await failure('org.directory', {}, P.staff)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("lets a branch secretary open their branch's compounds only", async () => {
    expect((await directory(LIANJIAN_SECRETARY, { compoundId: COMPOUND_IDS.laojie })).canCall).toBe(true);
    expect((await directory(LIANJIAN_SECRETARY, { compoundId: COMPOUND_IDS.hongxing })).compound.name).toBe('红星小区');
    expect(await failure('org.directory', { compoundId: COMPOUND_IDS.heping }, LIANJIAN_SECRETARY)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses unknown compounds, unbound visitors and calls without a user', async () => {
    expect(await failure('org.directory', { compoundId: 'cp-nowhere' }, P.staff)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure('org.directory', {}, P.visitor)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failure('org.directory', {})).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('org.revealPhone', () => {
  const reveal = (openid: string | undefined, personId: string, compoundId: string = COMPOUND_IDS.heping) =>
    t.call<{ phone: string }>('org.revealPhone', { compoundId, personId }, openid);

  it("gives a bound resident the number of someone on their compound's board", async () => {
    expect(await reveal(P.resident, PERSON_IDS.leader)).toEqual({ ok: true, data: { phone: '13800000002' } });
    expect(await reveal(P.resident, PERSON_IDS.gridWorker)).toEqual({ ok: true, data: { phone: '13800000003' } });
  });

  it("gives a worker of the compound the numbers on its board", async () => {
    expect(await reveal(GRID_CHIEF, PERSON_IDS.secretary)).toEqual({ ok: true, data: { phone: '13800000004' } });
    expect(await reveal(LIANJIAN_SECRETARY, 'p-011', COMPOUND_IDS.laojie)).toEqual({ ok: true, data: { phone: '13800000011' } });
  });

  it('keeps the number of anyone not on the board', async () => {
    expect(await failure('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.plainResident }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    // a leader of another compound, asked for through this compound's board
    expect(await failure('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: 'p-011' }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps the numbers from people outside the compound, staff included', async () => {
    for (const openid of [LAOJIE_RESIDENT, P.staff, P.admin, LIANJIAN_SECRETARY]) {
      expect(await failure('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader }, openid)).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    expect(await failure('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader }, P.visitor)).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await failure('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('org.compounds', () => {
  const list = async (openid: string, data?: unknown) => {
    const res = await t.call<{ compounds: CompoundSummary[]; hasMore: boolean }>('org.compounds', data, openid);
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.data;
  };

  it("lists the community's compounds for staff and admins", async () => {
    for (const openid of [P.staff, P.admin]) {
      const { compounds, hasMore } = await list(openid);
      expect(hasMore).toBe(false);
      expect(compounds.map((c) => [c.name, c.buildingCount, c.sanwu])).toEqual([
        ['和平小区', 6, false],
        ['红星小区', 4, false],
        ['老街小区', 3, true],
      ]);
      expect(compounds[0]).toEqual({
        id: COMPOUND_IDS.heping,
        name: '和平小区',
        communityName: '幸福里社区',
        type: '商住小区',
        propertyMode: '物业公司',
        sanwu: false,
        buildingCount: 6,
      });
    }
  });

  it('pages', async () => {
    const first = await list(P.staff, { pageSize: 2 });
    const second = await list(P.staff, { page: 2, pageSize: 2 });
    expect([first.hasMore, second.hasMore]).toEqual([true, false]);
    expect([...first.compounds, ...second.compounds].map((c) => c.name)).toEqual(['和平小区', '红星小区', '老街小区']);
  });

  it("lists a branch's compounds for its secretary", async () => {
    expect((await list(LIANJIAN_SECRETARY)).compounds.map((c) => c.name)).toEqual(['红星小区', '老街小区']);
    expect((await list(P.secretary)).compounds.map((c) => c.name)).toEqual(['和平小区']);
  });

  it('is not for residents, leaders or grid workers', async () => {
    for (const openid of [P.resident, P.leader, P.gridWorker]) {
      expect(await failure('org.compounds', {}, openid)).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('org.branches', () => {
  it("lists the community's branches for staff and admins", async () => {
    for (const openid of [P.staff, P.admin]) {
      const res = await t.call<{ branches: BranchSummary[] }>('org.branches', {}, openid);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      expect(res.data.branches).toEqual([
        { id: BRANCH_IDS.heping, name: '和平小区党支部', formation: '单独组建', compoundCount: 1 },
        { id: BRANCH_IDS.hongxingLaojie, name: '红星老街联合党支部', formation: '联建', compoundCount: 2 },
      ]);
    }
  });

  it('is only for those who administer the community', async () => {
    for (const openid of [P.resident, P.leader, P.secretary]) {
      expect(await failure('org.branches', {}, openid)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await failure('org.branches', { communityId: 'cm-elsewhere' }, P.staff)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('database round trips', () => {
  it.each([
    ['org.directory', {}, P.resident],
    ['org.directory', { compoundId: COMPOUND_IDS.laojie }, P.admin],
    ['org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader }, P.resident],
    ['org.compounds', {}, P.staff],
    ['org.compounds', { page: 2, pageSize: 1 }, LIANJIAN_SECRETARY],
    ['org.branches', {}, P.staff],
  ])('%s %j as %s: at most 2 indexed reads, no write but a rate-limit counter', async (action, data, openid) => {
    const limited = action === 'org.revealPhone';
    if (limited) await t.call(action, data, openid); // its rate-limit window's counter exists from here on
    await resetStats(t);
    const res = await t.call(action, data, openid);
    expect(res.ok).toBe(true);
    const s = await stats(t);
    expect(reads(s)).toBeLessThanOrEqual(2);
    // revealPhone counts the call: one atomic increment, sent with the directory's read
    expect([writes(s), s['database.modifyAndReturnDoc'] ?? 0]).toEqual(limited ? [1, 1] : [0, 0]);
    expect(s['plan.scan'] ?? 0).toBe(0);
  });
});
