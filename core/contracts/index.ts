/** Every action the mini-program may call, by name. Types only flow to the client (no zod at runtime there). */
import type { z } from 'zod';
import type { ActionContract } from './common';
import {
  accountBindApply,
  accountBindInvite,
  accountBindMine,
  accountBindOptions,
  accountBindPending,
  accountBindReview,
  accountDelete,
  accountHouseholdLeave,
  accountMe,
} from './account';
import { orgInviteCreate, orgInviteList, orgInviteRevoke, orgPeople, orgRoleRevoke } from './org-invites';
import { orgBranches, orgCompounds, orgDirectory, orgRevealPhone } from './org';
import {
  orgAuditExport,
  orgAuditList,
  orgBranchSave,
  orgBuildingSave,
  orgCentralHouseholdSave,
  orgCommunityCreate,
  orgCompoundSave,
  orgGridSave,
  orgHouseholdSave,
  orgNodeRetire,
  orgPartnerSave,
  orgTeamSave,
  orgTree,
  orgUnitSave,
  orgWuyouCoverage,
  orgWuyouGet,
  orgWuyouSave,
} from './org-admin';
import {
  orgExportHouseholds,
  orgExportPartners,
  orgExportPartyMembers,
  orgExportPeople,
  orgExportResidents,
  orgImportCommit,
  orgImportPreview,
  orgImportTemplate,
} from './org-import';
import {
  pointsAward,
  pointsBalance,
  pointsClaimList,
  pointsClaimReview,
  pointsClaimSubmit,
  pointsGradingUpsert,
  pointsHistory,
  pointsPublicationCreate,
  pointsPublicationFinalize,
  pointsPublicationGet,
  pointsPublicationList,
  pointsPublicationModerate,
  pointsPublicationObject,
  pointsPublicationObjections,
  pointsPublicationResolve,
  pointsRanking,
  pointsReverse,
  pointsRulesList,
  pointsRulesUpsert,
  pointsVerify,
} from './points';
import { pointsExportLedger, pointsExportPublication } from './points-export';
import { requestsAccept, requestsGet, requestsSubmit } from './requests';

export const contracts = {
  'account.me': accountMe,
  // getting in: binding, invitations, moving out, 注销
  'account.bind.options': accountBindOptions,
  'account.bind.apply': accountBindApply,
  'account.bind.mine': accountBindMine,
  'account.bind.pending': accountBindPending,
  'account.bind.review': accountBindReview,
  'account.bind.invite': accountBindInvite,
  'account.household.leave': accountHouseholdLeave,
  'account.delete': accountDelete,
  'org.invite.create': orgInviteCreate,
  'org.invite.list': orgInviteList,
  'org.invite.revoke': orgInviteRevoke,
  'org.people': orgPeople,
  'org.role.revoke': orgRoleRevoke,
  'org.directory': orgDirectory,
  'org.revealPhone': orgRevealPhone,
  'org.compounds': orgCompounds,
  'org.branches': orgBranches,
  // the org tree (staff)
  'org.compound.save': orgCompoundSave,
  'org.building.save': orgBuildingSave,
  'org.unit.save': orgUnitSave,
  'org.household.save': orgHouseholdSave,
  'org.branch.save': orgBranchSave,
  'org.grid.save': orgGridSave,
  'org.centralHousehold.save': orgCentralHouseholdSave,
  'org.team.save': orgTeamSave,
  'org.partner.save': orgPartnerSave,
  'org.node.retire': orgNodeRetire,
  'org.tree': orgTree,
  'org.audit.list': orgAuditList,
  'org.audit.export': orgAuditExport,
  'org.community.create': orgCommunityCreate,
  'org.wuyou.get': orgWuyouGet,
  'org.wuyou.save': orgWuyouSave,
  'org.wuyou.coverage': orgWuyouCoverage,
  // rosters from Excel
  'org.import.template': orgImportTemplate,
  'org.import.preview': orgImportPreview,
  'org.import.commit': orgImportCommit,
  'org.export.households': orgExportHouseholds,
  'org.export.residents': orgExportResidents,
  'org.export.partyMembers': orgExportPartyMembers,
  'org.export.partners': orgExportPartners,
  'org.export.people': orgExportPeople,
  // points
  'points.rules.list': pointsRulesList,
  'points.rules.upsert': pointsRulesUpsert,
  'points.grading.upsert': pointsGradingUpsert,
  'points.claim.submit': pointsClaimSubmit,
  'points.claim.review': pointsClaimReview,
  'points.claim.list': pointsClaimList,
  'points.award': pointsAward,
  'points.reverse': pointsReverse,
  'points.balance': pointsBalance,
  'points.history': pointsHistory,
  'points.ranking': pointsRanking,
  'points.publication.create': pointsPublicationCreate,
  'points.publication.list': pointsPublicationList,
  'points.publication.get': pointsPublicationGet,
  'points.publication.object': pointsPublicationObject,
  'points.publication.objections': pointsPublicationObjections,
  'points.publication.moderate': pointsPublicationModerate,
  'points.publication.resolve': pointsPublicationResolve,
  'points.publication.finalize': pointsPublicationFinalize,
  'points.verify': pointsVerify,
  'points.export.ledger': pointsExportLedger,
  'points.export.publication': pointsExportPublication,
  // requests (报事)
  'requests.submit': requestsSubmit,
  'requests.accept': requestsAccept,
  'requests.get': requestsGet,
} as const satisfies { [A in string]: ActionContract<A> };

export type Contracts = typeof contracts;
export type ActionName = keyof Contracts & string;
export type ActionInput<A extends ActionName> = z.input<Contracts[A]['input']>;
export type ActionOutput<A extends ActionName> = z.output<Contracts[A]['output']>;

export * from './common';
