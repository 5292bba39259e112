/**
 * The org model's rules: the compound's directory (公示牌) built from the org tree, who is bound to
 * a compound, who may look at one, and the labels that name a role's scope.
 */
import { ROLE_LABELS, type Contact, type RoleCode, type RoleScope } from '../contracts/org';
import { maskPhone } from './masking';
import type {
  BranchDoc,
  BuildingDoc,
  CentralHouseholdDoc,
  CommunityDoc,
  CompoundDoc,
  DirectoryDoc,
  GridDoc,
  HouseholdDoc,
  PartnerDoc,
  PersonDoc,
  TeamDoc,
} from './org-model';
import type { DirectoryView } from '../contracts/org';

/** Everything the directories of one community are built from. */
export interface OrgSnapshot {
  community: CommunityDoc;
  compounds: CompoundDoc[];
  branches: BranchDoc[];
  grids: GridDoc[];
  buildings: BuildingDoc[];
  centralHouseholds: CentralHouseholdDoc[];
  teams: TeamDoc[];
  partners: PartnerDoc[];
  persons: PersonDoc[];
}

/** Roles of people who work in a compound (rather than only live or administer there). */
const COMPOUND_WORKER_ROLES: readonly RoleCode[] = ['leader', 'grid_worker', 'building_head', 'unit_head'];
const BRANCH_ROLES: readonly RoleCode[] = ['secretary', 'committee'];

type CompoundRef = Pick<DirectoryDoc, '_id' | 'communityId' | 'branchId'>;

/** A bound resident of the compound, or someone who works in it (leader, grid worker, its branch). */
export function isBoundTo(person: PersonDoc, compound: CompoundRef): boolean {
  if (person.compoundId === compound._id) return true;
  return person.roles.some(
    ({ role, scope }) =>
      (COMPOUND_WORKER_ROLES.includes(role) && scope.compoundId === compound._id) ||
      (BRANCH_ROLES.includes(role) && compound.branchId !== null && scope.branchId === compound.branchId),
  );
}

/** Staff and administrators of the compound's community. */
export function administers(person: PersonDoc, communityId: string): boolean {
  return person.roles.some(
    ({ role, scope }) =>
      (role === 'staff' && scope.communityId === communityId) ||
      (role === 'admin' && (scope.communityIds ?? []).includes(communityId)),
  );
}

/** Whether the person may open the compound's board: its own people, its branch, its community's staff. */
export function canViewCompound(person: PersonDoc, compound: CompoundRef): boolean {
  return isBoundTo(person, compound) || administers(person, compound.communityId);
}

/** The compound a person's board opens on by default: where they live, else where they work. */
export function homeCompoundId(person: PersonDoc): string | null {
  return person.compoundId ?? person.roles.find(({ scope }) => scope.compoundId)?.scope.compoundId ?? null;
}

/** Which compounds a person may list: by community for staff/admin, by branch for its officers. */
export function compoundListScope(person: PersonDoc): { communityIds: string[]; branchIds: string[] } {
  const communityIds = new Set<string>();
  const branchIds = new Set<string>();
  for (const { role, scope } of person.roles) {
    if (role === 'staff' && scope.communityId) communityIds.add(scope.communityId);
    if (role === 'admin') for (const id of scope.communityIds ?? []) communityIds.add(id);
    if (BRANCH_ROLES.includes(role) && scope.branchId) branchIds.add(scope.branchId);
  }
  return { communityIds: [...communityIds], branchIds: [...branchIds] };
}

/** Names of the org tree's nodes by id, per kind, for labels. */
export interface OrgNames {
  communities: Record<string, string>;
  compounds: Record<string, string>;
  branches: Record<string, string>;
  grids: Record<string, string>;
  buildings: Record<string, string>;
  units: Record<string, string>;
  households: Record<string, string>;
}

export function orgNames(snapshot: OrgSnapshot, households: HouseholdDoc[] = []): OrgNames {
  const byId = <T extends { _id: string; name: string }>(docs: T[]) =>
    Object.fromEntries(docs.map((d) => [d._id, d.name]));
  return {
    communities: { [snapshot.community._id]: snapshot.community.name },
    compounds: byId(snapshot.compounds),
    branches: byId(snapshot.branches),
    grids: byId(snapshot.grids),
    buildings: byId(snapshot.buildings),
    units: Object.fromEntries(snapshot.buildings.flatMap((b) => b.units.map((u) => [u.id, u.name]))),
    households: Object.fromEntries(households.map((h) => [h._id, h.label])),
  };
}

