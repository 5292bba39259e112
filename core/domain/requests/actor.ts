/** Who a person is to the request machine (lifecycle.ts), from the role grants on their person document. */
import type { PersonDoc } from '../org-model';
import { relationsOf, type PersonActor, type Request } from './lifecycle';

/**
 * `teamIds` and `partnerIds` come from the team and partner records (membership lives there, not on
 * the person); the caller reads them only when the request is assigned to a team or partner unit.
 */
export function actorOf(person: PersonDoc, memberships: { teamIds?: string[]; partnerIds?: string[] } = {}): PersonActor {
  const staffOf = new Set<string>();
  const gridWorkerOf = new Set<string>();
  const leaderOf = new Set<string>();
  for (const { role, scope } of person.roles) {
    if (role === 'staff' && scope.communityId) staffOf.add(scope.communityId);
    if (role === 'admin') for (const id of scope.communityIds ?? []) staffOf.add(id);
    if (role === 'grid_worker' && scope.gridId) gridWorkerOf.add(scope.gridId);
    if (role === 'leader') for (const id of scope.buildingIds ?? []) leaderOf.add(id);
  }
  return {
    kind: 'person',
    personId: person._id,
    staffOf: [...staffOf],
    gridWorkerOf: [...gridWorkerOf],
    leaderOf: [...leaderOf],
    teamOf: memberships.teamIds ?? [],
    partnerOf: memberships.partnerIds ?? [],
  };
}

/**
 * Who may read a request, and as whom: its community's staff, the handlers in scope (whoever may
 * accept it now, whoever accepted it, the grid worker of its grid, the partner unit it was escalated
 * to) and its reporter (or the proxy who filed it). Anyone else — a neighbour, a handler of another
 * grid — may not know it exists.
 */
export function viewerOf(request: Request, actor: PersonActor): 'staff' | 'handler' | 'reporter' | null {
  const r = relationsOf(request, actor);
  if (r.has('staff')) return 'staff';
  if (r.has('handler') || r.has('inScope') || r.has('gridWorker') || r.has('partnerMember')) return 'handler';
  if (r.has('reporter')) return 'reporter';
  return null;
}
