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
  join: '/packages/public/pages/join/index',
  bind: '/packages/resident/pages/bind/index',
  account: '/packages/resident/pages/account/index',
  bindReviews: '/packages/leader/pages/bind-reviews/index',
  invites: '/packages/staff/pages/invites/index',
  people: '/packages/staff/pages/people/index',
  import: '/packages/staff/pages/import/index',
  org: '/packages/staff/pages/org/index',
  orgNode: '/packages/staff/pages/org-node/index',
  audit: '/packages/staff/pages/audit/index',
  wuyouCoverage: '/packages/staff/pages/wuyou/index',
  wuyou: '/packages/leader/pages/wuyou/index',
  report: '/packages/resident/pages/report/index',
  myRequests: '/packages/resident/pages/requests/index',
  myRequest: '/packages/resident/pages/request/index',
  work: '/packages/leader/pages/work/index',
  workOrder: '/packages/leader/pages/request/index',
  requestBoard: '/packages/staff/pages/request-board/index',
  requestRates: '/packages/staff/pages/request-rates/index',
  requestVisits: '/packages/staff/pages/request-visits/index',
  notices: '/packages/resident/pages/notices/index',
  notice: '/packages/resident/pages/notice/index',
  article: '/packages/public/pages/article/index',
  staffNotices: '/packages/staff/pages/notices/index',
  noticeEdit: '/packages/staff/pages/notice-edit/index',
  staffWishes: '/packages/staff/pages/wishes/index',
  wishes: '/packages/service/pages/wishes/index',
  wish: '/packages/service/pages/wish/index',
  wishPost: '/packages/service/pages/wish-post/index',
  activities: '/packages/service/pages/activities/index',
  activity: '/packages/service/pages/activity/index',
  activityEdit: '/packages/service/pages/activity-edit/index',
  activityRun: '/packages/service/pages/activity-run/index',
  checkin: '/packages/service/pages/checkin/index',
  teams: '/packages/service/pages/teams/index',
  team: '/packages/service/pages/team/index',
} as const;

export function openDirectory(compoundId?: string): void {
  void Taro.navigateTo({ url: compoundId ? `${PAGES.directory}?compoundId=${compoundId}` : PAGES.directory });
}

export function open(page: Exclude<keyof typeof PAGES, 'home' | 'services' | 'points' | 'mine'>): void {
  void Taro.navigateTo({ url: PAGES[page] });
}

/** Opens a page with query parameters (ids of the org tree, a kind of node…). */
export function openWith(page: Exclude<keyof typeof PAGES, 'home' | 'services' | 'points' | 'mine'>, params: Record<string, string | undefined>): void {
  const query = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  void Taro.navigateTo({ url: query ? `${PAGES[page]}?${query}` : PAGES[page] });
}

type BoundMe = Extract<MeView, { bound: true }>;

const SERVING_ROLES: readonly RoleCode[] = ['leader', 'grid_worker', 'building_head', 'unit_head', 'secretary', 'committee'];
const STAFF_ROLES: readonly RoleCode[] = ['staff', 'admin'];

/** Serves residents: a Red Neighbor Leader, grid worker, building/unit head or branch officer. */
export const servesResidents = (me: BoundMe) => me.roles.some((r) => SERVING_ROLES.includes(r.role));
/**
 * In-service party members (在职党员) report to the community through their unit (报到): requests
 * escalated (吹哨) to a partner unit are theirs to take, whether or not they hold a serving role.
 */
export const reportsForUnit = (me: BoundMe) => me.person.partyMember && !servesResidents(me);
/** Files requests for residents of the buildings they serve (代报): a Red Neighbor Leader or grid worker. */
export const filesForResidents = (me: BoundMe) => me.roles.some((r) => r.role === 'leader' || r.role === 'grid_worker');
/** Community staff or an administrator. */
export const isStaff = (me: BoundMe) => me.roles.some((r) => STAFF_ROLES.includes(r.role));

/** Reviews residents' bind requests: a grid worker, building head, staff or administrator. */
export const reviewsBinding = (me: BoundMe) => me.roles.some((r) => (['grid_worker', 'building_head', 'staff', 'admin'] as RoleCode[]).includes(r.role));
/** May send invitations: staff, administrators and branch secretaries. */
export const invitesPeople = (me: BoundMe) => me.roles.some((r) => (['staff', 'admin', 'secretary'] as RoleCode[]).includes(r.role));

/** Keeps (or sits on) a branch's 五有 checklist: its secretary and committee members. */
export const keepsWuyou = (me: BoundMe) => me.roles.some((r) => r.role === 'secretary' || r.role === 'committee');
