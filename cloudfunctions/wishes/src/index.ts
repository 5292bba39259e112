/**
 * `wishes`: 微心愿 (core/domain/service/wishes.ts) — post (also by proxy), the wall, claim (one
 * claimer under concurrency), release, fulfil, confirm (books the claimer's points once).
 */
import { defineFunction } from '../../lib';
import { claimRoute, confirmRoute, fulfilRoute, moderateRoute, releaseRoute } from './act';
import { exportRoute } from './export';
import { postRoute } from './post';
import { getRoute, listRoute, wallRoute } from './read';

export const main = defineFunction(postRoute, wallRoute, listRoute, getRoute, claimRoute, releaseRoute, fulfilRoute, confirmRoute, moderateRoute, exportRoute);
