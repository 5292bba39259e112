/** Imports and exports are for staff of the community and its admins. */
import { administers } from '../../../../core/domain/org';
import type { PersonDoc } from '../../../../core/domain/org-model';
import { AppError, homeCommunity } from '../../../lib';

export const STAFF_ROLES = ['staff', 'admin'] as const;

/** The community the call is about (the caller's own when not given), once the caller may run it. */
export function staffCommunity(person: PersonDoc, communityId: string | undefined): string {
  const id = communityId ?? homeCommunity(person);
  if (!administers(person, id)) throw new AppError('FORBIDDEN', '只能管理你负责的社区的名册');
  return id;
}
