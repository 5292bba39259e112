/** Shared by the org-admin planner tests: the demo community as a snapshot, and how a plan is refused. */
import type { OrgSnapshot } from '../../core/domain/org';
import type { HouseholdDoc } from '../../core/domain/org-model';
import type { PlanContext } from '../../core/domain/org-admin/change';
import { OrgRuleError } from '../../core/domain/org-admin/rules';
import { demoData } from '../../tools/seed/demo';

export function demo(): { s: OrgSnapshot; households: HouseholdDoc[] } {
  const { snapshot, households } = demoData();
  return { s: snapshot, households };
}

let n = 0;
export const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  idempotencyKey: `key-${++n}-abcdef`,
  actorId: 'p-staff',
  now: '2026-12-01T08:00:00.000Z',
  ...over,
});

/** The refusal a plan throws: its code, message and the field issues' paths and messages. */
export function refusal(plan: () => unknown): { code: string; message: string; issues: { path: string; message: string }[] } {
  try {
    plan();
  } catch (err) {
    if (err instanceof OrgRuleError) return { code: err.code, message: err.message, issues: err.issues };
    throw err;
  }
  throw new Error('expected the plan to be refused');
}

/** The documents a change writes to `collection`, by id. */
export function written<T = Record<string, unknown>>(change: { writes: { collection: string; doc: { _id: string } }[] }, collection: string): Map<string, T> {
  return new Map(change.writes.filter((w) => w.collection === collection).map((w) => [w.doc._id, w.doc as T]));
}
