/** points.rules.list / points.rules.upsert / points.grading.upsert */
import { pointsGradingUpsert, pointsRulesList, pointsRulesUpsert } from '../../../core/contracts/points';
import { upsertItem } from '../../../core/domain/points/catalogue';
import { POINT_COLLECTIONS as C } from '../../../core/domain/points/model';
import { AppError, check, config, homeCommunity } from '../../lib';
import { requireMember, requireStaff } from './access';
import { pointsRoute } from './guarded';
import { getBook, inTransaction, requestHash } from '../../lib/ledger';
import { now as clockNow } from '../../lib/clock';

/** A catalogue write seen before: same key and payload → the same answer; else a conflict. */
function seenBefore(ops: Record<string, string>, key: string, hash: string): boolean {
  if (!(key in ops)) return false;
  if (ops[key] !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的操作，请刷新后重试');
  return true;
}

export const rulesRoutes = [
  pointsRoute(pointsRulesList, { access: 'bound' }, async ({ communityId, includeInactive }, { db, person }) => {
    const cid = communityId ?? homeCommunity(person);
    requireMember(person, cid);
    const book = await getBook(db, cid);
    return {
      communityId: cid,
      categories: [...book.categories]
        .sort((a, b) => a.order - b.order)
        .map((c) => ({ ...c, items: book.items.filter((i) => i.categoryCode === c.code && (includeInactive || i.active)) })),
      grading: book.grading,
      subscribeTemplates: config().subscribeTemplates,
    };
  }),

  pointsRoute(pointsRulesUpsert, { access: 'bound' }, async ({ idempotencyKey, communityId, item }, { db, person }) => {
    const cid = communityId ?? homeCommunity(person);
    requireStaff(person, cid);
    const hash = requestHash({ action: 'rules.upsert', item });
    return inTransaction(db, async (t) => {
      const book = await getBook(t, cid);
      if (seenBefore(book.ops, idempotencyKey, hash)) {
        const current = book.items.find((i) => i.code === item.code)!;
        return { item: current, created: current.version === 1 };
      }
      const now = clockNow().toISOString();
      const result = upsertItem(book, item, now);
      check(await t.collection(C.books).doc(cid).update({ items: result.items, [`ops.${idempotencyKey}`]: hash, updatedAt: now }));
      return { item: result.item, created: result.created };
    });
  }),

  pointsRoute(pointsGradingUpsert, { access: 'bound' }, async ({ idempotencyKey, communityId, grading }, { db, person }) => {
    const cid = communityId ?? homeCommunity(person);
    requireStaff(person, cid);
    const hash = requestHash({ action: 'grading.upsert', grading });
    return inTransaction(db, async (t) => {
      const book = await getBook(t, cid);
      if (seenBefore(book.ops, idempotencyKey, hash)) return { grading: book.grading };
      check(await t.collection(C.books).doc(cid).update({ grading, [`ops.${idempotencyKey}`]: hash, updatedAt: clockNow().toISOString() }));
      return { grading };
    });
  }),
];
