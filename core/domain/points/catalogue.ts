/**
 * The rules catalogue: versioned items. A change makes a new version; entries keep the version
 * they were awarded under, so changing an item never changes the past.
 */
import type { RuleItem, RuleItemInput } from '../../contracts/points';
import type { BookDoc } from './model';
import { PointsError } from './ledger';

function sameContent(a: RuleItemInput, b: RuleItemInput): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(i: RuleItemInput): RuleItemInput {
  return {
    code: i.code,
    categoryCode: i.categoryCode,
    name: i.name,
    points: i.points,
    cap: i.cap
      ? {
          period: i.cap.period,
          ...(i.cap.count !== undefined ? { count: i.cap.count } : {}),
          ...(i.cap.points !== undefined ? { points: i.cap.points } : {}),
        }
      : null,
    evidenceRequired: i.evidenceRequired,
    approver: i.approver,
    active: i.active,
  };
}

/** Adds or changes an item; an unchanged item keeps its version. */
export function upsertItem(book: BookDoc, input: RuleItemInput, now: string): { items: RuleItem[]; item: RuleItem; created: boolean } {
  if (!book.categories.some((c) => c.code === input.categoryCode)) {
    throw new PointsError('VALIDATION_ERROR', `没有编号为 ${input.categoryCode} 的类别`);
  }
  const existing = book.items.find((i) => i.code === input.code);
  if (existing && sameContent(existing, input)) return { items: book.items, item: existing, created: false };
  const item: RuleItem = { ...normalise(input), version: (existing?.version ?? 0) + 1, updatedAt: now };
  const items = existing ? book.items.map((i) => (i.code === item.code ? item : i)) : [...book.items, item];
  return { items, item, created: !existing };
}

/** The item to award; inactive items cannot be awarded or claimed. */
export function activeItem(book: BookDoc, code: string): RuleItem {
  const item = book.items.find((i) => i.code === code);
  if (!item) throw new PointsError('NOT_FOUND', `积分规则中没有事项 ${code}`);
  if (!item.active) throw new PointsError('PRECONDITION_FAILED', `事项「${item.name}」已停用`);
  return item;
}
