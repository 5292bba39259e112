/**
 * 三率 of a month (requests.rates): 响应率 (accepted within the response limit / filed), 解决率
 * (closed / filed) and 满意率 (rated 4–5 / rated), for the community, each branch and each grid.
 *
 * The cohort is the requests filed in the month (filedMonth), wherever they stand now. Withdrawn
 * requests and duplicates merged into another are not in it: nobody could answer or resolve them,
 * and the request a duplicate went into is counted itself. A request closed without a rating (未评价,
 * after 7 days) counts as closed but neither as rated nor as satisfied.
 */
import type { RequestStatus } from './lifecycle';
import { RETURN_VISIT_MAX_SCORE } from './lifecycle';

/** states left out of the cohort */
export const UNCOUNTED_STATES: readonly RequestStatus[] = ['withdrawn', 'merged'];
/** a rating of at least this is 满意 */
export const SATISFIED_MIN_SCORE = RETURN_VISIT_MAX_SCORE + 1;

export interface RateCounts {
  filed: number;
  respondedOnTime: number;
  closed: number;
  rated: number;
  satisfied: number;
}

export interface GroupCounts extends RateCounts {
  gridId: string | null;
  branchId: string | null;
}

export interface Rates extends RateCounts {
  id: string;
  name: string;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

const ZERO: RateCounts = { filed: 0, respondedOnTime: 0, closed: 0, rated: 0, satisfied: 0 };

const add = (a: RateCounts, b: RateCounts): RateCounts => ({
  filed: a.filed + b.filed,
  respondedOnTime: a.respondedOnTime + b.respondedOnTime,
  closed: a.closed + b.closed,
  rated: a.rated + b.rated,
  satisfied: a.satisfied + b.satisfied,
});

/** n / d in per cent with one decimal; null when there is nothing to count */
export const percent = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

function withRates(id: string, name: string, c: RateCounts): Rates {
  return {
    id,
    name,
    ...c,
    responseRate: percent(c.respondedOnTime, c.filed),
    resolutionRate: percent(c.closed, c.filed),
    satisfactionRate: percent(c.satisfied, c.rated),
  };
}

interface Named {
  id: string;
  name: string;
  /** retired groups are listed only when they have requests in the month */
  retired: boolean;
}

/**
 * The community's, every branch's and every grid's rates from the counts per (grid, branch). Live
 * branches and grids are all listed, with nothing filed as zeros and null rates.
 */
export function ratesOf(community: { id: string; name: string }, groups: readonly GroupCounts[], branches: readonly Named[], grids: readonly Named[]) {
  const sum = (pick: (g: GroupCounts) => boolean) => groups.filter(pick).reduce<RateCounts>((acc, g) => add(acc, g), ZERO);
  const listed = (nodes: readonly Named[], key: 'gridId' | 'branchId') =>
    nodes.filter((n) => !n.retired || groups.some((g) => g[key] === n.id)).map((n) => withRates(n.id, n.name, sum((g) => g[key] === n.id)));
  return {
    community: withRates(community.id, community.name, sum(() => true)),
    branches: listed(branches, 'branchId'),
    grids: listed(grids, 'gridId'),
  };
}
