/** Volunteer teams (function `teams`): the community's teams, apply, review, the team page. Writes carry an idempotency key. */
import { z } from 'zod';
import { defineAction, idSchema } from './common';
import { TEAM_TYPES } from './org';
import { idempotencyKey } from './points';
import { APPLICATION_STATUSES } from '../domain/service/teams';

const applicationView = z.object({
  id: z.string(),
  teamId: z.string(),
  personId: z.string(),
  personName: z.string(),
  note: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  reason: z.string().nullable(),
  appliedAt: z.string(),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const teamsApply = defineAction(
  'teams.apply',
  z
    .object({
      teamId: idSchema,
      idempotencyKey,
      note: z.string({ error: '申请说明必须是文字' }).trim().max(200, '申请说明最多 200 个字').default(''),
    })
    .strict(),
  applicationView,
);

export const teamsReview = defineAction(
  'teams.review',
  z
    .discriminatedUnion(
      'approve',
      [
        z.object({ applicationId: z.string().regex(/^ta_[0-9a-f]{32}$/, '申请编号格式不正确'), idempotencyKey, approve: z.literal(true) }).strict(),
        z
          .object({
            applicationId: z.string().regex(/^ta_[0-9a-f]{32}$/, '申请编号格式不正确'),
            idempotencyKey,
            approve: z.literal(false),
            reason: z.string({ error: '请写明不通过的原因' }).trim().min(1, '请写明不通过的原因').max(200, '原因最多 200 个字'),
          })
          .strict(),
      ],
      { error: '请选择通过或不通过' },
    ),
  applicationView,
);

/** the leader's (and staff's) pending applications of a team, oldest first */
export const teamsApplications = defineAction('teams.applications', z.object({ teamId: idSchema }).strict(), z.object({ items: z.array(applicationView) }));

/** The caller's relation to a team: a member, and their pending or last application. */
const mine = z.object({ member: z.boolean(), application: z.enum(APPLICATION_STATUSES).nullable() });

export const teamView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(TEAM_TYPES),
  services: z.array(z.string()),
  /** names masked (张*) unless the person consented; in full for the leader and staff */
  leader: z.string().nullable(),
  members: z.array(z.object({ name: z.string(), hours: z.number() })),
  recentActivities: z.array(z.object({ id: z.string(), title: z.string(), startAt: z.string(), place: z.string(), status: z.enum(['open', 'finished']) })),
  /** the caller: also why their last application was not approved, and whether they review applications */
  me: mine.extend({ reason: z.string().nullable(), reviews: z.boolean() }),
});
export type TeamView = z.infer<typeof teamView>;

export const teamsGet = defineAction('teams.get', z.object({ teamId: idSchema }).strict(), teamView);

export const teamSummary = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(TEAM_TYPES),
  services: z.array(z.string()),
  memberCount: z.number().int(),
  /** the members' volunteer hours together, as the team page lists them */
  hours: z.number(),
  me: mine,
});
export type TeamSummary = z.infer<typeof teamSummary>;

/** The live teams of the caller's community, for residents to browse and apply to. */
export const teamsList = defineAction('teams.list', z.object({}).strict().default({}), z.object({ items: z.array(teamSummary) }));
