/**
 * Deterministic demo data: one fictional community, 幸福里社区, with three compounds (one a 老旧小区
 * with no property company, 社区托底 and 三无), two branches (one 联建 across two compounds), big and
 * micro grids, buildings, units and households, eight Red Neighbor Leaders, central households,
 * three volunteer teams, a partner unit, residents, and the persons behind the demo personas.
 * Every name is made up; phones are 13800000000 + n. Same input, same output: tests rely on it.
 */
import type { RoleCode, RoleScope } from '../../core/contracts/org';
import { orgNames, scopeLabel, type OrgSnapshot } from '../../core/domain/org';
import type {
  BranchDoc,
  BuildingDoc,
  CentralHouseholdDoc,
  CompoundDoc,
  GridDoc,
  HouseholdDoc,
  PartnerDoc,
  PersonDoc,
  TeamDoc,
} from '../../core/domain/org-model';
import { PARTY_CATEGORIES } from '../../core/domain/org-model';
import { PERSONA_OPENIDS } from './personas';

export const COMMUNITY_ID = 'cm-xingfuli';
export const COMPOUND_IDS = { heping: 'cp-heping', hongxing: 'cp-hongxing', laojie: 'cp-laojie' } as const;
export const BRANCH_IDS = { heping: 'br-heping', hongxingLaojie: 'br-hongxing-laojie' } as const;
type CompoundKey = keyof typeof COMPOUND_IDS;

/** Person ids of the personas and of a few people tests refer to. */
export const PERSON_IDS = {
  resident: 'p-resident',
  leader: 'p-leader',
  gridWorker: 'p-grid-worker',
  secretary: 'p-secretary',
  staff: 'p-staff',
  admin: 'p-admin',
  /** a resident of 老街小区, another compound than the personas' */
  laojieResident: 'p-031',
  /** a person on no board at all */
  plainResident: 'p-027',
} as const;

export const buildingId = (compound: CompoundKey, n: number) => `bd-${compound}-${n}`;
const unitId = (compound: CompoundKey, b: number, u: number) => `un-${compound}-${b}-${u}`;
const householdId = (compound: CompoundKey, b: number, u: number, room: number) => `hh-${compound}-${b}-${u}-${room}`;

const COMPOUNDS: Array<
  Omit<CompoundDoc, '_id' | 'communityId' | 'communityName' | 'branchId' | 'buildingCount' | 'rev' | 'retiredAt'> & {
    key: CompoundKey;
    buildings: number;
    units: number;
    branch: keyof typeof BRANCH_IDS;
  }
> = [
  {
    key: 'heping',
    name: '和平小区',
    type: '商住小区',
    propertyMode: '物业公司',
    sanwu: false,
    address: '滨江区幸福里路 18 号',
    propertyCompany: { name: '安居物业服务有限公司', phone: '13900000001' },
    buildings: 6,
    units: 2,
    branch: 'heping',
  },
  {
    key: 'hongxing',
    name: '红星小区',
    type: '单位小区',
    propertyMode: '业主自管',
    sanwu: false,
    address: '滨江区红星路 6 号',
    propertyCompany: null,
    buildings: 4,
    units: 2,
    branch: 'hongxingLaojie',
  },
  {
    key: 'laojie',
    name: '老街小区',
    type: '老旧小区',
    propertyMode: '社区托底',
    sanwu: true,
    address: '滨江区老街巷 3 号',
    propertyCompany: null,
    buildings: 3,
    units: 1,
    branch: 'hongxingLaojie',
  },
];

/** Where a person lives: compound, building, unit, room (e.g. 101). */
type Home = [CompoundKey, number, number, number];

interface PersonSpec {
  id: string;
  name: string;
  openid: string | null;
  home: Home | null;
  party?: (typeof PARTY_CATEGORIES)[number];
  consent?: boolean;
  roles: Array<[RoleCode, RoleScope]>;
}

export interface DemoData {
  snapshot: OrgSnapshot;
  households: HouseholdDoc[];
}

/** what a node is written with: first revision, not retired */
const LIVE = { rev: 0, retiredAt: null };

