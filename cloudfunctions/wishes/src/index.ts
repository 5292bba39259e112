/**
 * `wishes`: 微心愿 (core/domain/service/wishes.ts) — post (also by proxy), the wall, claim (one
 * claimer under concurrency), release, fulfil, confirm (books the claimer's points once); the
 * `sweep` timer flags wishes nobody claimed in time and chases claimers.
 */
import { defineFunction } from '../../lib';
import { claimRoute, confirmRoute, fulfilRoute, moderateRoute, releaseRoute } from './act';
import { exportRoute } from './export';
import { postRoute } from './post';
import { householdsRoute } from './proxy';
import { getRoute, listRoute, wallRoute } from './read';
import { sweepRoute } from './sweep';

export const main = defineFunction(
  postRoute,
  wallRoute,
  listRoute,
  getRoute,
  householdsRoute,
  claimRoute,
  releaseRoute,
  fulfilRoute,
  confirmRoute,
  moderateRoute,
  exportRoute,
  sweepRoute,
);
