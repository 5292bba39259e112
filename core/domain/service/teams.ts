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

export const TEAM_APPLICATION_COLLECTION = 'teamApplications';
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

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

/** Who may review a team's applications: its leader, or staff of its community (checked by the caller). */
export const leads = (team: Pick<TeamDoc, 'leaderId'>, personId: string) => team.leaderId === personId;

export class TeamRefusal extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'PRECONDITION_FAILED', message: string) {
    super(message);
  }
}

/** The org change adding `person` to the team; no writes when they are a member already (a concurrent approval). */
export function planJoinTeam(s: OrgSnapshot, teamId: string, person: { _id: string; name: string }): OrgChange {
  const team = s.teams.find((t) => t._id === teamId);
  if (!team) throw new TeamRefusal('NOT_FOUND', '没有找到这支服务队');
  if (team.retiredAt !== null) throw new TeamRefusal('PRECONDITION_FAILED', `「${team.name}」已停用`);
  const after: TeamDoc = team.memberIds.includes(person._id) ? team : { ...team, memberIds: [...team.memberIds, person._id] };
  const summary = `${person.name}加入服务队「${team.name}」，队员 ${team.memberIds.length} → ${after.memberIds.length} 人`;
  return change('team', team._id, team.name, summary, team, after, after === team ? [] : [put(ORG_COLLECTIONS.teams, after)]);
}
