/**
 * WeChat pushes the verdict of every asynchronous media check (`wxa_media_check`) to the one
 * function named in cloudfunctions/message-push.json (`requests`). That function records each
 * verdict here under its trace id, so a function that started a check on its own photos (notices,
 * wishes) finds the verdict without being the push's receiver.
 */
import type { ContentVerdict } from './content-security';
import { COLLECTIONS } from './collections';
import { check } from './db-errors';
import type { Database } from './cloud';
import { now } from './clock';

export interface MediaVerdict {
  verdict: ContentVerdict['suggest'];
  /** WeChat's label of what it found (100 normal, 20001 sexual, …) */
  label: number;
  at: string;
}

/** Records a verdict (`_id` = trace id); a repeated push overwrites it with the same values. */
export async function recordMediaVerdict(db: Database, traceId: string, verdict: ContentVerdict['suggest'], label: number): Promise<void> {
  check(await db.collection(COLLECTIONS.mediaVerdicts).doc(traceId).set({ verdict, label, at: now().toISOString() }));
}

/** The verdicts that have arrived for `traceIds` (at most 100), by trace id; missing: still pending. */
export async function mediaVerdictsOf(db: Database, traceIds: string[]): Promise<Map<string, MediaVerdict>> {
  const found = new Map<string, MediaVerdict>();
  if (!traceIds.length) return found;
  if (traceIds.length > 100) throw new Error(`mediaVerdictsOf: ${traceIds.length} trace ids, at most 100`);
  const res = check(await db.collection(COLLECTIONS.mediaVerdicts).where({ _id: db.command.in(traceIds) }).limit(100).get()) as { data: (MediaVerdict & { _id: string })[] };
  for (const { _id, verdict, label, at } of res.data) found.set(_id, { verdict, label, at });
  return found;
}