export function demoData(): DemoData {
  const community = { _id: COMMUNITY_ID, name: '幸福里社区', district: '滨江区' };
  const cid = COMMUNITY_ID;
  const cp = COMPOUND_IDS;
  const bd = buildingId;

  const compounds: CompoundDoc[] = COMPOUNDS.map(({ key, buildings, units: _units, branch, ...rest }) => ({
    _id: cp[key],
    communityId: cid,
    communityName: community.name,
    branchId: BRANCH_IDS[branch],
    buildingCount: buildings,
    ...rest,
    ...LIVE,
  }));

  const buildings: BuildingDoc[] = [];
  const households: HouseholdDoc[] = [];
  for (const c of COMPOUNDS) {
    for (let b = 1; b <= c.buildings; b++) {
      const units = Array.from({ length: c.units }, (_, i) => ({ id: unitId(c.key, b, i + 1), name: `${i + 1}单元`, retiredAt: null }));
      buildings.push({ _id: bd(c.key, b), communityId: cid, compoundId: cp[c.key], name: `${b}号楼`, order: b, units, ...LIVE });
      for (let u = 1; u <= c.units; u++)
        for (const room of [101, 102, 201, 202, 301, 302])
          households.push({
            _id: householdId(c.key, b, u, room),
            communityId: cid,
            compoundId: cp[c.key],
            buildingId: bd(c.key, b),
            unitId: unitId(c.key, b, u),
            label: `${b}号楼${u}单元${room}`,
            ...LIVE,
          });
    }
  }

  const branches: BranchDoc[] = [
    { _id: BRANCH_IDS.heping, communityId: cid, name: '和平小区党支部', formation: '单独组建', compoundIds: [cp.heping], ...LIVE },
    {
      _id: BRANCH_IDS.hongxingLaojie,
      communityId: cid,
      name: '红星老街联合党支部',
      formation: '联建',
      compoundIds: [cp.hongxing, cp.laojie],
      ...LIVE,
    },
  ];

  const grid = (id: string, compound: CompoundKey, name: string, level: 'big' | 'micro', parentId: string | null, b: number[]): GridDoc => ({
    _id: id,
    communityId: cid,
    compoundId: cp[compound],
    name,
    level,
    parentId,
    buildingIds: b.map((n) => bd(compound, n)),
    ...LIVE,
  });
  const grids: GridDoc[] = [
    grid('gd-heping', 'heping', '和平小区网格', 'big', null, [1, 2, 3, 4, 5, 6]),
    grid('gd-heping-1', 'heping', '和平小区第一微网格', 'micro', 'gd-heping', [1, 2, 3]),
    grid('gd-heping-2', 'heping', '和平小区第二微网格', 'micro', 'gd-heping', [4, 5, 6]),
    grid('gd-hongxing', 'hongxing', '红星小区网格', 'big', null, [1, 2, 3, 4]),
    grid('gd-hongxing-1', 'hongxing', '红星小区微网格', 'micro', 'gd-hongxing', [1, 2, 3, 4]),
    grid('gd-laojie', 'laojie', '老街小区网格', 'big', null, [1, 2, 3]),
    grid('gd-laojie-1', 'laojie', '老街小区微网格', 'micro', 'gd-laojie', [1, 2, 3]),
  ];

  const leader = (compound: CompoundKey, b: number[]): [RoleCode, RoleScope] => [
    'leader',
    {
      communityId: cid,
      compoundId: cp[compound],
      branchId: compound === 'heping' ? BRANCH_IDS.heping : BRANCH_IDS.hongxingLaojie,
      buildingIds: b.map((n) => bd(compound, n)),
    },
  ];
  const gridWorker = (compound: CompoundKey, gridId: string): [RoleCode, RoleScope] => [
    'grid_worker',
    { communityId: cid, compoundId: cp[compound], gridId },
  ];
  const ofBranch = (role: RoleCode, branchId: string): [RoleCode, RoleScope] => [role, { communityId: cid, branchId }];
  const buildingHead = (compound: CompoundKey, b: number): [RoleCode, RoleScope] => [
    'building_head',
    { communityId: cid, compoundId: cp[compound], buildingIds: [bd(compound, b)] },
  ];
  const o = (n: number) => `demo-p-${String(n).padStart(3, '0')}`;

  const specs: PersonSpec[] = [
    { id: PERSON_IDS.resident, name: '李秀兰', openid: PERSONA_OPENIDS.resident, home: ['heping', 1, 1, 101], roles: [] },
    {
      id: PERSON_IDS.leader,
      name: '王建国',
      openid: PERSONA_OPENIDS.leader,
      home: ['heping', 2, 1, 201],
      party: '在职党员',
      consent: true,
      roles: [leader('heping', [1, 2])],
    },
    {
      id: PERSON_IDS.gridWorker,
      name: '张桂英',
      openid: PERSONA_OPENIDS.gridWorker,
      home: ['heping', 3, 1, 102],
      party: '居民党员',
      roles: [gridWorker('heping', 'gd-heping-1')],
    },
    {
      id: PERSON_IDS.secretary,
      name: '刘志强',
      openid: PERSONA_OPENIDS.secretary,
      home: ['heping', 4, 2, 301],
      party: '离退休党员',
      consent: true,
      roles: [ofBranch('secretary', BRANCH_IDS.heping)],
    },
    { id: PERSON_IDS.staff, name: '陈美华', openid: PERSONA_OPENIDS.staff, home: null, party: '在职党员', roles: [['staff', { communityId: cid }]] },
    { id: PERSON_IDS.admin, name: '杨德明', openid: PERSONA_OPENIDS.admin, home: null, roles: [['admin', { communityIds: [cid] }]] },
    // the other seven Red Neighbor Leaders
    { id: 'p-007', name: '赵丽娟', openid: o(7), home: ['heping', 3, 2, 202], party: '离退休党员', consent: true, roles: [leader('heping', [3, 4])] },
    { id: 'p-008', name: '黄国平', openid: o(8), home: ['heping', 5, 1, 301], party: '居民党员', roles: [leader('heping', [5, 6])] },
    { id: 'p-009', name: '周海燕', openid: o(9), home: ['hongxing', 1, 1, 102], party: '在职党员', consent: true, roles: [leader('hongxing', [1, 2])] },
    { id: 'p-010', name: '吴建华', openid: o(10), home: ['hongxing', 3, 2, 201], party: '离退休党员', roles: [leader('hongxing', [3, 4])] },
    { id: 'p-011', name: '徐立新', openid: o(11), home: ['laojie', 1, 1, 201], party: '离退休党员', roles: [leader('laojie', [1])] },
    { id: 'p-012', name: '孙玉梅', openid: o(12), home: ['laojie', 2, 1, 101], party: '居民党员', roles: [leader('laojie', [2, 3])] },
    { id: 'p-013', name: '欧阳娜娜', openid: o(13), home: ['heping', 1, 2, 302], party: '流动党员', roles: [leader('heping', [1])] },
    // grid staff
    { id: 'p-014', name: '马晓东', openid: o(14), home: null, party: '在职党员', roles: [gridWorker('heping', 'gd-heping')] },
    { id: 'p-015', name: '朱红霞', openid: o(15), home: ['heping', 6, 1, 102], roles: [gridWorker('heping', 'gd-heping-2')] },
    { id: 'p-016', name: '胡志刚', openid: o(16), home: null, party: '在职党员', roles: [gridWorker('hongxing', 'gd-hongxing-1')] },
    { id: 'p-017', name: '郭秀芳', openid: o(17), home: null, roles: [gridWorker('laojie', 'gd-laojie-1')] },
    // branch officers
    {
      id: 'p-018',
      name: '何文斌',
      openid: o(18),
      home: ['hongxing', 2, 1, 301],
      party: '离退休党员',
      consent: true,
      roles: [ofBranch('secretary', BRANCH_IDS.hongxingLaojie)],
    },
    { id: 'p-019', name: '林晓燕', openid: o(19), home: ['heping', 6, 2, 201], party: '在职党员', roles: [ofBranch('committee', BRANCH_IDS.heping)] },
    // building and unit heads
    { id: 'p-020', name: '高建军', openid: o(20), home: ['heping', 1, 1, 302], roles: [buildingHead('heping', 1)] },
    { id: 'p-021', name: '罗淑珍', openid: o(21), home: ['laojie', 1, 1, 102], roles: [buildingHead('laojie', 1)] },
    {
      id: 'p-022',
      name: '梁文涛',
      openid: o(22),
      home: ['heping', 1, 2, 101],
      roles: [['unit_head', { communityId: cid, compoundId: cp.heping, buildingIds: [bd('heping', 1)], unitId: unitId('heping', 1, 2) }]],
    },
    // party-member central households (党员中心户)
    { id: 'p-023', name: '宋丽萍', openid: o(23), home: ['heping', 1, 1, 201], party: '居民党员', roles: [] },
    { id: 'p-024', name: '郑永刚', openid: o(24), home: ['heping', 3, 1, 301], party: '离退休党员', roles: [] },
    { id: 'p-025', name: '谢桂兰', openid: o(25), home: ['hongxing', 2, 2, 101], party: '居民党员', roles: [] },
    { id: 'p-026', name: '韩志明', openid: o(26), home: ['laojie', 1, 1, 301], party: '离退休党员', roles: [] },
    // residents
    { id: 'p-027', name: '唐秀英', openid: o(27), home: ['heping', 5, 2, 102], roles: [] },
    { id: 'p-028', name: '冯建平', openid: null, home: ['heping', 6, 1, 301], roles: [] },
    { id: 'p-029', name: '于海波', openid: o(29), home: ['hongxing', 1, 2, 202], roles: [] },
    { id: 'p-030', name: '董丽华', openid: o(30), home: ['hongxing', 4, 1, 101], roles: [] },
    { id: 'p-031', name: '萧明辉', openid: o(31), home: ['laojie', 2, 1, 202], roles: [] },
    { id: 'p-032', name: '程晓红', openid: null, home: ['laojie', 3, 1, 102], roles: [] },
    { id: 'p-033', name: '曹志勇', openid: o(33), home: ['hongxing', 3, 1, 202], party: '在职党员', roles: [] },
  ];

  const centralHouseholds: CentralHouseholdDoc[] = (
    [
      ['ch-heping-1', 'p-023', 'heping', 1],
      ['ch-heping-3', 'p-024', 'heping', 3],
      ['ch-hongxing-2', 'p-025', 'hongxing', 2],
      ['ch-laojie-1', 'p-026', 'laojie', 1],
    ] as const
  ).map(([id, personId, compound, b]) => ({
    _id: id,
    communityId: cid,
    compoundId: cp[compound],
    buildingId: bd(compound, b),
    personId,
    // 十户联治: the households of the same building, up to ten
    householdIds: households.filter((h) => h.buildingId === bd(compound, b)).slice(0, 10).map((h) => h._id),
    ...LIVE,
  }));

  const teams: TeamDoc[] = [
    {
      _id: 'tm-hongguanjia',
      communityId: cid,
      branchId: BRANCH_IDS.heping,
      name: '和平红管家服务队',
      type: '红管家',
      leaderId: 'p-007',
      memberIds: ['p-007', PERSON_IDS.secretary, 'p-024', 'p-008'],
      services: ['独居老人探访', '代买代办', '政策宣传'],
      compoundIds: [cp.heping],
      ...LIVE,
    },
    {
      _id: 'tm-jilejia',
      communityId: cid,
      branchId: null,
      name: '幸福里技乐家维修队',
      type: '技乐家',
      leaderId: 'p-033',
      memberIds: ['p-033', 'p-010', 'p-020'],
      services: ['水电维修', '家电维修', '楼道灯更换'],
      compoundIds: [cp.heping, cp.hongxing, cp.laojie],
      ...LIVE,
    },
    {
      _id: 'tm-yingji',
      communityId: cid,
      branchId: BRANCH_IDS.hongxingLaojie,
      name: '红星老街应急服务队',
      type: '应急服务队',
      leaderId: 'p-016',
      memberIds: ['p-016', 'p-009', 'p-011', 'p-012'],
      services: ['防汛防台', '消防隐患排查', '突发事件先期处置'],
      compoundIds: [cp.hongxing, cp.laojie],
      ...LIVE,
    },
  ];

  const partners: PartnerDoc[] = [
    {
      _id: 'pt-zhujianju',
      communityId: cid,
      name: '滨江区住房和城乡建设局机关党委',
      kind: '包联单位',
      compoundIds: [cp.heping, cp.hongxing, cp.laojie],
      // in-service party members (在职党员) of the bureau living in the community, reporting here (报到)
      memberIds: ['p-033', 'p-019'],
      ...LIVE,
    },
  ];

  const snapshotWithoutPersons: Omit<OrgSnapshot, 'persons'> = {
    community,
    compounds,
    branches,
    grids,
    buildings,
    centralHouseholds,
    teams,
    partners,
  };
  const names = orgNames({ ...snapshotWithoutPersons, persons: [] }, households);
  const persons: PersonDoc[] = specs.map((spec, i) => personDoc(spec, i + 1, names, compounds));
  return { snapshot: { ...snapshotWithoutPersons, persons }, households };
}

