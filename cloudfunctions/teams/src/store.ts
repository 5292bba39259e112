/** Teams and applications as the functions read them. */
import type { ApplicationView } from '../../../core/contracts/teams';
import { teamDoc, type PersonDoc, type TeamDoc } from '../../../core/domain/org-model';
import { isStaffOf } from '../../../core/domain/service/people';
import { TEAM_APPLICATION_COLLECTION, applicationDoc, leads, type ApplicationDoc } from '../../../core/domain/service/teams';
import { AppError, COLLECTIONS, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';

export const findTeam = (db: Database, id: string): Promise<TeamDoc | null> => getDoc(db, COLLECTIONS.teams, id, teamDoc);
export const findApplication = (db: Database, id: string): Promise<ApplicationDoc | null> => getDoc(db, TEAM_APPLICATION_COLLECTION, id, applicationDoc);

/** A live team of the caller's community (or one they are staff of). */
export function visibleTeam(team: TeamDoc | null, person: PersonDoc): TeamDoc {
  if (!team || team.retiredAt !== null || (team.communityId !== person.communityId && !isStaffOf(person, team.communityId))) {
    throw new AppError('NOT_FOUND', '没有找到这支服务队');
  }
  return team;
}

export const reviews = (team: TeamDoc, person: PersonDoc) => leads(team, person._id) || isStaffOf(person, team.communityId);

export const applicationView = (a: ApplicationDoc): ApplicationView => ({
  id: a._id,
  teamId: a.teamId,
  personId: a.personId,
  personName: a.personName,
  note: a.note,
  status: a.status,
  reason: a.reason,
  appliedAt: a.appliedAt,
});
