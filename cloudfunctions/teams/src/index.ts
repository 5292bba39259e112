/** `teams`: volunteer teams (core/domain/service/teams.ts) — the community's teams, apply, review (membership through an org change), the team page. */
import { defineFunction } from '../../lib';
import { applyRoute } from './apply';
import { listRoute } from './list';
import { applicationsRoute, getRoute } from './read';
import { reviewRoute } from './review';

export const main = defineFunction(listRoute, applyRoute, reviewRoute, getRoute, applicationsRoute);