function personDoc(spec: PersonSpec, n: number, names: ReturnType<typeof orgNames>, compounds: CompoundDoc[]): PersonDoc {
  const home = spec.home;
  const compound = home ? compounds.find((c) => c._id === COMPOUND_IDS[home[0]]) : undefined;
  const hhId = home ? householdId(...home) : null;
  const residentRole: Array<[RoleCode, RoleScope]> =
    home && compound ? [['resident', { communityId: COMMUNITY_ID, compoundId: compound._id, householdId: hhId ?? undefined }]] : [];
  return {
    _id: spec.id,
    openid: spec.openid,
    name: spec.name,
    phone: String(13800000000 + n),
    communityId: COMMUNITY_ID,
    communityName: names.communities[COMMUNITY_ID],
    compoundId: compound?._id ?? null,
    compoundName: compound?.name ?? null,
    buildingId: home ? buildingId(home[0], home[1]) : null,
    householdId: hhId,
    householdLabel: hhId ? (names.households[hhId] ?? null) : null,
    partyMember: Boolean(spec.party),
    partyCategory: spec.party ?? null,
    publicNameConsent: spec.consent ?? false,
    roles: [...residentRole, ...spec.roles].map(([role, scope]) => ({ role, scope, scopeLabel: scopeLabel(scope, names) })),
    rev: 0,
  };
}