/**
 * 幸福里社区 · 和平小区 · 3号楼: the scope from the widest node to the narrowest. A household's label
 * already names its building and unit, so it replaces them.
 */
export function scopeLabel(scope: RoleScope, names: OrgNames): string {
  const name = (map: Record<string, string>, id: string | undefined) => (id ? map[id] : undefined);
  const household = name(names.households, scope.householdId);
  const parts = [
    (scope.communityIds ?? []).map((id) => names.communities[id] ?? id).join('、') || undefined,
    name(names.communities, scope.communityId),
    name(names.compounds, scope.compoundId) ?? name(names.branches, scope.branchId),
    name(names.grids, scope.gridId),
    household ?? ((scope.buildingIds ?? []).map((id) => names.buildings[id] ?? id).join('、') || undefined),
    household ? undefined : name(names.units, scope.unitId),
  ];
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** A role as `account.me` shows it. */
export function roleView(grant: PersonDoc['roles'][number]) {
  return { role: grant.role, label: ROLE_LABELS[grant.role], scope: grant.scope, scopeLabel: grant.scopeLabel };
}

const byOrderThenName = (a: { order?: number; name: string }, b: { order?: number; name: string }) =>
  (a.order ?? 0) - (b.order ?? 0) || a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true });

/** Builds the directory document of every compound of the snapshot's community. */
export function buildDirectories(snapshot: OrgSnapshot, now: Date): DirectoryDoc[] {
  return snapshot.compounds.map((compound) => buildDirectory(snapshot, compound._id, now));
}

/** Live documents in `_id` order, so a board does not depend on the order the database answers in. */
const live = <T extends { _id: string; retiredAt: string | null }>(docs: T[]) =>
  docs.filter((d) => d.retiredAt === null).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

/** The tree without its retired nodes: what boards show. */
function liveTree(snapshot: OrgSnapshot): OrgSnapshot {
  return {
    ...snapshot,
    compounds: live(snapshot.compounds),
    branches: live(snapshot.branches),
    grids: live(snapshot.grids),
    buildings: live(snapshot.buildings),
    centralHouseholds: live(snapshot.centralHouseholds),
    teams: live(snapshot.teams),
    partners: live(snapshot.partners),
    // people in pinyin order of their names, as a printed board lists them
    persons: [...snapshot.persons].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || (a._id < b._id ? -1 : 1)),
  };
}

/**
 * The 公示牌 of one compound: who serves it, with phones masked and the full ones kept aside.
 * Retired nodes are left out.
 */
