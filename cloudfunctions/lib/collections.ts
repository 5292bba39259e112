/** Collection names, as declared in database/*.json. */
import { ORG_COLLECTIONS } from '../../core/domain/org-model';

export const COLLECTIONS = {
  ...ORG_COLLECTIONS,
  directories: 'directories',
  /** one per community: bumped by every org change (lib/org-change.ts) */
  orgVersions: 'orgVersions',
  /** who changed what in the org tree, before and after */
  orgAudit: 'orgAudit',
  /** residents listed on households by roster imports: binding with a listed name and phone is instant */
  rosters: 'rosters',
  /** invitations to a role (邀请码), single use (core/domain/account/model.ts) */
  invites: 'invites',
  /** residents' requests to be bound to a household, for the building's reviewers */
  bindRequests: 'bindRequests',
  /** Excel imports, one per community, kind and file content (core/domain/org-import/model.ts) */
  imports: 'imports',
  /** the party-member register (党员信息台账) kept by imports */
  partyMembers: 'partyMembers',
  /** per-person rate-limit counters (lib/rate-limit.ts) */
  rateLimits: 'rateLimits',
  /** the 五有 checklist of each party branch (`_id` = branch id) */
  wuyou: 'wuyou',
  /** WeChat access tokens shared by every instance, one per account (lib/wx-token.ts) */
  wxTokens: 'wxTokens',
  /** verdicts of WeChat's asynchronous media checks by trace id (lib/media-verdicts.ts) */
  mediaVerdicts: 'mediaVerdicts',
} as const;
