/** The caller's person, with roles embedded: one read by openid. */
import { personDoc, type PersonDoc } from '../../core/domain/org-model';
import { COLLECTIONS } from './collections';
import type { Database } from './cloud';

export async function loadPerson(db: Database, openid: string): Promise<PersonDoc | null> {
  const { data } = await db.collection(COLLECTIONS.persons).where({ openid }).limit(1).get();
  return data.length ? personDoc.parse(data[0]) : null;
}
