/** The communities a staff member or administrator runs, from `account.me`'s roles. */
import type { MeView } from '@core/contracts/account';

export function runCommunities(me: MeView): string[] {
  if (!me.bound) return [];
  const ids = new Set<string>();
  for (const r of me.roles) {
    if (r.role === 'staff' && r.scope.communityId) ids.add(r.scope.communityId);
    if (r.role === 'admin') for (const id of r.scope.communityIds ?? []) ids.add(id);
  }
  // the person's own community first
  return [...ids].sort((a, b) => Number(b === me.person.communityId) - Number(a === me.person.communityId));
}
