/** teams.apply: a resident of the team's community asks to join; the note passes content security. */
import { teamsApply } from '../../../core/contracts/teams';
import { TEAM_APPLICATION_COLLECTION, applicationId, type ApplicationDoc } from '../../../core/domain/service/teams';
import { AppError, check, checkText, refuseRisky, route } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { applicationView, findApplication, findTeam, visibleTeam } from './store';

export const applyRoute = route(teamsApply, { access: 'bound', prefetch: (input, db) => findTeam(db, input.teamId) }, async (input, { app, db, person, openid, prefetched }) => {
  const team = visibleTeam(prefetched, person);
  if (person.communityId !== team.communityId) throw new AppError('FORBIDDEN', '只能申请加入本社区的服务队');
  if (team.memberIds.includes(person._id)) throw new AppError('CONFLICT', `你已经是「${team.name}」的队员了`);
  const id = applicationId(team._id, person._id);
  const [existing, verdict] = await Promise.all([findApplication(db, id), input.note ? checkText(app, { openid, scene: 'comment', content: input.note }) : Promise.resolve(null)]);
  // a retry, or applying again while the first waits, answers the application
  if (existing && (existing.status === 'pending' || existing.key === input.idempotencyKey)) return applicationView(existing);
  if (verdict) refuseRisky(verdict, '申请说明', 'data.note');
  const fields = { note: input.note, status: 'pending' as const, reason: null, appliedAt: now().toISOString(), reviewedAt: null, reviewerName: null, key: input.idempotencyKey };
  if (existing) {
    // applying again after a rejection (or after leaving the team)
    const res = check(await db.collection(TEAM_APPLICATION_COLLECTION).where({ _id: id, rev: existing.rev }).update({ ...fields, rev: db.command.inc(1) })) as { updated?: number };
    if (res.updated !== 1) throw new AppError('CONFLICT', '申请刚刚有了变化，请刷新后再试');
    return applicationView({ ...existing, ...fields, rev: existing.rev + 1 });
  }
  const doc: ApplicationDoc = { _id: id, teamId: team._id, communityId: team.communityId, personId: person._id, personName: person.name, ...fields, rev: 0 };
  try {
    check(await db.collection(TEAM_APPLICATION_COLLECTION).add(doc));
    return applicationView(doc);
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    const raced = await findApplication(db, id);
    if (!raced) throw err;
    return applicationView(raced);
  }
});
