/**
 * The branch 五有 checklist: one document per branch (`_id` = branch id) holding each item's
 * evidence as its secretary keeps it, and the coverage staff see across a community's branches.
 */
import { z } from 'zod';
import { idSchema } from '../../contracts/common';
import { WUYOU_ITEMS, type WuyouItem } from '../../labels/org-admin';
import type { BranchDoc } from '../org-model';

export const wuyouItemRecord = z.object({
  done: z.boolean(),
  text: z.string(),
  photos: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type WuyouItemRecord = z.infer<typeof wuyouItemRecord>;

export const wuyouDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  branchId: idSchema,
  items: z.partialRecord(z.enum(WUYOU_ITEMS), wuyouItemRecord),
  rev: z.number().int(),
  updatedAt: z.string(),
});
export type WuyouDoc = z.infer<typeof wuyouDoc>;

/** All five items in their order; an item never filled in is not done and has no evidence. */
export function wuyouItems(doc: WuyouDoc | null) {
  return WUYOU_ITEMS.map((key) => {
    const item = doc?.items[key];
    return { key, done: item?.done ?? false, text: item?.text ?? '', photos: item?.photos ?? [], updatedAt: item?.updatedAt ?? null, updatedBy: item?.updatedBy ?? null };
  });
}

/** The checklist with one item replaced. */
export function withItem(doc: WuyouDoc | null, branch: Pick<BranchDoc, '_id' | 'communityId'>, key: WuyouItem, item: WuyouItemRecord): WuyouDoc {
  return {
    _id: branch._id,
    communityId: branch.communityId,
    branchId: branch._id,
    items: { ...(doc?.items ?? {}), [key]: item },
    rev: (doc?.rev ?? 0) + 1,
    updatedAt: item.updatedAt,
  };
}

/** Per item: how many of the live branches have it, and which lack it (by name). */
export function wuyouCoverage(branches: BranchDoc[], docs: WuyouDoc[]) {
  const live = branches.filter((b) => b.retiredAt === null).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true }));
  const byBranch = new Map(docs.map((d) => [d.branchId, d]));
  return {
    branchCount: live.length,
    items: WUYOU_ITEMS.map((key) => {
      const missing = live.filter((b) => !byBranch.get(b._id)?.items[key]?.done);
      return { key, done: live.length - missing.length, missing: missing.map((b) => ({ id: b._id, name: b.name })) };
    }),
  };
}
