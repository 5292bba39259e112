/** Every action the mini-program may call, by name. Types only flow to the client (no zod at runtime there). */
import type { z } from 'zod';
import type { ActionContract } from './common';
import { accountMe } from './account';
import { orgBranches, orgCompounds, orgDirectory, orgRevealPhone } from './org';
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

export const contracts = {
  'account.me': accountMe,
  'org.directory': orgDirectory,
  'org.revealPhone': orgRevealPhone,
  'org.compounds': orgCompounds,
  'org.branches': orgBranches,
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
} as const satisfies { [A in string]: ActionContract<A> };

export type Contracts = typeof contracts;
export type ActionName = keyof Contracts & string;
export type ActionInput<A extends ActionName> = z.input<Contracts[A]['input']>;
export type ActionOutput<A extends ActionName> = z.output<Contracts[A]['output']>;

export * from './common';
