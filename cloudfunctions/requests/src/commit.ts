/**
 * The one way a request changes after filing: an event goes through the state machine
 * (core/domain/requests/lifecycle.ts) and lands only over the version it was computed from (`rev`).
 * Of two writers at once one lands and the other re-reads and tries again (or is refused by the
 * machine: the first accept wins). The timeline entry carries the caller's idempotency key, so a
 * retry finds its own entry and answers without a second change.
 *
 * The effects the transition asks for (points, a return visit) are stored with it in
 * `pendingEffects`: the return visit is made at once, points by the sweep (effects.ts). Every write
 * also rewrites the projections the board and the sweep read through indexes (schedule.ts).
 */
import type { Actor, RequestEvent } from '../../../core/domain/requests/lifecycle';
import { transition } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, type RequestDoc } from '../../../core/domain/requests/model';
import { projectionsOf } from '../../../core/domain/requests/schedule';
import { AppError, check, type CloudApp, type Database } from '../../lib';
import { now as clockNow } from '../../lib/clock';
import { setWhole } from '../../lib/db-update';
import { startEffects } from './effects';
import { notifyAfterCommit } from './notify';
import { loadRequest } from './store';

/** attempts when the request changed between our read and our write */
const ATTEMPTS = 3;

export interface Commit {
  /** the request as read (prefetched); re-read on a lost race */
  request: RequestDoc;
  event: RequestEvent;
  /** who acts, given the request (team and partner memberships may depend on its assignment) */
  actor: (request: RequestDoc) => Actor | Promise<Actor>;
  /** the caller's idempotency key; null for the sweep (its events are guarded by the machine) */
  key: string | null;
  /** the actor's name as the timeline shows it; null for the system */
  actorName: string | null;
  /** fields the event sets besides the machine's (deadlines after a reopen, the handler's name, photos' checks) */
  patch?: (next: RequestDoc, before: RequestDoc) => Partial<RequestDoc>;
  /** a refusal in the caller's words, given the request as it was (e.g. who took it first) */
  refused?: (request: RequestDoc, refusal: AppError) => AppError;
}

/** The request's fields that a write replaces; `_id` and `timeline` (appended) are not among them. */
function changedFields(before: RequestDoc, after: RequestDoc): Partial<RequestDoc> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k === '_id' || k === 'timeline' || k === 'rev') continue;
    if (JSON.stringify(v) !== JSON.stringify((before as Record<string, unknown>)[k])) out[k] = v;
  }
  return out as Partial<RequestDoc>;
}

/** The caller's own entry from an earlier try with the same key, if any. */
const replayOf = (r: RequestDoc, key: string | null, actorId: string | null) => (key === null ? undefined : r.timeline.find((e) => e.key === key && e.actorId === actorId));

/** Applies the event and writes it; answers the request as stored after the write (or after the earlier try). */
export async function commitEvent(ctx: { app: CloudApp; db: Database }, c: Commit): Promise<RequestDoc> {
  const { db } = ctx;
  let before = c.request;
  for (let attempt = 1; ; attempt += 1) {
    const actor = await c.actor(before);
    const actorId = actor.kind === 'person' ? actor.personId : null;
    const earlier = replayOf(before, c.key, actorId);
    if (earlier) {
      if (earlier.type !== c.event.type) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的操作，请刷新后重试');
      return before;
    }
    const at = clockNow();
    const result = transition(before, c.event, actor, at);
    if (!result.ok) {
      const refusal = new AppError(result.code, result.message);
      throw c.refused ? c.refused(before, refusal) : refusal;
    }
    const entry = { ...result.entry, key: c.key, actorName: c.actorName };
    const machine: RequestDoc = { ...before, ...result.request, timeline: [...before.timeline, entry] };
    const patched: RequestDoc = { ...machine, ...c.patch?.(machine, before), pendingEffects: [...before.pendingEffects, ...result.effects] };
    const after: RequestDoc = { ...patched, ...projectionsOf(patched), rev: before.rev + 1 };
    const _ = db.command;
    const res = check(
      await db
        .collection(REQUEST_COLLECTION)
        .where({ _id: before._id, rev: before.rev })
        .update({ ...setWhole(db, changedFields(before, after)), rev: _.inc(1), timeline: _.push([entry]) }),
    ) as { updated?: number };
    if (res.updated === 1) {
      // the messages it calls for go with its first effects; neither undoes the write (both never throw)
      await Promise.all([startEffects(db, after), notifyAfterCommit(ctx, after, entry)]);
      return after;
    }
    if (attempt >= ATTEMPTS) throw new AppError('CONFLICT', '这张工单刚刚有了变化，请刷新后再试');
    before = await loadRequest(db, before._id);
  }
}
