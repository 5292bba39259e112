/**
 * requests.reassign (改派, staff): to a grid, a person, a volunteer team or a partner unit of the
 * request's community. The target must exist and be in use there; a person must hold a handler role
 * in the community (staff, grid worker or Red Neighbor Leader). The request waits for acceptance again.
 */
import type { z } from 'zod';
import { requestsReassign, type requestAssignment } from '../../../core/contracts/requests';
import { gridDoc, partnerDoc, personDoc, teamDoc, type PersonDoc } from '../../../core/domain/org-model';
import type { Assignment } from '../../../core/domain/requests/lifecycle';
import { AppError, COLLECTIONS, route, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';
import { act, actorOn } from './act';
import { findRequest } from './store';

type Target = z.output<typeof requestAssignment>;

interface TargetInfo {
  /** whether it may handle the community's requests */
  handles: (communityId: string) => boolean;
  /** a grid's buildings */
  buildingIds: string[];
}

const HANDLER_ROLES = new Set(['staff', 'grid_worker', 'leader']);
const handlerIn = (p: PersonDoc, communityId: string) =>
  p.roles.some(({ role, scope }) => (HANDLER_ROLES.has(role) && scope.communityId === communityId) || (role === 'admin' && (scope.communityIds ?? []).includes(communityId)));
const liveIn = (d: { communityId: string; retiredAt: string | null }, communityId: string) => d.communityId === communityId && d.retiredAt === null;

/** The target, read with the request. */
async function readTarget(db: Database, to: Target): Promise<TargetInfo | null> {
  switch (to.kind) {
    case 'grid': {
      const g = await getDoc(db, COLLECTIONS.grids, to.gridId, gridDoc);
      return g && { handles: (cid) => liveIn(g, cid), buildingIds: g.buildingIds };
    }
    case 'person': {
      const p = await getDoc(db, COLLECTIONS.persons, to.personId, personDoc);
      return p && { handles: (cid) => handlerIn(p, cid), buildingIds: [] };
    }
    case 'team': {
      const t = await getDoc(db, COLLECTIONS.teams, to.teamId, teamDoc);
      return t && { handles: (cid) => liveIn(t, cid), buildingIds: [] };
    }
    case 'partner': {
      const p = await getDoc(db, COLLECTIONS.partners, to.partnerId, partnerDoc);
      return p && { handles: (cid) => liveIn(p, cid), buildingIds: [] };
    }
  }
}

const REFUSALS: Record<Target['kind'], [path: string, message: string]> = {
  grid: ['data.to.gridId', '请选择本社区在用的网格'],
  person: ['data.to.personId', '只能改派给本社区的工作人员、网格员或红邻长'],
  team: ['data.to.teamId', '请选择本社区在用的服务队'],
  partner: ['data.to.partnerId', '请选择本社区在用的包联单位'],
};

export const reassignRoute = route(
  requestsReassign,
  { access: 'bound', prefetch: (input, db) => Promise.all([findRequest(db, input.requestId), readTarget(db, input.to)]) },
  async (input, ctx) => {
    const [request, target] = ctx.prefetched;
    const on = await actorOn(ctx, request);
    const { to } = input;
    if (!target?.handles(on.request.communityId)) {
      const [path, message] = REFUSALS[to.kind];
      throw new AppError('VALIDATION_ERROR', message, [{ path, message }]);
    }
    // the grid's Red Neighbor Leaders of the request's building take it too, when the grid covers it
    const building = on.request.buildingId !== null && target.buildingIds.includes(on.request.buildingId) ? on.request.buildingId : null;
    const assignment: Assignment = to.kind === 'grid' ? { kind: 'grid', gridId: to.gridId, buildingId: building } : to;
    return act(ctx, on, { event: { type: 'route', to: assignment }, key: input.idempotencyKey, patch: () => ({ handlerName: null }) });
  },
);
