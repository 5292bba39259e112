/**
 * Person documents written outside an org change (binding a household, moving out): a whole
 * document by `_id`, guarded by the `rev` it was read with and bumping it, so a concurrent org change
 * (lib/org-change.ts) or another binding conflicts instead of being overwritten.
 */
import { randomBytes } from 'node:crypto';
import { personDoc, type PersonDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, check, type Database } from '../../lib';
import { isDuplicate } from '../../lib/db-errors';

const STALE = '你的资料刚被修改过，请刷新后重试';

/** A fresh person id: random, so it says nothing about the WeChat identity (it outlives 注销 in the ledger). */
export const newPersonId = () => `p_${randomBytes(12).toString('hex')}`;

/** Writes `next` over the person read as `read` (null: a new person); CONFLICT if it changed meanwhile. */
export async function savePerson(db: Database, read: PersonDoc | null, next: PersonDoc): Promise<PersonDoc> {
  const { _id, ...fields } = personDoc.parse(next);
  const persons = db.collection(COLLECTIONS.persons);
  if (!read) {
    try {
      check(await persons.add({ _id, ...fields, rev: 0 }));
    } catch (err) {
      if (isDuplicate(err)) throw new AppError('CONFLICT', STALE);
      throw err;
    }
    return { ...next, rev: 0 };
  }
  const res = check(await persons.where({ _id, rev: read.rev }).update({ ...fields, rev: read.rev + 1 })) as { updated?: number };
  if (!res.updated) throw new AppError('CONFLICT', STALE);
  return { ...next, rev: read.rev + 1 };
}
