/**
 * Who may publish an activity, as activities.create allows it: staff for the community (and any of
 * its branches and teams), a branch secretary for their branch, a team leader for their team.
 */
import type { MeView } from '@core/contracts/account';
import { isStaff } from '../../routes';

type BoundMe = Extract<MeView, { bound: true }>;

/** The branches the person is secretary of, with their names. */
export const secretaryBranches = (me: BoundMe) =>
  me.roles.flatMap((r) => (r.role === 'secretary' && r.scope.branchId ? [{ id: r.scope.branchId, name: r.scopeLabel }] : []));

/** Publishes activities from 社区活动 (a team leader publishes from the team's page: activity-edit?teamId=). */
export const publishesActivities = (me: BoundMe) => isStaff(me) || secretaryBranches(me).length > 0;
