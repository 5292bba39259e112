/**
 * teams.get: the team page — services, members (names masked to the public unless they consented;
 * in full for the leader and staff) with their volunteer hours, recent activities; and
 * teams.applications: the pending applications for its leader and staff.
 */
import { teamsApplications, teamsGet } from '../../../core/contracts/teams';
import { publicName } from '../../../core/domain/masking';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc } from '../../../core/domain/service/activities';
import { TEAM_APPLICATION_COLLECTION, applicationDoc, applicationId, roundHours } from '../../../core/domain/service/teams';
import { AppError, route, type Database } from '../../lib';
import { getPersons } from '../../lib/ledger';
import { applicationView, findApplication, findTeam, reviews, visibleTeam } from './store';

const RECENT = 5;

/** Volunteer hours credited to each person by finished activities (index personId_1_signedUpAt_-1). */
async function hoursOf(db: Database, personIds: string[]): Promise<Map<string, number>> {
  if (!personIds.length) return new Map();
  const _ = db.command;
  const $ = db.command.aggregate;
  const { data } = await db
    .collection(SIGNUP_COLLECTION)
    .aggregate()
    .match({ personId: _.in(personIds), hours: _.gt(0) })
    .group({ _id: '$personId', hours: $.sum('$hours') })
    // CloudBase's aggregate answers 20 rows unless told otherwise
    .limit(personIds.length)
    .end();
  return new Map((data as { _id: string; hours: number }[]).map((r) => [r._id, roundHours(r.hours)]));
}

export const getRoute = route(teamsGet, { access: 'bound', prefetch: (input, db) => findTeam(db, input.teamId) }, async (_input, { db, person, prefetched }) => {
  const team = visibleTeam(prefetched, person);
  const inner = reviews(team, person);
  const ids = [...new Set([...(team.leaderId ? [team.leaderId] : []), ...team.memberIds])];
  const [persons, hours, recent, mine] = await Promise.all([
    getPersons(db, ids),
    hoursOf(db, team.memberIds),
    // index organiser_id_1_startAt_-1
    db.collection(ACTIVITY_COLLECTION).where({ 'organiser.id': team._id }).orderBy('startAt', 'desc').limit(RECENT).get(),
    findApplication(db, applicationId(team._id, person._id)),
  ]);
  const nameOf = (id: string) => {
    const p = persons.get(id);
    if (!p) return '已注销用户';
    return inner || p._id === person._id ? p.name : publicName(p.name, p.publicNameConsent);
  };
  return {
    id: team._id,
    name: team.name,
    type: team.type,
    services: team.services,
    leader: team.leaderId ? nameOf(team.leaderId) : null,
    members: team.memberIds.map((id) => ({ name: nameOf(id), hours: hours.get(id) ?? 0 })),
    recentActivities: (recent.data as unknown[]).map((d) => {
      const a = activityDoc.parse(d);
      return { id: a._id, title: a.title, startAt: a.startAt, place: a.place, status: a.status };
    }),
    me: { member: team.memberIds.includes(person._id), application: mine?.status ?? null, reason: mine?.status === 'rejected' ? mine.reason : null, reviews: inner },
  };
});

export const applicationsRoute = route(teamsApplications, { access: 'bound', prefetch: (input, db) => findTeam(db, input.teamId) }, async (_input, { db, person, prefetched }) => {
  const team = visibleTeam(prefetched, person);
  if (!reviews(team, person)) throw new AppError('FORBIDDEN', '只有队长或社区工作人员可以查看入队申请');
  // index teamId_1_status_1_appliedAt_1
  const { data } = await db.collection(TEAM_APPLICATION_COLLECTION).where({ teamId: team._id, status: 'pending' }).orderBy('appliedAt', 'asc').limit(100).get();
  return { items: (data as unknown[]).map((d) => applicationView(applicationDoc.parse(d))) };
});
