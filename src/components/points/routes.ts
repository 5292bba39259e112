/** The points scheme's pages (subpackages leader, staff and public) and the moves to them. */
import Taro from '@tarojs/taro';

export const POINTS_PAGES = {
  myPoints: '/packages/leader/pages/points/index',
  history: '/packages/leader/pages/history/index',
  claim: '/packages/leader/pages/claim/index',
  ranking: '/packages/leader/pages/ranking/index',
  review: '/packages/staff/pages/claims/index',
  award: '/packages/staff/pages/award/index',
  rules: '/packages/staff/pages/rules/index',
  publications: '/packages/staff/pages/publications/index',
  publication: '/packages/public/pages/publication/index',
} as const;
export type PointsPage = keyof typeof POINTS_PAGES;

export function pathTo(page: PointsPage, query: Record<string, string> = {}): string {
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return qs ? `${POINTS_PAGES[page]}?${qs}` : POINTS_PAGES[page];
}

export function openPoints(page: PointsPage, query?: Record<string, string>): void {
  void Taro.navigateTo({ url: pathTo(page, query) });
}

/** A query value as the page gets it: WeChat hands some over still percent-encoded. */
export function queryValue(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return raw;
  }
}
