/** Kinds of nodes of the org tree and the 五有 items, with their Chinese names (a plain module: pages import it). */
export const ORG_NODE_KINDS = [
  'compound',
  'building',
  'unit',
  'household',
  'branch',
  'grid',
  'centralHousehold',
  'team',
  'partner',
] as const;
export type OrgNodeKind = (typeof ORG_NODE_KINDS)[number];

export const ORG_NODE_LABELS: Record<OrgNodeKind, string> = {
  compound: '小区',
  building: '楼栋',
  unit: '单元',
  household: '住户',
  branch: '党支部',
  grid: '网格',
  centralHousehold: '党员中心户',
  team: '志愿服务队',
  partner: '包联单位',
};

export const GRID_LEVEL_LABELS = { big: '大网格', micro: '微网格' } as const;

/** 五有: what every compound party branch should have */
export const WUYOU_ITEMS = ['organisation', 'venue', 'register', 'liaison', 'emergency'] as const;
export type WuyouItem = (typeof WUYOU_ITEMS)[number];
export const WUYOU_LABELS: Record<WuyouItem, string> = {
  organisation: '有党的组织',
  venue: '有活动阵地',
  register: '有党员信息台账',
  liaison: '有联系服务群众机制',
  emergency: '有应急动员预案',
};
