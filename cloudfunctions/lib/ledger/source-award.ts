/**
 * The one way completed work books points (ARCHITECTURE decision 9): in-process, by the function
 * that completes the request, wish or activity, with the key derived from the source. No
 * client-reachable action books these.
 */
import { activeItem } from '../../../core/domain/points/catalogue';
import type { PersonDoc } from '../../../core/domain/org-model';
import type { EntryDoc } from '../../../core/domain/points/model';
import { recipientOf } from '../../../core/domain/points/recipient';
import { entrySource, sourceKey, type AwardSource } from '../../../core/domain/points/sources';
import type { Database } from '../cloud';
import { AppError } from '../errors';
import { book, requestHash } from './book';
import { asAppError, getPersons } from './store';

export interface SourceAward {
  source: AwardSource;
  communityId: string;
  /** who earns it (for an activity, the participant the source names) */
  personId: string;
  /** the catalogue item, at its current version */
  itemCode: string;
  reason?: string;
  /** the person document, when the caller has read it already (else it is read here) */
  person?: PersonDoc;
}

/** Books `itemCode` to the person once per source; a repeat answers the first entry (`replayed`). */
export async function awardForSource(db: Database, award: SourceAward): Promise<{ entry: EntryDoc; replayed: boolean; attempts: number }> {
  if (award.source.type === 'activity' && award.source.personId !== award.personId) {
    throw new Error(`activity award to ${award.personId} names participant ${award.source.personId}`);
  }
  const person = award.person?._id === award.personId ? award.person : (await getPersons(db, [award.personId])).get(award.personId);
  if (!person || person.communityId !== award.communityId) throw new AppError('NOT_FOUND', '没有找到这个社区的这位人员');
  const source = entrySource(award.source);
  const reason = award.reason ?? null;
  const booked = await book(db, {
    communityId: award.communityId,
    actorId: null,
    idempotencyKey: sourceKey(award.source),
    requestHash: requestHash({ action: 'source.award', communityId: award.communityId, personId: award.personId, itemCode: award.itemCode, source, reason }),
    specs: [
      {
        recipient: recipientOf(person),
        entryKey: person._id,
        build: (b) => {
          const item = activeItem(b, award.itemCode);
          return { points: item.points, item, source, reason };
        },
      },
    ],
  }).catch((err: unknown) => {
    throw asAppError(err); // a cap reached or an item switched off, as the caller's error
  });
  return { entry: booked.entries[0], replayed: booked.replayed, attempts: booked.attempts };
}
