/**
 * requests.duty (上岗): a handler (grid worker, Red Neighbor Leader) or staff member allowed the 新工单
 * and 督办 messages in a tap. WeChat's grants are one-time, one message per template per allowance,
 * so each tap adds one of each to the person's counters in `request_duty` (`_id` = person id); every
 * message sent spends one (notify.ts). A retry with the same key counts once.
 */
import { z } from 'zod';
import { requestsDuty } from '../../../core/contracts/requests';
import { AppError, check, homeCommunity, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { getDoc } from '../../lib/ledger';

export const DUTY_COLLECTION = 'request_duty';
/** the keys of the latest taps, remembered to answer a retry */
const KEYS_KEPT = 20;
const ATTEMPTS = 3;

export const dutyDoc = z.object({
  _id: z.string(),
  communityId: z.string(),
  /** 新工单 messages allowed and not yet sent */
  grants: z.number().int().min(0),
  /** 督办 messages allowed and not yet sent */
  overdueGrants: z.number().int().min(0),
  keys: z.array(z.string()),
  updatedAt: z.string(),
  rev: z.number().int(),
});
export type DutyDoc = z.infer<typeof dutyDoc>;

async function goOnDuty(db: Database, personId: string, communityId: string, key: string, granted: boolean): Promise<DutyDoc> {
  const _ = db.command;
  const add = granted ? 1 : 0;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const at = now().toISOString();
    const found = await getDoc(db, DUTY_COLLECTION, personId, dutyDoc);
    if (found?.keys.includes(key)) return found;
    if (!found) {
      const doc: DutyDoc = { _id: personId, communityId, grants: add, overdueGrants: add, keys: [key], updatedAt: at, rev: 0 };
      try {
        check(await db.collection(DUTY_COLLECTION).add(doc));
        return doc;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        continue; // a tap at the same time made it: count over it
      }
    }
    const keys = [...found.keys, key].slice(-KEYS_KEPT);
    // the counters move by increments (messages spend them without the version); the keys over the version read
    const res = check(
      await db
        .collection(DUTY_COLLECTION)
        .where({ _id: personId, rev: found.rev })
        .update({ communityId, grants: _.inc(add), overdueGrants: _.inc(add), keys, updatedAt: at, rev: _.inc(1) }),
    ) as { updated?: number };
    if (res.updated === 1) return { ...found, communityId, grants: found.grants + add, overdueGrants: found.overdueGrants + add, keys, rev: found.rev + 1 };
  }
  throw new AppError('CONFLICT', '刚才的设置还在保存，请稍后再试');
}

export const dutyRoute = route(requestsDuty, { access: 'bound', roles: ['leader', 'grid_worker', 'staff', 'admin'] }, async (input, { db, person }) => {
  const duty = await goOnDuty(db, person._id, homeCommunity(person), input.idempotencyKey, input.granted);
  return { grantsLeft: duty.grants };
});
