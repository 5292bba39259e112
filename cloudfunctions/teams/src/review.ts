/**
 * teams.review: the team's leader (or staff) approves or rejects an application with a reason.
 * A decision lands only over the pending application it was made on, so of a leader's approval and
 * staff's rejection at the same moment exactly one lands and the other is told 已由他人处理:
 * - approval is one org change (lib/org-change.ts: audited, 公示牌 rebuilt if it shows the team)
 *   that writes the application as approved together with the team's new member, planned from the
 *   application as read after the change's transaction started — a decision landing before that is
 *   seen and refused, one landing after it makes the transaction conflict and re-plan;
 * - rejection is a conditional write of the application, pending at the version read.
 * A retry with the same key answers the decision it made.
 */
import { teamsReview } from '../../../core/contracts/teams';
import { DECIDED_ELSEWHERE, TEAM_APPLICATION_COLLECTION, TeamRefusal, planApproval } from '../../../core/domain/service/teams';
import { AppError, changeOrg, check, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { applicationView, findApplication, findTeam, reviews, visibleTeam } from './store';

/** The application and its team: chained, beside the caller's read. */
async function applicationAndTeam(db: Database, id: string) {
  const application = await findApplication(db, id);
  return { application, team: application ? await findTeam(db, application.teamId) : null };
}

/** The answer once a decision did not land: the caller's own (a retry), else someone else's. */
async function decidedBy(db: Database, id: string, key: string) {
  const fresh = await findApplication(db, id);
  if (fresh && fresh.status !== 'pending' && fresh.key === key) return applicationView(fresh);
  throw new AppError('CONFLICT', DECIDED_ELSEWHERE);
}

export const reviewRoute = route(
  teamsReview,
  { access: 'bound', prefetch: (input, db) => applicationAndTeam(db, input.applicationId) },
  async (input, { db, person, prefetched: { application, team: found } }) => {
    if (!application) throw new AppError('NOT_FOUND', '没有找到这份申请');
    const team = visibleTeam(found, person);
    if (!reviews(team, person)) throw new AppError('FORBIDDEN', '只有队长或社区工作人员可以审核入队申请');
    if (application.status !== 'pending') {
      if (application.key === input.idempotencyKey) return applicationView(application);
      throw new AppError('CONFLICT', DECIDED_ELSEWHERE);
    }
    const at = now().toISOString();
    if (input.approve) {
      const { replayed } = await changeOrg(db, {
        communityId: team.communityId,
        actor: person,
        action: 'teams.review',
        idempotencyKey: input.idempotencyKey,
        input,
        plan: async (snapshot) => {
          try {
            return planApproval(snapshot, await findApplication(db, application._id), { name: person.name, key: input.idempotencyKey }, at);
          } catch (err) {
            throw err instanceof TeamRefusal ? new AppError(err.code, err.message) : err;
          }
        },
      });
      if (replayed) return decidedBy(db, application._id, input.idempotencyKey);
      return applicationView({ ...application, status: 'approved', reason: null });
    }
    const fields = { status: 'rejected' as const, reason: input.reason, reviewedAt: at, reviewerName: person.name, key: input.idempotencyKey };
    const res = check(
      await db
        .collection(TEAM_APPLICATION_COLLECTION)
        .where({ _id: application._id, status: 'pending', rev: application.rev })
        .update({ ...fields, rev: db.command.inc(1) }),
    ) as { updated?: number };
    if (res.updated !== 1) return decidedBy(db, application._id, input.idempotencyKey);
    return applicationView({ ...application, ...fields });
  },
);
