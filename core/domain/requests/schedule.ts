/**
 * When a request's limits run out, and what the supervision sweep (督办) must do about it.
 *
 * Each limit has two steps: at the first the handler and staff are reminded (督办, level 1); at the
 * second — the same limit counted again from the first deadline — it goes up to staff (level 2).
 * The response limit runs until someone accepts; the resolution limit until it is resolved. A
 * resolved request the reporter does not rate closes itself after AUTO_CLOSE_DAYS (未评价).
 *
 * Every write stores the projections below with the request, so the sweep reads only requests whose
 * `nextCheckAt` has passed (an index range, never a scan) and the board filters on `open` and
 * `overdueLevel` through an index.
 */
import { limitsOf, type RequestCategory, type RequestCategoryCode, type Urgency } from './categories';
import { dueAt, type Due, type TimeLimit } from './deadlines';
import { AUTO_CLOSE_DAYS, OPEN_STATES, stageOf, type Request, type RequestEvent, type RequestStatus } from './lifecycle';

const DAY_MS = 86_400_000;

export interface Deadlines {
  respondBy: string;
  respondEscalateBy: string;
  resolveBy: string;
  resolveEscalateBy: string;
  /** years counted as plain weekdays for want of holiday data (deadlines.ts): log them */
  assumedYears: number[];
}

/**
 * The second step: the limit counted again from the first deadline. A working-day deadline is the
 * end of its last day (00:00 of the next), so the count restarts from that day, not the next.
 */
function again(first: Due, limit: TimeLimit): Due {
  return dueAt('workingDays' in limit ? new Date(first.at.getTime() - 1) : first.at, limit);
}

/** The four deadlines of a request whose clock starts at `start` (filing, or the latest reopen). */
export function deadlinesFrom(categories: readonly RequestCategory[], category: RequestCategoryCode, urgency: Urgency, start: Date): Deadlines {
  const limits = limitsOf(categories, category, urgency);
  const respond = dueAt(start, limits.response);
  const respondEscalate = again(respond, limits.response);
  const resolve = dueAt(start, limits.resolution);
  const resolveEscalate = again(resolve, limits.resolution);
  const assumed = new Set([respond, respondEscalate, resolve, resolveEscalate].flatMap((d) => d.assumedYears));
  return {
    respondBy: respond.at.toISOString(),
    respondEscalateBy: respondEscalate.at.toISOString(),
    resolveBy: resolve.at.toISOString(),
    resolveEscalateBy: resolveEscalate.at.toISOString(),
    assumedYears: [...assumed].sort(),
  };
}

/** What the schedule needs of a stored request. */
export type Scheduled = Pick<Request, 'status' | 'clockStartedAt' | 'resolvedAt' | 'timeline'> &
  Pick<Deadlines, 'respondBy' | 'respondEscalateBy' | 'resolveBy' | 'resolveEscalateBy'> & { pendingEffects: readonly unknown[] };

/** Which limit runs on an open request; none once it is resolved or finished. */
const runningStage = (status: RequestStatus) => (OPEN_STATES.includes(status) ? stageOf(status) : null);

/** The highest supervision level reached on the current limit since the clock (re)started. */
export function overdueLevelOf(r: Scheduled): 0 | 1 | 2 {
  const stage = runningStage(r.status);
  if (!stage) return 0;
  let level: 0 | 1 | 2 = 0;
  for (const e of r.timeline) {
    if (e.type === 'supervise' && e.at >= r.clockStartedAt && e.detail.stage === stage && (e.detail.level === 1 || e.detail.level === 2) && e.detail.level > level) {
      level = e.detail.level;
    }
  }
  return level;
}

function stepsOf(r: Scheduled): [string, string] | null {
  const stage = runningStage(r.status);
  if (stage === 'response') return [r.respondBy, r.respondEscalateBy];
  if (stage === 'resolution') return [r.resolveBy, r.resolveEscalateBy];
  return null;
}

const autoCloseAt = (resolvedAt: string) => new Date(Date.parse(resolvedAt) + AUTO_CLOSE_DAYS * DAY_MS).toISOString();

/**
 * When the sweep must next look at the request: the next supervision step, the automatic close, or
 * at once when effects are pending; null when nothing will ever be due (a finished request).
 */
export function nextCheckOf(r: Scheduled): string | null {
  if (r.pendingEffects.length > 0) return r.timeline.at(-1)?.at ?? r.clockStartedAt;
  const steps = stepsOf(r);
  if (steps) {
    const level = overdueLevelOf(r);
    return level === 2 ? null : steps[level];
  }
  if (r.status === 'resolved' && r.resolvedAt) return autoCloseAt(r.resolvedAt);
  return null;
}

/** The fields every write stores with the request. */
export function projectionsOf(r: Scheduled): { open: boolean; overdueLevel: 0 | 1 | 2; nextCheckAt: string | null } {
  return { open: OPEN_STATES.includes(r.status), overdueLevel: overdueLevelOf(r), nextCheckAt: nextCheckOf(r) };
}

/** The system's events that are due at `now`, in order: at most one supervision step (the highest passed) or the automatic close. */
export function dueEventsOf(r: Scheduled, now: Date): RequestEvent[] {
  const t = now.toISOString();
  const steps = stepsOf(r);
  if (steps) {
    const level = overdueLevelOf(r);
    const reached = steps[1] <= t ? 2 : steps[0] <= t ? 1 : 0;
    return reached > level ? [{ type: 'supervise', level: reached as 1 | 2 }] : [];
  }
  if (r.status === 'resolved' && r.resolvedAt && autoCloseAt(r.resolvedAt) <= t) return [{ type: 'autoClose' }];
  return [];
}
