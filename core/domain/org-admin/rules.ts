/**
 * What every planner of an org change shares: its refusals (with Chinese field issues), ids made
 * from the idempotency key, which nodes are live, and names unique among siblings.
 */
import type { FieldIssue } from '../../contracts/common';
import { canonicalEncode, sha256Hex } from '../points/canonical';

export type OrgRuleCode = 'VALIDATION_ERROR' | 'NOT_FOUND' | 'CONFLICT' | 'IDEMPOTENCY_CONFLICT' | 'PRECONDITION_FAILED';

/** A change the rules refuse; nothing is written. The route answers it as the AppError of the same code. */
export class OrgRuleError extends Error {
  constructor(
    readonly code: OrgRuleCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'OrgRuleError';
  }
}

/** Collects field issues and throws them together, so a form shows every problem at once. */
export class Issues {
  private readonly list: FieldIssue[] = [];

  /** `path` is the input field, without the `data.` prefix */
  add(path: string, message: string): this {
    this.list.push({ path: path ? `data.${path}` : 'data', message });
    return this;
  }

  check(ok: boolean, path: string, message: string): this {
    return ok ? this : this.add(path, message);
  }

  throwIfAny(): void {
    if (!this.list.length) return;
    throw new OrgRuleError('VALIDATION_ERROR', this.list[0].message, this.list);
  }
}

export function refuse(path: string, message: string): never {
  throw new OrgRuleError('VALIDATION_ERROR', message, [{ path: path ? `data.${path}` : 'data', message }]);
}

export function notFound(message: string): never {
  throw new OrgRuleError('NOT_FOUND', message);
}

/** Refuses to retire (or move) a node that something live still depends on: one reason per dependent. */
export function refuseWhile(reasons: string[], what: string): void {
  if (!reasons.length) return;
  throw new OrgRuleError('PRECONDITION_FAILED', `${what}：${reasons.join('；')}`);
}

/**
 * The id a new node gets: the same community, actor, kind and idempotency key always give the same
 * id, so a retried create makes nothing twice.
 */
export function newNodeId(prefix: string, kind: string, communityId: string, ctx: { actorId: string; idempotencyKey: string }, n = 0): string {
  return `${prefix}-${sha256Hex(canonicalEncode([communityId, ctx.actorId, kind, ctx.idempotencyKey, n])).slice(0, 20)}`;
}

/** A create whose id is taken: the key was used for another node (a replay never reaches a planner). */
export function checkFresh(taken: boolean): void {
  if (taken) throw new OrgRuleError('IDEMPOTENCY_CONFLICT', '这个请求编号已用过，请刷新后重试');
}

export interface Life {
  retiredAt: string | null;
}
export const isLive = (n: Life): boolean => n.retiredAt === null;

/** Two names that only differ in spaces or width are the same name (全角/半角). */
export const sameName = (a: string, b: string): boolean => normaliseName(a) === normaliseName(b);
function normaliseName(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Whether `name` is taken by a live sibling other than `selfId`. */
export function nameTaken<T extends Life & { _id: string }>(siblings: T[], name: string, selfId: string | null, nameOf: (n: T) => string): boolean {
  return siblings.some((s) => s._id !== selfId && isLive(s) && sameName(nameOf(s), name));
}

/** The rev the editor showed must still be the node's: someone else saved it in between otherwise. */
export function checkRevSeen(rev: number | undefined, current: number, what: string): void {
  if (rev !== undefined && rev !== current) {
    throw new OrgRuleError('CONFLICT', `${what}刚被其他人修改过，请刷新后再改`);
  }
}

/** Field names of what changed between two versions of a node, for the audit summary. */
export function changedFields<T extends object>(before: T, after: T, labels: Partial<Record<keyof T, string>>): string[] {
  return (Object.keys(labels) as (keyof T)[])
    .filter((k) => canonicalEncode(before[k] as never) !== canonicalEncode(after[k] as never))
    .map((k) => labels[k] as string);
}
