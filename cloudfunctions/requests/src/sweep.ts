/**
 * The supervision sweep (督办), run by the timer trigger `sweep` (config.json, every 5 minutes). It
 * reads only requests whose `nextCheckAt` has passed — an index range in that order, in batches —
 * never all requests, and for each one:
 * - finishes effects a crash left pending (effects.ts, idempotent);
 * - applies what is due (schedule.ts dueEventsOf): a supervision step (level 1 at the first limit,
 *   level 2 at the second) or the automatic close of a resolved request nobody rated (未评价),
 *   each through commitEvent as the system, which also sends the 督办 messages (notify.ts).
 * Every request is written on its own, and a written one leaves the range, so a run that stops
 * anywhere (its time budget, a crash) loses nothing: the next run goes on from what is still due.
 */
import { requestsSweep } from '../../../core/contracts/requests';
import type { Actor, RequestEvent } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, requestDoc, type RequestDoc } from '../../../core/domain/requests/model';
import { dueEventsOf } from '../../../core/domain/requests/schedule';
import { log, route, type CloudApp, type Database } from '../../lib';
import { sweepDue } from '../../lib/due-sweep';
import { now as clockNow } from '../../lib/clock';
import { commitEvent } from './commit';
import { runEffects } from './effects';

const BATCH = 100;
/** requests worked on at once within a batch */
const PARALLEL = 8;
/** the run starts no batch after this (the function's timeout is 20 s, config.json) */
const BUDGET_MS = 12_000;

interface Tally {
  supervised: number;
  closed: number;
  effectsDone: number;
}

class NoLongerDue extends Error {}

/** The system, if the event is still due on the request as commitEvent (re-)read it: a request accepted meanwhile is not supervised for its response. */
function stillDue(current: RequestDoc, event: RequestEvent, at: Date): Actor {
  if (!dueEventsOf(current, at).some((e) => JSON.stringify(e) === JSON.stringify(event))) throw new NoLongerDue();
  return { kind: 'system' };
}

/** One due request: its effects, then its due events; answers whether it is done (false: left due, for the next run). */
async function sweepOne(ctx: { app: CloudApp; db: Database }, request: RequestDoc, at: Date, tally: Tally): Promise<boolean> {
  let r = request;
  if (r.pendingEffects.length) {
    r = await runEffects(ctx, r);
    if (r.pendingEffects.length) return false;
    tally.effectsDone += 1;
  }
  for (const event of dueEventsOf(r, at)) {
    try {
      r = await commitEvent(ctx, { request: r, event, actor: (current) => stillDue(current, event, at), key: null, actorName: null });
    } catch (err) {
      if (err instanceof NoLongerDue) return true; // someone else's write came first and set its next check
      throw err;
    }
    if (event.type === 'supervise') tally.supervised += 1;
    else tally.closed += 1;
  }
  return r.nextCheckAt === null || r.nextCheckAt > at.toISOString();
}

export const sweepRoute = route(requestsSweep, { access: 'server' }, async (_input, { app, db }) => {
  const started = Date.now();
  const at = clockNow();
  const tally: Tally = { supervised: 0, closed: 0, effectsDone: 0 };
  const walked = await sweepDue(db, {
    collection: REQUEST_COLLECTION,
    parse: (d) => requestDoc.parse(d),
    at,
    started,
    budgetMs: BUDGET_MS,
    batch: BATCH,
    parallel: PARALLEL,
    what: 'request',
    handler: async () => (request) => sweepOne({ app, db }, request, at, tally),
  });
  const result = { ...tally, examined: walked.examined, failed: walked.deferred + walked.failed, more: walked.more, ms: Date.now() - started };
  log.info('sweep', result);
  return result;
});
