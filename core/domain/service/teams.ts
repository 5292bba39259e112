/**
 * Volunteer teams (志愿服务队): a resident applies to join, the team's leader (or staff) approves
 * or rejects with a reason; approval adds them to the team through an org change, so the team as
 * the org tree and the 公示牌 know it is the one place membership lives.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { change, put } from '../org-admin/change';
import type { OrgSnapshot } from '../org';
import type { OrgChange } from '../org-change';
import { ORG_COLLECTIONS, type TeamDoc } from '../org-model';
import { sha256Hex } from '../points/canonical';
import { APPLICATION_STATUSES } from '../../labels/teams';

export { APPLICATION_STATUSES, type ApplicationStatus } from '../../labels/teams';
export const TEAM_APPLICATION_COLLECTION = 'teamApplications';

/** One application per person and team: applying again after a rejection reuses it. */
export const applicationId = (teamId: string, personId: string) => `ta_${sha256Hex(`${teamId}|${personId}`).slice(0, 32)}`;

export const applicationDoc = z.object({
  _id: z.string(),
  teamId: idSchema,
  communityId: idSchema,
  personId: idSchema,
  personName: z.string(),
  note: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  reason: z.string().nullable(),
  appliedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewerName: z.string().nullable(),
  /** the idempotency key of the apply or review that set `status` */
  key: z.string(),
  rev: z.number().int(),
});
export type ApplicationDoc = z.infer<typeof applicationDoc>;

/** Hours as shown: sums of half hours, without floating-point dust. */
export const roundHours = (hours: number) => Math.round(hours * 100) / 100;

/** Who may review a team's applications: its leader, or staff of its community (checked by the caller). */
export const leads = (team: Pick<TeamDoc, 'leaderId'>, personId: string) => team.leaderId === personId;

export class TeamRefusal extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'PRECONDITION_FAILED' | 'CONFLICT', message: string) {
    super(message);
  }
}

/** What a reviewer is told when another decision on the application landed first. */
export const DECIDED_ELSEWHERE = '这份申请已由他人处理，请刷新后查看';

/**
 * The org change approving `application` as read after the change's transaction started: the
 * application marked approved and (unless they are one already) the applicant added to the team,
 * both in the one transaction, so an approval and a concurrent rejection never both land. Refused
 * when the application is no longer pending.
 */
export function planApproval(s: OrgSnapshot, application: ApplicationDoc | null, reviewer: { name: string; key: string }, at: string): OrgChange {
  if (!application) throw new TeamRefusal('NOT_FOUND', '没有找到这份申请');
  if (application.status !== 'pending') throw new TeamRefusal('CONFLICT', DECIDED_ELSEWHERE);
  const team = s.teams.find((t) => t._id === application.teamId);
  if (!team) throw new TeamRefusal('NOT_FOUND', '没有找到这支服务队');
  if (team.retiredAt !== null) throw new TeamRefusal('PRECONDITION_FAILED', `「${team.name}」已停用`);
  const joins = !team.memberIds.includes(application.personId);
  const after: TeamDoc = joins ? { ...team, memberIds: [...team.memberIds, application.personId] } : team;
  const approved: ApplicationDoc = { ...application, status: 'approved', reason: null, reviewedAt: at, reviewerName: reviewer.name, key: reviewer.key };
  const summary = `${application.personName}加入服务队「${team.name}」，队员 ${team.memberIds.length} → ${after.memberIds.length} 人`;
  return change('team', team._id, team.name, summary, team, after, [...(joins ? [put(ORG_COLLECTIONS.teams, after)] : []), put(TEAM_APPLICATION_COLLECTION, approved)]);
}