export function buildDirectory(full: OrgSnapshot, compoundId: string, now: Date): DirectoryDoc {
  const snapshot = liveTree(full);
  const compound = full.compounds.find((c) => c._id === compoundId);
  if (!compound) throw new Error(`unknown compound ${compoundId}`);
  const persons = new Map(snapshot.persons.map((p) => [p._id, p]));
  const phones: Record<string, string> = {};

  const contact = (personId: string, title: string): Contact | null => {
    const person = persons.get(personId);
    if (!person) return null;
    if (person.phone) phones[person._id] = person.phone;
    return { personId, name: person.name, title, maskedPhone: maskPhone(person.phone) };
  };
  const present = (c: Contact | null): c is Contact => c !== null;
  const holders = (role: RoleCode, matches: (scope: RoleScope) => boolean) =>
    snapshot.persons.filter((p) => p.roles.some((g) => g.role === role && matches(g.scope)));

  const branch = snapshot.branches.find((b) => b._id === compound.branchId) ?? null;
  const compoundName = (id: string) => snapshot.compounds.find((c) => c._id === id)?.name ?? '';
  const grids = snapshot.grids
    .filter((g) => g.compoundId === compound._id)
    .sort((a, b) => (a.level === b.level ? a._id.localeCompare(b._id) : a.level === 'big' ? -1 : 1));
  const gridOf = (buildingId: string) =>
    grids.find((g) => g.level === 'micro' && g.buildingIds.includes(buildingId)) ??
    grids.find((g) => g.buildingIds.includes(buildingId)) ??
    null;
  const buildings = snapshot.buildings.filter((b) => b.compoundId === compound._id).sort(byOrderThenName);
  const buildingName = new Map(buildings.map((b) => [b._id, b.name]));
  const unitName = new Map(buildings.flatMap((b) => b.units.map((u) => [u.id, u.name] as const)));

  const board: DirectoryDoc['board'] = {
    community: { id: snapshot.community._id, name: snapshot.community.name },
    compound: {
      id: compound._id,
      name: compound.name,
      type: compound.type,
      propertyMode: compound.propertyMode,
      sanwu: compound.sanwu,
      address: compound.address,
      propertyCompany: compound.propertyCompany && {
        name: compound.propertyCompany.name,
        maskedPhone: maskPhone(compound.propertyCompany.phone),
      },
    },
    branch: branch && {
      id: branch._id,
      name: branch.name,
      formation: branch.formation,
      compoundNames: branch.compoundIds.map(compoundName),
      secretary: holders('secretary', (s) => s.branchId === branch._id)
        .map((p) => contact(p._id, ROLE_LABELS.secretary))
        .find(present) ?? null,
    },
    grids: grids.map((g) => ({
      id: g._id,
      name: g.name,
      level: g.level,
      parentName: g.parentId ? (grids.find((p) => p._id === g.parentId)?.name ?? null) : null,
      workers: holders('grid_worker', (s) => s.gridId === g._id)
        .map((p) => contact(p._id, g.level === 'big' ? '网格长' : ROLE_LABELS.grid_worker))
        .filter(present),
      buildingNames: g.buildingIds.map((id) => buildingName.get(id) ?? '').filter(Boolean),
    })),
    buildings: buildings.map((b) => ({
      id: b._id,
      name: b.name,
      gridName: gridOf(b._id)?.name ?? null,
      leaders: holders('leader', (s) => (s.buildingIds ?? []).includes(b._id))
        .map((p) => contact(p._id, ROLE_LABELS.leader))
        .filter(present),
      heads: [
        ...holders('building_head', (s) => (s.buildingIds ?? []).includes(b._id)).map((p) =>
          contact(p._id, ROLE_LABELS.building_head),
        ),
        ...holders('unit_head', (s) => (s.buildingIds ?? []).includes(b._id)).map((p) => {
          const unit = p.roles.find((g) => g.role === 'unit_head' && g.scope.buildingIds?.includes(b._id))?.scope.unitId;
          return contact(p._id, unit ? `${ROLE_LABELS.unit_head} · ${unitName.get(unit) ?? ''}` : ROLE_LABELS.unit_head);
        }),
      ].filter(present),
      centralHouseholds: snapshot.centralHouseholds
        .filter((c) => c.buildingId === b._id)
        .map((c) => contact(c.personId, '党员中心户'))
        .filter(present),
    })),
    teams: snapshot.teams
      .filter((t) => t.compoundIds.includes(compound._id))
      .map((t) => ({
        id: t._id,
        name: t.name,
        type: t.type,
        leader: t.leaderId ? contact(t.leaderId, '队长') : null,
        services: t.services,
      })),
    partners: snapshot.partners
      .filter((p) => p.compoundIds.includes(compound._id))
      .map((p) => ({ id: p._id, name: p.name, kind: p.kind })),
    updatedAt: now.toISOString(),
  };
  return { _id: compound._id, communityId: compound.communityId, branchId: compound.branchId, board, phones };
}

/** The board as one viewer gets it. */
export function directoryView(doc: DirectoryDoc, viewer: PersonDoc): DirectoryView {
  const bound = isBoundTo(viewer, doc);
  const myBuildingId =
    viewer.buildingId && doc.board.buildings.some((b) => b.id === viewer.buildingId) ? viewer.buildingId : null;
  return { ...doc.board, myBuildingId, canCall: bound };
}

/** Whether the person appears on the board (so their number may be revealed to the compound). */
export function listedPhone(doc: DirectoryDoc, personId: string): string | null {
  return Object.hasOwn(doc.phones, personId) ? doc.phones[personId] : null;
}
