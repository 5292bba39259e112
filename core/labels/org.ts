/**
 * Role codes and their Chinese names. A plain module (no zod): the mini-program imports labels from
 * `core/labels/*` only, so that no validation library ships in any weapp package; the contracts
 * build their schemas on these same lists.
 */
export const ROLE_CODES = [
  'resident',
  'leader',
  'grid_worker',
  'building_head',
  'unit_head',
  'secretary',
  'committee',
  'staff',
  'admin',
] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export const ROLE_LABELS: Record<RoleCode, string> = {
  resident: '居民',
  leader: '红色近邻长',
  grid_worker: '网格员',
  building_head: '楼栋长',
  unit_head: '单元长',
  secretary: '小区党支部书记',
  committee: '支部委员',
  staff: '社区工作人员',
  admin: '管理员',
};

/** The org tree's kinds (DOMAIN.md): a compound's type and property mode, a branch's formation, a team's type. */
export const COMPOUND_TYPES = ['单位小区', '商住小区', '老旧小区'] as const;
export const PROPERTY_MODES = ['物业公司', '业主自管', '社区托底'] as const;
export const BRANCH_FORMATIONS = ['单独组建', '联建'] as const;
export const TEAM_TYPES = ['红管家', '小义工', '技乐家', '不出楼', '五色模范党员', '应急服务队', '红色近邻先锋队'] as const;
