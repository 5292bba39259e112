/**
 * Binding a resident to a household, pure: the person after binding or moving out, the resident
 * role with its label, who reviews a request, and what a person who erased their account becomes.
 */
import { scopeLabel } from '../org';
import type { CompoundDoc, GridDoc, HouseholdDoc, PersonDoc, RoleGrant } from '../org-model';
import type { BindRequestDoc } from './model';

/** What a person is called once they deleted their account (注销): in the ledger, on old lists. */
export const ERASED_NAME = '已注销用户';

/** The resident role on a household, labelled 幸福里社区 · 和平小区 · 1号楼1单元101. */
export function residentGrant(household: HouseholdDoc, compound: CompoundDoc): RoleGrant {
  const scope = { communityId: compound.communityId, compoundId: compound._id, householdId: household._id };
  const label = scopeLabel(scope, {
    communities: { [compound.communityId]: compound.communityName },
    compounds: { [compound._id]: compound.name },
    branches: {},
    grids: {},
    buildings: {},
    units: {},
    households: { [household._id]: household.label },
  });
  return { role: 'resident', scope, scopeLabel: label };
}

/** A person who never bound before. */
export function newPerson(id: string, openid: string, name: string, phone: string | null): PersonDoc {
  return {
    _id: id,
    openid,
    name,
    phone,
    communityId: null,
    communityName: null,
    compoundId: null,
    compoundName: null,
    buildingId: null,
    householdId: null,
    householdLabel: null,
    partyMember: false,
    partyCategory: null,
    publicNameConsent: false,
    roles: [],
    rev: 0,
  };
}

/** The person living in the household: its place, and the resident role instead of any earlier one. */
export function boundTo(person: PersonDoc, household: HouseholdDoc, compound: CompoundDoc): PersonDoc {
  return {
    ...person,
    communityId: person.communityId ?? compound.communityId,
    communityName: person.communityId ? person.communityName : compound.communityName,
    compoundId: compound._id,
    compoundName: compound.name,
    buildingId: household.buildingId,
    householdId: household._id,
    householdLabel: household.label,
    roles: [...person.roles.filter((g) => g.role !== 'resident'), residentGrant(household, compound)],
  };
}

/** The person after moving out: no household, no resident role; every other role stays. */
export function movedOut(person: PersonDoc): PersonDoc {
  return {
    ...person,
    compoundId: null,
    compoundName: null,
    buildingId: null,
    householdId: null,
    householdLabel: null,
    roles: person.roles.filter((g) => g.role !== 'resident'),
  };
}

/** Who may decide a request for a building: staff of the community, grid workers of the grids covering it, its building head. */
export function requestReviewerKeys(communityId: string, buildingId: string, grids: GridDoc[]): string[] {
  const covering = grids.filter((g) => g.retiredAt === null && g.buildingIds.includes(buildingId)).map((g) => `g:${g._id}`);
  return [`c:${communityId}`, `b:${buildingId}`, ...covering];
}

/** The keys of the requests a person may review (empty: none). */
export function reviewerKeysOf(person: PersonDoc): string[] {
  const keys = new Set<string>();
  for (const { role, scope } of person.roles) {
    if (role === 'staff' && scope.communityId) keys.add(`c:${scope.communityId}`);
    if (role === 'admin') for (const id of scope.communityIds ?? []) keys.add(`c:${id}`);
    if (role === 'grid_worker' && scope.gridId) keys.add(`g:${scope.gridId}`);
    if (role === 'building_head') for (const id of scope.buildingIds ?? []) keys.add(`b:${id}`);
  }
  return [...keys];
}

export const mayReview = (person: PersonDoc, request: Pick<BindRequestDoc, 'reviewerKeys'>) => {
  const mine = new Set(reviewerKeysOf(person));
  return request.reviewerKeys.some((k) => mine.has(k));
};

/**
 * The person after 注销: name, phone, WeChat identity, household and roles gone; the id stays, so
 * ledger entries keep pointing at someone (pseudonymous), and nothing links it back to them.
 */
export function erasedPerson(person: PersonDoc): PersonDoc {
  return {
    ...movedOut(person),
    openid: null,
    name: ERASED_NAME,
    phone: null,
    communityName: person.communityName,
    partyMember: false,
    partyCategory: null,
    publicNameConsent: false,
    roles: [],
  };
}
