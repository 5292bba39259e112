/**
 * `requests`: residents' requests (报事), 点单 → 派单 → 接单 → 办理 → 反馈 → 评单, on the state machine
 * of core/domain/requests/lifecycle.ts with working-day deadlines (deadlines.ts).
 */
import { defineFunction } from '../../lib';
import { acceptRoute } from './accept';
import { getRoute } from './get';
import { submitRoute } from './submit';

export const main = defineFunction(submitRoute, acceptRoute, getRoute);
