/**
 * requests.rates (三率, staff): a month's 响应率, 解决率 and 满意率 for the community, each branch and
 * each grid (core/domain/requests/rates.ts). One aggregation over the month's requests
 * (index communityId_1_filedMonth_1_submittedAt_1) counts them per (grid, branch); a second one
 * reads the community with its grids and branches (community-org.ts: names, and those with nothing filed). Both
 * depend on the input only and go with the caller's read: one round trip, three requests.
 */
import { z } from 'zod';
import { requestsRates } from '../../../core/contracts/requests';
import { REQUEST_COLLECTION } from '../../../core/domain/requests/model';
import { ratesOf, SATISFIED_MIN_SCORE, UNCOUNTED_STATES, type GroupCounts } from '../../../core/domain/requests/rates';
import { AppError, route, type Database } from '../../lib';
import { communityOrg } from './community-org';
import { requireStaff, STAFF_ROLES } from './staff-access';

const count = z.number().int();
/**
 * CloudBase's aggregation answers 20 records unless it has a limit, and a community can have more
 * (grid, branch) pairs than that: about one per building (and compound, for its common areas) that
 * filed in the month, hundreds at most, well below the 10,000 a limit may ask for.
 */
const MAX_GROUPS = 10_000;
/** one group of the aggregation below */
const groupRow = z.object({
  _id: z.object({ gridId: z.string().nullish(), branchId: z.string().nullish() }),
  filed: count,
  respondedOnTime: count,
  closed: count,
  rated: count,
  satisfied: count,
});

async function countsOf(db: Database, communityId: string, month: string): Promise<GroupCounts[]> {
  const _ = db.command;
  const $ = _.aggregate;
  const when = (cond: unknown) => $.sum($.cond([cond, 1, 0]));
  const rated = $.eq(['$closure', 'rated']);
  const { data } = await db
    .collection(REQUEST_COLLECTION)
    .aggregate()
    .match({ communityId, filedMonth: month, status: _.nin([...UNCOUNTED_STATES]) })
    // only what is counted goes on (not the timelines)
    .project({ gridId: 1, branchId: 1, status: 1, closure: 1, respondedOnTime: 1, 'rating.score': 1 })
    .group({
      _id: { gridId: '$gridId', branchId: '$branchId' },
      filed: $.sum(1),
      respondedOnTime: when($.eq(['$respondedOnTime', true])),
      closed: when($.eq(['$status', 'closed'])),
      rated: when(rated),
      satisfied: when($.and([rated, $.gte(['$rating.score', SATISFIED_MIN_SCORE])])),
    })
    .limit(MAX_GROUPS)
    .end();
  return (data as unknown[]).map((row) => {
    const { _id, ...c } = groupRow.parse(row);
    return { gridId: _id.gridId ?? null, branchId: _id.branchId ?? null, ...c };
  });
}

export const ratesRoute = route(
  requestsRates,
  { access: 'bound', roles: STAFF_ROLES, prefetch: ({ communityId, month }, db) => Promise.all([countsOf(db, communityId, month), communityOrg(db, communityId)]) },
  async ({ communityId, month }, { person, prefetched: [groups, org] }) => {
    requireStaff(person, communityId);
    if (!org) throw new AppError('NOT_FOUND', '没有找到这个社区');
    return { month, ...ratesOf({ id: communityId, name: org.community.name }, groups, org.branches, org.grids) };
  },
);
