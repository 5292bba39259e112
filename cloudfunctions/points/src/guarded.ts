/** A route whose handler may throw PointsError (core's rule violations): answered as AppError. */
import type { z } from 'zod';
import type { ActionContract } from '../../../core/contracts/common';
import { route, type Access, type HandlerContext, type Route } from '../../lib';
import { asAppError } from '../../lib/ledger';

export function pointsRoute<C extends ActionContract, A extends Access, P = undefined>(
  contract: C,
  options: Parameters<typeof route<C, A, P>>[1],
  handle: (input: z.output<C['input']>, ctx: HandlerContext<A, P>) => Promise<z.input<C['output']>>,
): Route {
  return route(contract, options, async (input, ctx) => {
    try {
      return await handle(input, ctx);
    } catch (err) {
      throw asAppError(err);
    }
  });
}
