/**
 * Request categories (报事类别) with their default time limits, from the categories the seeds name.
 * A community will be able to override them; these are the defaults a new community starts with.
 *
 * Defaults, from the norms in shared/reference (接诉即办, 12345):
 * - response (接单) within 1 working day ("24小时签收" as the baseline indicator);
 * - resolution (办结) in working days by kind: 政策咨询 2 (Guangdong: 咨询 2 工作日); hazards that can
 *   hurt someone (安全隐患, 飞线充电) and 环境卫生 3; repairs and most services 5; 邻里纠纷 10 (mediation
 *   takes meetings); 其他 7 (Beijing: 一般 7 days);
 * - urgent requests (紧急) count hours around the clock: respond in 2 h and resolve in 24 h
 *   (Beijing: 突发 ~2 h, 水电气热 24 h).
 *
 * `pointsItem` is the points-catalogue item a Red Neighbor Leader earns when a request they handled
 * closes with a rating (codes of the demo catalogue, tools/seed/points-catalogue.ts).
 */
import type { TimeLimit } from './deadlines';

export const REQUEST_CATEGORY_CODES = [
  'property',
  'sanitation',
  'parking',
  'ev_charging',
  'falling_objects',
  'neighbour_dispute',
  'repair',
  'safety_hazard',
  'policy',
  'other',
] as const;
export type RequestCategoryCode = (typeof REQUEST_CATEGORY_CODES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急' };

export interface RequestCategory {
  code: RequestCategoryCode;
  name: string;
  limits: Record<Urgency, { response: TimeLimit; resolution: TimeLimit }>;
  pointsItem: string;
}

const URGENT = { response: { hours: 2 }, resolution: { hours: 24 } };

function category(code: RequestCategoryCode, name: string, resolutionDays: number, pointsItem = 'ZY03'): RequestCategory {
  return {
    code,
    name,
    limits: { normal: { response: { workingDays: 1 }, resolution: { workingDays: resolutionDays } }, urgent: URGENT },
    pointsItem,
  };
}

export const DEFAULT_CATEGORIES: readonly RequestCategory[] = [
  category('property', '物业服务', 5, 'TJ02'),
  category('sanitation', '环境卫生', 3),
  category('parking', '停车', 5),
  category('ev_charging', '电动车充电/飞线充电', 3, 'XC02'),
  category('falling_objects', '高空抛物', 5, 'XC03'),
  category('neighbour_dispute', '邻里纠纷', 10, 'TJ01'),
  category('repair', '设施维修', 5),
  category('safety_hazard', '安全隐患', 3),
  category('policy', '政策咨询', 2),
  category('other', '其他', 7),
];

/** The limits a request of this category and urgency runs under. */
export function limitsOf(categories: readonly RequestCategory[], code: RequestCategoryCode, urgency: Urgency): { response: TimeLimit; resolution: TimeLimit } {
  const found = categories.find((c) => c.code === code);
  if (!found) throw new Error(`unknown request category ${code}`);
  return found.limits[urgency];
}
