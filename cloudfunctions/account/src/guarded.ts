/** Routes of getting in: a broken rule of core/domain/account reaches the caller as its AppError. */
import { AccountError } from '../../../core/domain/account/errors';
import { AppError } from '../../lib';
import { routeMapping } from '../../lib/router';

export const accountRoute = routeMapping((err) => (err instanceof AccountError ? new AppError(err.code, err.message, err.issues) : err));
