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
import { getPersons } from '../../lib/ledger';

const BATCH = 100;
/** wishes written at once within a batch */
const PARALLEL = 8;
/** the run starts no batch after this (the function's timeout is 20 s) */
const BUDGET_MS = 12_000;
/** the page a chase message opens */
const WISH_PAGE = 'packages/service/pages/wish/index';

interface Tally {
  examined: number;
  flagged: number;
  chased: number;
  messages: number;
  failed: number;
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
  const _ = db.command;
  const tally: Tally = { examined: 0, flagged: 0, chased: 0, messages: 0, failed: 0 };
  // wishes that stay due after this run worked on them: not read again in it
  const left = new Set<string>();
  let more = false;
  for (;;) {
    if (Date.now() - started > BUDGET_MS) {
      more = true;
      break;
    }
    // index nextCheckAt_1; the lower bound keeps the range to dates (wishes with nothing to watch hold null)
    const query = _.and([{ nextCheckAt: _.gt('') }, { nextCheckAt: _.lte(at.toISOString()) }, ...(left.size ? [{ _id: _.nin([...left]) }] : [])]);
    const { data } = await db.collection(WISH_COLLECTION).where(query).orderBy('nextCheckAt', 'asc').limit(BATCH).get();
    const batch = (data as unknown[]).map((d) => wishDoc.parse(d));
    tally.examined += batch.length;
    const claimers = [...new Set(batch.flatMap((w) => (w.status === 'claimed' && w.chaseGrant && w.claimerId ? [w.claimerId] : [])))];
    const persons = await getPersons(db, claimers);
    const openidOf = new Map([...persons].map(([id, p]) => [id, p.openid]));
    for (let i = 0; i < batch.length; i += PARALLEL) {
      await Promise.all(
        batch.slice(i, i + PARALLEL).map(async (w) => {
          try {
            if (!(await sweepOne({ app, db }, w, openidOf, at, tally))) left.add(w._id); // changed meanwhile: the next run reads it afresh
          } catch (err) {
            left.add(w._id);
            tally.failed += 1;
            log.warn('wish sweep: left for the next run', { wishId: w._id, error: err instanceof Error ? err.message : String(err) });
          }
        }),
      );
    }
    if (batch.length < BATCH) break;
  }
  const result = { ...tally, more };
  log.info('wish sweep', { ...result, ms: Date.now() - started });
  return result;
});
