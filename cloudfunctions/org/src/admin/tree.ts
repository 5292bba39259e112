/**
 * org.tree: one section of a community's tree as staff see it, 20 rows a page. The section's own
 * query (and the document that says whose it is) runs with the caller's read; names of the people
 * in the rows follow in one more read: 2 sequential reads at most.
 */
import { orgTree, type TreeInput, type TreeOutput } from '../../../../core/contracts/org-admin';
import { maskPhone } from '../../../../core/domain/masking';
import {
  branchDoc,
  buildingDoc,
  centralHouseholdDoc,
  compoundDoc,
  directoryDoc,
  gridDoc,
  householdDoc,
  partnerDoc,
  personDoc,
  teamDoc,
  type PersonDoc,
} from '../../../../core/domain/org-model';
import { administers } from '../../../../core/domain/org';
import { AppError, COLLECTIONS as C, route, type Database } from '../../../lib';
import { getByIds, getDoc } from '../../../lib/ledger/store';
import { STAFF } from './access';

const PAGE = 20;
type Input = Exclude<TreeInput, undefined> & { page: number; includeRetired: boolean };

interface FirstRead {
  /** the community the rows belong to (null: the node asked about does not exist) */
  communityId: string | null;
  /** the rows' second read and shaping, once the caller may see them */
  finish: (db: Database) => Promise<TreeOutput>;
}

/** A page of `collection` (one extra row says whether another follows). */
async function page(db: Database, collection: string, where: object, input: Input, order: [string, 'asc' | 'desc'][]): Promise<{ docs: unknown[]; hasMore: boolean }> {
  let q = db.collection(collection).where(input.includeRetired ? where : { ...where, retiredAt: null });
  for (const [field, dir] of order) q = q.orderBy(field, dir);
  const { data } = await q.skip((input.page - 1) * PAGE).limit(PAGE + 1).get();
  return { docs: (data as unknown[]).slice(0, PAGE), hasMore: data.length > PAGE };
}

const personRef = (p: PersonDoc) => ({ personId: p._id, name: p.name, maskedPhone: maskPhone(p.phone) });
const life = (d: { rev: number; retiredAt: string | null }) => ({ rev: d.rev, retiredAt: d.retiredAt });
const byOrderThenName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true });

