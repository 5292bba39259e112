/** Who a person is to the service contexts (wishes, activities, teams): pure, from their roles. */
import type { PersonDoc } from '../org-model';

/** Staff of the community, or an administrator who runs it. */
export function isStaffOf(person: Pick<PersonDoc, 'roles'>, communityId: string): boolean {
  return person.roles.some(
    (g) => (g.role === 'staff' && g.scope.communityId === communityId) || (g.role === 'admin' && (g.scope.communityIds ?? []).includes(communityId)),
  );
}

/** Party members and Red Neighbor Leaders serve: they claim wishes. */
export function mayServe(person: Pick<PersonDoc, 'partyMember' | 'roles'>): boolean {
  return person.partyMember || person.roles.some((g) => g.role === 'leader');
}

/** The buildings a grid worker's grids or a building head's grants cover (grids resolved by the caller). */
export function proxyBuildings(person: Pick<PersonDoc, 'roles'>, gridBuildings: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  for (const g of person.roles) {
    if (g.role === 'building_head') for (const b of g.scope.buildingIds ?? []) out.add(b);
    if (g.role === 'grid_worker' && g.scope.gridId) for (const b of gridBuildings.get(g.scope.gridId) ?? []) out.add(b);
  }
  return out;
}

/** The grids whose buildings `proxyBuildings` needs. */
export const proxyGridIds = (person: Pick<PersonDoc, 'roles'>): string[] =>
  person.roles.flatMap((g) => (g.role === 'grid_worker' && g.scope.gridId ? [g.scope.gridId] : []));
