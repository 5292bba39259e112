/**
 * Building an OrgChange: the collections of the nodes, the labels the audit log names them by, and
 * the people whose role labels name a node that the change renames.
 */
import type { OrgNodeKind } from '../../labels/org-admin';
import { ORG_NODE_LABELS } from '../../labels/org-admin';
import { ROLE_LABELS } from '../../labels/org';
import { orgNames, scopeLabel, type OrgSnapshot } from '../org';
import type { OrgChange, OrgWrite } from '../org-change';
import { ORG_COLLECTIONS, type BuildingDoc, type CompoundDoc, type PersonDoc } from '../org-model';

export { ORG_COLLECTIONS } from '../org-model';

export interface PlanContext {
  idempotencyKey: string;
  /** who makes the change: part of a new node's id */
  actorId: string;
  /** ISO time of the change (retiredAt) */
  now: string;
}

/** A node's document as written: the whole document; `rev` stays as read (the commit bumps it). */
export const put = <T extends { _id: string }>(collection: string, doc: T): OrgWrite => ({
  collection,
  doc: doc as OrgWrite['doc'],
});

export function change(kind: OrgNodeKind, id: string, label: string, summary: string, before: unknown, after: unknown, writes: OrgWrite[]): OrgChange {
  return { writes, audit: { target: { kind, id, label }, summary, before, after } };
}

export const kindLabel = (kind: OrgNodeKind) => ORG_NODE_LABELS[kind];

export function compoundName(s: OrgSnapshot, id: string): string {
  return s.compounds.find((c) => c._id === id)?.name ?? id;
}
export function buildingLabel(s: OrgSnapshot, b: Pick<BuildingDoc, 'compoundId' | 'name'>): string {
  return `${compoundName(s, b.compoundId)} · ${b.name}`;
}

/** Compounds whose `buildingCount` (live buildings) differs once `buildings` replace the snapshot's. */
export function buildingCountWrites(s: OrgSnapshot, buildings: BuildingDoc[], compoundIds: string[]): OrgWrite[] {
  const after = new Map(s.buildings.map((b) => [b._id, b]));
  for (const b of buildings) after.set(b._id, b);
  return [...new Set(compoundIds)].flatMap((id) => {
    const compound = s.compounds.find((c) => c._id === id);
    if (!compound) return [];
    const count = [...after.values()].filter((b) => b.compoundId === id && b.retiredAt === null).length;
    return count === compound.buildingCount ? [] : [put(ORG_COLLECTIONS.compounds, { ...compound, buildingCount: count } satisfies CompoundDoc)];
  });
}

type Named = { _id: string; name: string };

/**
 * People whose role label (幸福里社区 · 和平小区 · 3号楼) names a node renamed by the change get the
 * new label. Household-scoped grants are the household planner's (their label is the household's).
 */
export function relabelWrites(
  s: OrgSnapshot,
  renamed: { compounds?: Named[]; branches?: Named[]; grids?: Named[]; buildings?: BuildingDoc[] },
): OrgWrite[] {
  const names = orgNames(s);
  const ids = new Set<string>();
  const rename = (map: Record<string, string>, docs: Named[] = []) =>
    docs.forEach((d) => {
      if (map[d._id] !== d.name) ids.add(d._id);
      map[d._id] = d.name;
    });
  rename(names.compounds, renamed.compounds);
  rename(names.branches, renamed.branches);
  rename(names.grids, renamed.grids);
  rename(names.buildings, renamed.buildings);
  for (const b of renamed.buildings ?? []) rename(names.units, b.units.map((u) => ({ _id: u.id, name: u.name })));
  if (!ids.size) return [];
  const mentions = (scope: PersonDoc['roles'][number]['scope']) =>
    [scope.compoundId, scope.branchId, scope.gridId, scope.unitId, ...(scope.buildingIds ?? [])].some((id) => id !== undefined && ids.has(id));
  return s.persons.flatMap((p) => {
    let changed = false;
    const roles = p.roles.map((g) => {
      if (g.scope.householdId || !mentions(g.scope)) return g;
      const label = scopeLabel(g.scope, names);
      if (label === g.scopeLabel) return g;
      changed = true;
      return { ...g, scopeLabel: label };
    });
    return changed ? [put(ORG_COLLECTIONS.persons, { ...p, roles } satisfies PersonDoc)] : [];
  });
}

/**
 * The people holding a working role whose scope matches, for refusals ("张桂英（网格员）"). Residents
 * are left out: they hang on households, which the refusals count themselves.
 */
export function holders(s: OrgSnapshot, matches: (g: PersonDoc['roles'][number]) => boolean): string[] {
  return s.persons.flatMap((p) => {
    const roles = [...new Set(p.roles.filter((g) => g.role !== 'resident' && matches(g)).map((g) => roleName(g.role)))];
    return roles.length ? [`${p.name}（${roles.join('、')}）`] : [];
  });
}

const roleName = (role: PersonDoc['roles'][number]['role']) => ROLE_LABELS[role];
