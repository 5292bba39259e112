/** points.award / points.reverse: staff's awards, adjustments and reversals. */
import { pointsAward, pointsReverse } from '../../../core/contracts/points';
import { activeItem } from '../../../core/domain/points/catalogue';
import { entryView } from '../../../core/domain/points/ledger';
import { administers } from '../../../core/domain/org';
import type { PersonDoc } from '../../../core/domain/org-model';
import { AppError, homeCommunity } from '../../lib';
import { book, getEntries, getPersons, recipientOf, requestHash, reverse } from '../../lib/ledger';
import { pointsRoute } from './guarded';

/** The recipients (read with the caller), all in one community the actor administers. */
function recipientsOf(found: Map<string, PersonDoc>, actor: PersonDoc, personIds: string[]): { communityId: string; persons: PersonDoc[] } {
  const missing = personIds.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `没有找到人员：${missing.join('、')}`);
  const persons = personIds.map((id) => found.get(id)!);
  const communityId = homeCommunity(persons[0]);
  if (persons.some((p) => p.communityId !== communityId)) throw new AppError('VALIDATION_ERROR', '一次只能给同一社区的人员加分');
  if (!administers(actor, communityId)) throw new AppError('FORBIDDEN', '只有本社区的工作人员可以加分或调整积分');
  return { communityId, persons };
}

export const awardRoutes = [
  pointsRoute(
    pointsAward,
    { access: 'bound', roles: ['staff', 'admin'], prefetch: (input, db) => getPersons(db, input.personIds) },
    async (input, { db, person, prefetched }) => {
      const { communityId, persons } = recipientsOf(prefetched, person, input.personIds);
      const payload = input.kind === 'item' ? { kind: input.kind, itemCode: input.itemCode, reason: input.reason ?? null } : { kind: input.kind, points: input.points, reason: input.reason };
      const booked = await book(db, {
        communityId,
        actorId: person._id,
        idempotencyKey: input.idempotencyKey,
        requestHash: requestHash({ action: 'award', personIds: input.personIds, ...payload }),
        specs: persons.map((p) => ({
          recipient: recipientOf(p),
          entryKey: p._id,
          build: (b) => {
            if (input.kind === 'adjustment') return { points: input.points, item: null, source: { type: 'adjustment', id: null }, reason: input.reason };
            const item = activeItem(b, input.itemCode);
            return { points: item.points, item, source: { type: 'award', id: null }, reason: input.reason ?? null };
          },
        })),
      });
      return { entries: booked.entries.map((e) => entryView(e)), replayed: booked.replayed };
    },
  ),

  pointsRoute(
    pointsReverse,
    { access: 'bound', roles: ['staff', 'admin'], prefetch: async (input, db) => (await getEntries(db, [input.entryId]))[0] ?? null },
    async (input, { db, person, prefetched }) => {
      const booked = await reverse(db, {
        original: prefetched,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
        actorId: person._id,
        authorize: async (original) => {
          if (!administers(person, original.communityId)) throw new AppError('FORBIDDEN', '只有本社区的工作人员可以冲正积分');
          const subject = (await getPersons(db, [original.personId])).get(original.personId);
          return subject ? recipientOf(subject) : { personId: original.personId, name: original.personName, branchId: original.branchId };
        },
      });
      return { entry: entryView(booked.entries[0]), replayed: booked.replayed };
    },
  ),
];
