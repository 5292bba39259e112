/**
 * `requests`: residents' requests (报事), 点单 → 派单 → 接单 → 办理 → 反馈 → 评单, on the state machine
 * of core/domain/requests/lifecycle.ts with working-day deadlines (deadlines.ts).
 */
import { defineFunction } from '../../lib';
import { acceptRoute } from './accept';
import { boardRoute } from './board';
import { exportRoute } from './export';
import { ratesRoute } from './rates';
import { visitRecordRoute, visitsRoute } from './visits';
import { consultRoute, escalateRoute } from './escalate';
import { rateRoute, reopenRoute, withdrawRoute } from './feedback';
import { mineRoute, queueRoute } from './lists';
import { mergeRoute } from './merge';
import { reassignRoute } from './reassign';
import { revealPhoneRoute } from './reveal-phone';
import { progressRoute, resolveRoute } from './work';
import { getRoute } from './get';
import { submitRoute } from './submit';
import { dutyRoute } from './duty';
import { mediaVerdictRoute } from './media';
import { sweepRoute } from './sweep';
import { residentsRoute } from './residents';

export const main = defineFunction(submitRoute, acceptRoute, getRoute, progressRoute, resolveRoute, rateRoute, reopenRoute, withdrawRoute, mergeRoute, escalateRoute, consultRoute, reassignRoute, revealPhoneRoute, mineRoute, queueRoute, boardRoute, ratesRoute, exportRoute, visitsRoute, visitRecordRoute, dutyRoute, sweepRoute, mediaVerdictRoute, residentsRoute);
