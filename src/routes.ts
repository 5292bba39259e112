/** Page paths and the moves between them, in one place. */
import Taro from '@tarojs/taro';
import type { MeView } from '@core/contracts/account';
import type { RoleCode } from '@core/contracts/org';

export const PAGES = {
  home: '/pages/index/index',
  services: '/pages/services/index',
  points: '/pages/points/index',
  mine: '/pages/mine/index',
  directory: '/packages/resident/pages/directory/index',
  scope: '/packages/leader/pages/scope/index',
  compounds: '/packages/staff/pages/compounds/index',
} as const;

export function openDirectory(compoundId?: string): void {
  void Taro.navigateTo({ url: compoundId ? `${PAGES.directory}?compoundId=${compoundId}` : PAGES.directory });
}

export function open(page: Exclude<keyof typeof PAGES, 'home' | 'services' | 'points' | 'mine'>): void {
  void Taro.navigateTo({ url: PAGES[page] });
}

type BoundMe = Extract<MeView, { bound: true }>;

const SERVING_ROLES: readonly RoleCode[] = ['leader', 'grid_worker', 'building_head', 'unit_head', 'secretary', 'committee'];
const STAFF_ROLES: readonly RoleCode[] = ['staff', 'admin'];

/** Serves residents: a Red Neighbor Leader, grid worker, building/unit head or branch officer. */
export const servesResidents = (me: BoundMe) => me.roles.some((r) => SERVING_ROLES.includes(r.role));
/** Community staff or an administrator. */
export const isStaff = (me: BoundMe) => me.roles.some((r) => STAFF_ROLES.includes(r.role));
