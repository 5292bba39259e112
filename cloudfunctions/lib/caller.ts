/** The caller's person, with roles embedded: one read by openid. */
import { personDoc, type PersonDoc } from '../../core/domain/org-model';
import { COLLECTIONS } from './collections';
import type { Database } from './cloud';
import { AppError } from './errors';

export async function loadPerson(db: Database, openid: string): Promise<PersonDoc | null> {
  const { data } = await db.collection(COLLECTIONS.persons).where({ openid }).limit(1).get();
  return data.length ? personDoc.parse(data[0]) : null;
}

/**
 * The community a person belongs to, for actions that default to it. Only a county administrator
 * who has not created or joined a community yet has none.
 */
export function homeCommunity(person: PersonDoc): string {
  if (!person.communityId) throw new AppError('PRECONDITION_FAILED', '你还没有加入社区，请先创建社区或选择要管理的社区');
  return person.communityId;
}
