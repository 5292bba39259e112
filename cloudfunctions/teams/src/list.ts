/**
 * teams.list: the live teams of the caller's community with their member count and volunteer hours
 * (the members' hours together, as the team page lists them) and whether the caller is a member or
 * has applied. Two round trips: the caller ‖ (the teams with their members' sign-ups ‖ the caller's
 * applications).
 */
import { z } from 'zod';
import { teamsList, type TeamSummary } from '../../../core/contracts/teams';
import { TEAM_TYPES } from '../../../core/labels/org';
import { teamDoc } from '../../../core/domain/org-model';
import { SIGNUP_COLLECTION } from '../../../core/domain/service/activities';
import { TEAM_APPLICATION_COLLECTION, applicationDoc, roundHours } from '../../../core/domain/service/teams';
import { COLLECTIONS, homeCommunity, route } from '../../lib';

/** a community's teams are a handful; CloudBase's aggregate answers 20 unless told otherwise */
const MAX_TEAMS = 100;

const teamRow = teamDoc.pick({ _id: true, name: true, type: true, services: true, memberIds: true }).extend({ hours: z.number() });

export const listRoute = route(teamsList, { access: 'bound' }, async (_input, { db, person }) => {
  const communityId = homeCommunity(person);
  const $ = db.command.aggregate;
  const [teams, applications] = await Promise.all([
    db
      .collection(COLLECTIONS.teams)
      .aggregate()
      // index communityId_1; each member's sign-ups through activitySignups' personId_1_signedUpAt_-1
      .match({ communityId, retiredAt: null })
      .limit(MAX_TEAMS)
      .lookup({ from: SIGNUP_COLLECTION, localField: 'memberIds', foreignField: 'personId', as: 'signups' })
      .project({ name: 1, type: 1, services: 1, memberIds: 1, hours: $.sum('$signups.hours') })
      .end(),
    // index personId_1
    db.collection(TEAM_APPLICATION_COLLECTION).where({ personId: person._id }).limit(MAX_TEAMS).get(),
  ]);
  const applied = new Map((applications.data as unknown[]).map((d) => applicationDoc.parse(d)).map((a) => [a.teamId, a.status]));
  const items: TeamSummary[] = (teams.data as unknown[]).map((d) => {
    const t = teamRow.parse(d);
    return {
      id: t._id,
      name: t.name,
      type: t.type,
      services: t.services,
      memberCount: t.memberIds.length,
      hours: roundHours(t.hours),
      me: { member: t.memberIds.includes(person._id), application: applied.get(t._id) ?? null },
    };
  });
  items.sort((a, b) => TEAM_TYPES.indexOf(a.type) - TEAM_TYPES.indexOf(b.type) || a.name.localeCompare(b.name, 'zh-CN'));
  return { items };
});
