/**
 * wishes.sweep (the `sweep` timer, config.json): reads only wishes whose `nextCheckAt` has passed —
 * an index range, in batches — and for each (core/domain/service/wishes.ts sweepStep) flags an open
 * wish past its date for staff (逾期未认领), or chases the claimer of one not fulfilled in time
 * (已催办; the one message they allowed when claiming, then again every few days without one). Each
 * wish is written on its own over the version read and leaves the range (its next check moves on),
 * so a run that stops anywhere loses nothing: the next run goes on from what is still due. The
 * message is sent after the write: a crash in between loses it rather than sending it twice.
 */
import { wishesSweep } from '../../../core/contracts/wishes';
import { chaseMessageData, sweepStep, WISH_COLLECTION, wishDoc, type WishDoc } from '../../../core/domain/service/wishes';
import { check, config, log, route, sendSubscribeMessage, type CloudApp, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { setWhole } from '../../lib/db-update';
import { sweepDue } from '../../lib/due-sweep';
import { getPersons } from '../../lib/ledger';

const BATCH = 100;
/** wishes written at once within a batch */
const PARALLEL = 8;
/** the run starts no batch after this (the function's timeout is 20 s) */
const BUDGET_MS = 12_000;
/** the page a chase message opens */
const WISH_PAGE = 'packages/service/pages/wish/index';

interface Tally {
  flagged: number;
  chased: number;
  messages: number;
}

/** Applies the due step to one wish; answers false when it changed meanwhile (left for the next run). */
async function sweepOne(ctx: { app: CloudApp; db: Database }, w: WishDoc, openidOf: Map<string, string | null>, at: Date, tally: Tally): Promise<boolean> {
  const step = sweepStep(w, at);
  if (!step) return true;
  const _ = ctx.db.command;
  const res = check(await ctx.db.collection(WISH_COLLECTION).where({ _id: w._id, rev: w.rev }).update({ ...setWhole(ctx.db, step.changes), rev: _.inc(1) })) as { updated?: number };
  if (res.updated !== 1) return false;
  if (step.kind === 'flag') tally.flagged += 1;
  if (step.kind === 'chase') tally.chased += 1;
  const templateId = config().subscribeTemplates.wishChase;
  const openid = w.claimerId ? openidOf.get(w.claimerId) : null;
  if (step.message && templateId && openid) {
    const code = await sendSubscribeMessage(ctx.app, { touser: openid, templateId, page: `${WISH_PAGE}?id=${w._id}`, data: chaseMessageData(w) });
    if (code === 0) tally.messages += 1;
  }
  return true;
}

export const sweepRoute = route(wishesSweep, { access: 'server' }, async (_input, { app, db }) => {
  const started = Date.now();
  const at = now();
  const tally: Tally = { flagged: 0, chased: 0, messages: 0 };
  const walked = await sweepDue(db, {
    collection: WISH_COLLECTION,
    parse: (d) => wishDoc.parse(d),
    at,
    started,
    budgetMs: BUDGET_MS,
    batch: BATCH,
    parallel: PARALLEL,
    what: 'wish',
    // the claimers a batch may message, read once for it
    handler: async (batch) => {
      const claimers = [...new Set(batch.flatMap((w) => (w.status === 'claimed' && w.chaseGrant && w.claimerId ? [w.claimerId] : [])))];
      const openidOf = new Map([...(await getPersons(db, claimers))].map(([id, p]) => [id, p.openid]));
      return (w) => sweepOne({ app, db }, w, openidOf, at, tally);
    },
  });
  // a wish that changed meanwhile is not a failure: the next run reads it afresh
  const result = { ...tally, examined: walked.examined, failed: walked.failed, more: walked.more };
  log.info('wish sweep', { ...result, ms: Date.now() - started });
  return result;
});
