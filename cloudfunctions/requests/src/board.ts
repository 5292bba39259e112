/**
 * requests.board (工单看板, staff): the community's open requests — all, overdue (督办) or escalated
 * (吹哨) — filtered by compound, grid, branch, category or handler, newest first, 20 a page.
 *
 * Every view is a subset of the open requests (an overdue level is only ever set on an open
 * request, an escalated one is open with an escalation), so every index starts with
 * communityId + open (database/requests.json):
 * - a filter: `communityId_1_open_1_<field>_1_submittedAt_-1`, one per filter field, which gives the
 *   page in order; the view and any further filter are checked on the candidates, which are only the
 *   open requests of that compound, grid, branch, category or handler;
 * - no filter: `communityId_1_open_1_submittedAt_-1` (all open), `…_overdueLevel_1_submittedAt_-1`
 *   (overdue: a range on the level, the page sorted from the community's overdue requests) and
 *   `…_escalation.at_-1` (escalated: likewise from its escalated ones).
 * The query depends on the input only, so it goes with the caller's read: one round trip.
 */
import type { z } from 'zod';
import { requestsBoard } from '../../../core/contracts/requests';
import { REQUEST_COLLECTION } from '../../../core/domain/requests/model';
import { route, type Database } from '../../lib';
import { requireStaff, STAFF_ROLES } from './staff-access';
import { requestRow, ROW_FIELDS } from './store';

type BoardInput = z.output<typeof requestsBoard.input>;

const FILTERS = ['compoundId', 'gridId', 'branchId', 'category', 'handlerId'] as const;

function boardQuery(db: Database, input: BoardInput): Record<string, unknown> {
  const _ = db.command;
  const where: Record<string, unknown> = { communityId: input.communityId, open: true };
  if (input.view === 'overdue') where.overdueLevel = _.gte(1);
  if (input.view === 'escalated') where['escalation.at'] = _.gt('');
  for (const f of FILTERS) if (input[f] !== undefined) where[f] = input[f];
  return where;
}

/** One page and one more row (whether there is a next page). */
async function boardPage(db: Database, input: BoardInput): Promise<unknown[]> {
  const { data } = await db
    .collection(REQUEST_COLLECTION)
    .where(boardQuery(db, input))
    .field(ROW_FIELDS)
    .orderBy('submittedAt', 'desc')
    .skip((input.page - 1) * input.pageSize)
    .limit(input.pageSize + 1)
    .get();
  return data as unknown[];
}

export const boardRoute = route(requestsBoard, { access: 'bound', roles: STAFF_ROLES, prefetch: (input, db) => boardPage(db, input) }, async (input, { person, prefetched }) => {
  requireStaff(person, input.communityId);
  return { rows: prefetched.slice(0, input.pageSize).map(requestRow), page: input.page, hasMore: prefetched.length > input.pageSize };
});
