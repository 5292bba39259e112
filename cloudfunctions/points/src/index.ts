/**
 * `points`: the points scheme (积分制管理) — rules, claims, the append-only hash-chained ledger,
 * rankings, public notice and verification. The ledger code lives in `cloudfunctions/lib/ledger`:
 * functions that complete work book their awards in-process there (`awardForSource`).
 */
import { defineFunction } from '../../lib';
import { awardRoutes } from './awards';
import { claimRoutes } from './claims';
import { exportRoutes } from './exports';
import { publicationRoutes } from './publications';
import { readRoutes } from './reads';
import { rulesRoutes } from './rules';
import { verifyRoutes } from './verify';

export { verifyCommunity } from './verify';

export const main = defineFunction(...rulesRoutes, ...claimRoutes, ...awardRoutes, ...readRoutes, ...publicationRoutes, ...verifyRoutes, ...exportRoutes);
