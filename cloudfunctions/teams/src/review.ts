/**
 * teams.review: the team's leader (or staff) approves or rejects an application with a reason.
 * Approval adds the member through an org change (lib/org-change.ts: audited, 公示牌 rebuilt if it
 * shows the team), then marks the application; a retry finds the change by its key and carries on.
 */
import { teamsReview } from '../../../core/contracts/teams';
import { TEAM_APPLICATION_COLLECTION, TeamRefusal, planJoinTeam } from '../../../core/domain/service/teams';
import { AppError, changeOrg, check, route } from '../../lib';
import { now } from '../../lib/clock';
import { applicationView, findApplication, findTeam, reviews, visibleTeam } from './store';

export const reviewRoute = route(teamsReview, { access: 'bound', prefetch: (input, db) => findApplication(db, input.applicationId) }, async (input, { db, person, prefetched }) => {
  const application = prefetched;
  if (!application) throw new AppError('NOT_FOUND', '没有找到这份申请');
  const team = visibleTeam(await findTeam(db, application.teamId), person);
  if (!reviews(team, person)) throw new AppError('FORBIDDEN', '只有队长或社区工作人员可以审核入队申请');
  if (application.status !== 'pending') {
    if (application.key === input.idempotencyKey) return applicationView(application);
    throw new AppError('CONFLICT', application.status === 'approved' ? '这份申请已经通过了' : '这份申请已经处理过了');
  }
  if (input.approve) {
    await changeOrg(db, {
      communityId: team.communityId,
      actor: person,
      action: 'teams.review',
      idempotencyKey: input.idempotencyKey,
      input,
      plan: (snapshot) => {
        try {
          return planJoinTeam(snapshot, team._id, { _id: application.personId, name: application.personName });
        } catch (err) {
          throw err instanceof TeamRefusal ? new AppError(err.code, err.message) : err;
        }
      },
    });
  }
  const fields = {
    status: input.approve ? ('approved' as const) : ('rejected' as const),
    reason: input.approve ? null : input.reason,
    reviewedAt: now().toISOString(),
    reviewerName: person.name,
    key: input.idempotencyKey,
  };
  const res = check(await db.collection(TEAM_APPLICATION_COLLECTION).where({ _id: application._id, status: 'pending', rev: application.rev }).update({ ...fields, rev: db.command.inc(1) })) as { updated?: number };
  if (res.updated !== 1) throw new AppError('CONFLICT', '这份申请刚刚被别人处理了，请刷新');
  return applicationView({ ...application, ...fields });
});
