/**
 * A timer's walk over the documents whose `nextCheckAt` has come (index `nextCheckAt_1`), oldest
 * first, in batches, a few at a time, until none is left or the time budget is spent. A document
 * handled leaves the range (its next check moves on), so a run that stops anywhere loses nothing:
 * the next run goes on from what is still due. One that could not be handled now (changed
 * meanwhile, or failing) is left for the next run and not read again in this one.
 */
import type { Database } from './cloud';
import { log } from './log';

export interface DueSweep<T extends { _id: string }> {
  collection: string;
  parse: (raw: unknown) => T;
  /** the run's now: documents due at or before it */
  at: Date;
  /** when the run started (Date.now(): wall time, the function's timeout runs on it) */
  started: number;
  /** the run starts no batch after this */
  budgetMs: number;
  batch: number;
  /** documents handled at once within a batch */
  parallel: number;
  /** names the documents in the log: 'request', 'wish' */
  what: string;
  /** Per batch (what its documents need read once), the handler of one document: true when dealt with. */
  handler: (batch: T[]) => Promise<(doc: T) => Promise<boolean>>;
}

export interface DueSweepResult {
  examined: number;
  /** answered false: left for the next run */
  deferred: number;
  /** threw: logged and left for the next run */
  failed: number;
  /** the budget ran out with documents possibly still due */
  more: boolean;
}

export async function sweepDue<T extends { _id: string }>(db: Database, s: DueSweep<T>): Promise<DueSweepResult> {
  const _ = db.command;
  const due = s.at.toISOString();
  const result: DueSweepResult = { examined: 0, deferred: 0, failed: 0, more: false };
  const left = new Set<string>();
  for (;;) {
    if (Date.now() - s.started > s.budgetMs) {
      result.more = true;
      break;
    }
    // the lower bound keeps the index range to dates: documents with nothing to watch (null) sort before them
    const query = _.and([{ nextCheckAt: _.gt('') }, { nextCheckAt: _.lte(due) }, ...(left.size ? [{ _id: _.nin([...left]) }] : [])]);
    const { data } = await db.collection(s.collection).where(query).orderBy('nextCheckAt', 'asc').limit(s.batch).get();
    const batch = (data as unknown[]).map(s.parse);
    result.examined += batch.length;
    const handle = await s.handler(batch);
    for (let i = 0; i < batch.length; i += s.parallel) {
      await Promise.all(
        batch.slice(i, i + s.parallel).map(async (doc) => {
          try {
            if (await handle(doc)) return;
            left.add(doc._id);
            result.deferred += 1;
          } catch (err) {
            left.add(doc._id);
            result.failed += 1;
            log.warn(`sweep: ${s.what} left for the next run`, { id: doc._id, error: err instanceof Error ? err.message : String(err) });
          }
        }),
      );
    }
    if (batch.length < s.batch) break;
  }
  return result;
}
