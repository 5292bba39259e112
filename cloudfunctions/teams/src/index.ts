/** `teams`: volunteer teams (core/domain/service/teams.ts) — apply, review (membership through an org change), the team page. */
import { defineFunction } from '../../lib';
import { applyRoute } from './apply';
import { applicationsRoute, getRoute } from './read';
import { reviewRoute } from './review';

export const main = defineFunction(applyRoute, reviewRoute, getRoute, applicationsRoute);
