/**
 * requests.mine (我的报事) and requests.queue (a handler's work), newest first, a page at a time;
 * every query is served by an index of database/requests.json and reads only the row fields.
 * - mine: the caller's own, and those they filed for someone (followerIds_1_submittedAt_-1);
 * - queue `todo`: waiting for acceptance (assigned, or escalated to a partner unit) and assigned to
 *   the caller's grids, the buildings they lead (on their grid's assignment), their teams, partner
 *   units, or to them by name — one indexed `$or` branch each (assignment_<field>_1_status_1_submittedAt_-1);
 * - queue `doing` / `done`: accepted by the caller, still open / finished (handlerId_1_status_1_submittedAt_-1).
 */
import { requestsMine, requestsQueue } from '../../../core/contracts/requests';
import type { PersonDoc } from '../../../core/domain/org-model';
import { actorOf } from '../../../core/domain/requests/actor';
import { OPEN_STATES, REQUEST_STATES } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION } from '../../../core/domain/requests/model';
import { COLLECTIONS, route, type Database } from '../../lib';
import { requestRow, ROW_FIELDS } from './store';

type Query = ReturnType<ReturnType<Database['collection']>['where']>;

/** One page, newest first; one extra row tells whether another follows. */
async function page(query: Query, p: { page: number; pageSize: number }) {
  const { data } = await query
    .orderBy('submittedAt', 'desc')
    .skip((p.page - 1) * p.pageSize)
    .limit(p.pageSize + 1)
    .field(ROW_FIELDS)
    .get();
  return { rows: (data as unknown[]).slice(0, p.pageSize).map(requestRow), page: p.page, hasMore: data.length > p.pageSize };
}

/** The communities the person lives in or holds a role in: where their teams and partner units are. */
function communitiesOf(person: PersonDoc): string[] {
  const ids = new Set<string>(person.communityId ? [person.communityId] : []);
  for (const { scope } of person.roles) {
    if (scope.communityId) ids.add(scope.communityId);
    for (const id of scope.communityIds ?? []) ids.add(id);
  }
  return [...ids];
}

/** The teams (member or leader) and partner units (报到) the person belongs to: two reads sent together. */
async function membershipsOf(db: Database, person: PersonDoc): Promise<{ teamIds: string[]; partnerIds: string[] }> {
  const communityIds = communitiesOf(person);
  if (!communityIds.length) return { teamIds: [], partnerIds: [] };
  const _ = db.command;
  const live = { communityId: _.in(communityIds), retiredAt: null };
  const [teams, partners] = await Promise.all([
    db.collection(COLLECTIONS.teams).where(_.and([live, _.or([{ memberIds: person._id }, { leaderId: person._id }])])).field({ _id: true }).limit(1000).get(),
    db.collection(COLLECTIONS.partners).where({ ...live, memberIds: person._id }).field({ _id: true }).limit(1000).get(),
  ]);
  const ids = (rows: unknown[]) => (rows as { _id: string }[]).map((r) => r._id);
  return { teamIds: ids(teams.data), partnerIds: ids(partners.data) };
}

const WAITING = ['assigned', 'escalated'];
const FINISHED = REQUEST_STATES.filter((s) => !OPEN_STATES.includes(s));

export const mineRoute = route(requestsMine, { access: 'bound' }, async (input, { db, person }) =>
  page(db.collection(REQUEST_COLLECTION).where({ followerIds: person._id }), input),
);

export const queueRoute = route(requestsQueue, { access: 'bound' }, async (input, { db, person }) => {
  const _ = db.command;
  const requests = db.collection(REQUEST_COLLECTION);
  if (input.tab !== 'todo') {
    return page(requests.where({ handlerId: person._id, status: _.in(input.tab === 'doing' ? [...OPEN_STATES] : FINISHED) }), input);
  }
  const me = actorOf(person, await membershipsOf(db, person));
  const scopes: [field: string, ids: string[]][] = [
    ['assignment.gridId', me.gridWorkerOf],
    ['assignment.buildingId', me.leaderOf],
    ['assignment.teamId', me.teamOf],
    ['assignment.partnerId', me.partnerOf],
    ['assignment.personId', [person._id]],
  ];
  const branches = scopes.filter(([, ids]) => ids.length).map(([field, ids]) => ({ [field]: _.in(ids), status: _.in(WAITING) }));
  return page(requests.where(_.or(branches)), input);
});