async function firstRead(input: Input, db: Database): Promise<FirstRead> {
  switch (input.section) {
    case 'compounds': {
      const { docs, hasMore } = await page(db, C.compounds, { communityId: input.communityId }, input, [['name', 'asc']]);
      const rows = docs.map((d) => compoundDoc.parse(d)).map((c) => ({
        id: c._id, name: c.name, type: c.type, propertyMode: c.propertyMode, sanwu: c.sanwu, address: c.address,
        propertyCompany: c.propertyCompany, branchId: c.branchId, buildingCount: c.buildingCount, ...life(c),
      }));
      return { communityId: input.communityId, finish: async () => ({ section: 'compounds', rows, hasMore }) };
    }
    case 'branches': {
      const { docs, hasMore } = await page(db, C.branches, { communityId: input.communityId }, input, [['_id', 'asc']]);
      const branches = docs.map((d) => branchDoc.parse(d));
      return {
        communityId: input.communityId,
        finish: async (db2) => {
          const _ = db2.command;
          const ids = branches.map((b) => b._id);
          const { data } = ids.length ? await db2.collection(C.persons).where({ 'roles.scope.branchId': _.in(ids) }).limit(1000).get() : { data: [] };
          const people = (data as unknown[]).map((d) => personDoc.parse(d));
          const rows = branches.map((b) => ({
            id: b._id, name: b.name, formation: b.formation, compoundIds: b.compoundIds, ...life(b),
            officers: people.flatMap((p) =>
              p.roles
                .filter((g) => (g.role === 'secretary' || g.role === 'committee') && g.scope.branchId === b._id)
                .map((g) => ({ ...personRef(p), role: g.role as 'secretary' | 'committee' })),
            ),
          }));
          return { section: 'branches', rows: rows.sort(byOrderThenName), hasMore };
        },
      };
    }
    case 'teams': {
      const { docs, hasMore } = await page(db, C.teams, { communityId: input.communityId }, input, [['_id', 'asc']]);
      const teams = docs.map((d) => teamDoc.parse(d));
      return {
        communityId: input.communityId,
        finish: async (db2) => {
          const ids = [...new Set(teams.flatMap((t) => [...t.memberIds, ...(t.leaderId ? [t.leaderId] : [])]))];
          const names = new Map((await getByIds(db2, C.persons, ids, personDoc)).map((p) => [p._id, p.name]));
          const rows = teams.map((t) => ({
            id: t._id, name: t.name, type: t.type, branchId: t.branchId, leaderId: t.leaderId, services: t.services, compoundIds: t.compoundIds, ...life(t),
            members: t.memberIds.map((id) => ({ personId: id, name: names.get(id) ?? '（已注销）' })),
          }));
          return { section: 'teams', rows: rows.sort(byOrderThenName), hasMore };
        },
      };
    }
    case 'partners': {
      const { docs, hasMore } = await page(db, C.partners, { communityId: input.communityId }, input, [['_id', 'asc']]);
      const partners = docs.map((d) => partnerDoc.parse(d));
      return {
        communityId: input.communityId,
        finish: async (db2) => {
          const names = new Map((await getByIds(db2, C.persons, [...new Set(partners.flatMap((p) => p.memberIds))], personDoc)).map((p) => [p._id, p.name]));
          const rows = partners.map((p) => ({
            id: p._id, name: p.name, kind: p.kind, compoundIds: p.compoundIds, ...life(p),
            members: p.memberIds.map((id) => ({ personId: id, name: names.get(id) ?? '（已注销）' })),
          }));
          return { section: 'partners', rows: rows.sort(byOrderThenName), hasMore };
        },
      };
    }
    case 'buildings': {
      const [compound, { docs, hasMore }] = await Promise.all([
        getDoc(db, C.compounds, input.compoundId, compoundDoc),
        page(db, C.buildings, { compoundId: input.compoundId }, input, [['order', 'asc']]),
      ]);
      const rows = docs.map((d) => buildingDoc.parse(d)).map((b) => ({
        id: b._id, compoundId: b.compoundId, name: b.name, order: b.order, ...life(b),
        units: b.units.filter((u) => input.includeRetired || u.retiredAt === null),
      }));
      return { communityId: compound?.communityId ?? null, finish: async () => ({ section: 'buildings', rows, hasMore }) };
    }
    case 'grids': {
      const [compound, board, { docs, hasMore }] = await Promise.all([
        getDoc(db, C.compounds, input.compoundId, compoundDoc),
        getDoc(db, C.directories, input.compoundId, directoryDoc),
        page(db, C.grids, { compoundId: input.compoundId }, input, [['_id', 'asc']]),
      ]);
      const workers = new Map((board?.board.grids ?? []).map((g) => [g.id, g.workers.map(({ personId, name, maskedPhone }) => ({ personId, name, maskedPhone }))]));
      const grids = docs.map((d) => gridDoc.parse(d));
      // big grids first, each followed by its micro grids
      const rank = (g: (typeof grids)[number]) => `${g.parentId ?? g._id}|${g.level === 'big' ? 0 : 1}|${g.name}`;
      const rows = grids
        .sort((a, b) => rank(a).localeCompare(rank(b), 'zh-Hans-CN', { numeric: true }))
        .map((g) => ({ id: g._id, compoundId: g.compoundId, name: g.name, level: g.level, parentId: g.parentId, buildingIds: g.buildingIds, workers: workers.get(g._id) ?? [], ...life(g) }));
      return { communityId: compound?.communityId ?? null, finish: async () => ({ section: 'grids', rows, hasMore }) };
    }
    case 'centralHouseholds': {
      const [compound, { docs, hasMore }] = await Promise.all([
        getDoc(db, C.compounds, input.compoundId, compoundDoc),
        page(db, C.centralHouseholds, { compoundId: input.compoundId }, input, [['_id', 'asc']]),
      ]);
      const centrals = docs.map((d) => centralHouseholdDoc.parse(d));
      return {
        communityId: compound?.communityId ?? null,
        finish: async (db2) => {
          const [persons, households] = await Promise.all([
            getByIds(db2, C.persons, [...new Set(centrals.map((c) => c.personId))], personDoc),
            getByIds(db2, C.households, [...new Set(centrals.flatMap((c) => c.householdIds))], householdDoc),
          ]);
          const person = new Map(persons.map((p) => [p._id, p]));
          const label = new Map(households.map((h) => [h._id, h.label]));
          const rows = centrals.map((c) => {
            const p = person.get(c.personId);
            return {
              id: c._id, compoundId: c.compoundId, buildingId: c.buildingId, ...life(c),
              person: p ? personRef(p) : { personId: c.personId, name: '（已注销）', maskedPhone: null },
              households: c.householdIds.map((id) => ({ id, label: label.get(id) ?? id })),
            };
          });
          return { section: 'centralHouseholds', rows, hasMore };
        },
      };
    }
    case 'households': {
      const [building, { docs, hasMore }] = await Promise.all([
        getDoc(db, C.buildings, input.buildingId, buildingDoc),
        page(db, C.households, { buildingId: input.buildingId }, input, [['unitId', 'asc'], ['label', 'asc']]),
      ]);
      const rows = docs.map((d) => householdDoc.parse(d)).map((h) => ({ id: h._id, buildingId: h.buildingId, unitId: h.unitId, label: h.label, ...life(h) }));
      return { communityId: building?.communityId ?? null, finish: async () => ({ section: 'households', rows, hasMore }) };
    }
  }
}

export const treeRoute = route(
  orgTree,
  { access: 'bound', roles: STAFF, prefetch: (input, db) => firstRead(input as Input, db) },
  async (_input, { db, person, prefetched }) => {
    if (prefetched.communityId === null) throw new AppError('NOT_FOUND', '没有找到这个节点');
    if (!administers(person, prefetched.communityId)) throw new AppError('FORBIDDEN', '只能查看你负责的社区的组织架构');
    return prefetched.finish(db);
  },
);
