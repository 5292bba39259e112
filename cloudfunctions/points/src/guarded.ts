/** A route whose handler may throw PointsError (core's rule violations): answered as AppError. */
import { routeMapping } from '../../lib/router';
import { asAppError } from '../../lib/ledger';

export const pointsRoute = routeMapping(asAppError);
