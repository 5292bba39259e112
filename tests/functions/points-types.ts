/** Output types of the points actions, for the tests. */
import type { z } from 'zod';
import type { pointsAward, pointsBalance, pointsVerify, pointsPublicationGet, pointsRanking, pointsClaimReview } from '../../core/contracts/points';

export type AwardOutput = z.output<typeof pointsAward.output>;
export type BalanceOut = z.output<typeof pointsBalance.output>;
export type VerifyOut = z.output<typeof pointsVerify.output>;
export type PublicationOut = z.output<typeof pointsPublicationGet.output>;
export type RankingOut = z.output<typeof pointsRanking.output>;
export type ReviewOut = z.output<typeof pointsClaimReview.output>;
