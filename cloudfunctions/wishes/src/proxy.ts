/**
 * 代人许愿: the homes a grid worker or building head may post wishes for — those in the buildings of
 * their grids and the buildings they head — and wishes.households, the picker over them.
 */
import { wishesHouseholds } from '../../../core/contracts/wishes';
import { buildingDoc, compoundDoc, gridDoc, householdDoc, type CompoundDoc, type PersonDoc } from '../../../core/domain/org-model';
import { proxyBuildings, proxyGridIds } from '../../../core/domain/service/people';
import { AppError, COLLECTIONS, route, type Database } from '../../lib';
import { getByIds } from '../../lib/ledger';

/** homes of one building the picker lists (a building has far fewer) */
const HOUSEHOLDS_LIMIT = 500;

export const NOT_IN_SCOPE_MESSAGE = '只能代你负责的网格或楼栋里的住户发布心愿';

export interface ProxyScope {
  buildingIds: Set<string>;
  compounds: CompoundDoc[];
}

/** The buildings and compounds the person may post for (grids and compounds read together); FORBIDDEN for anyone else. */
export async function proxyScope(db: Database, person: PersonDoc): Promise<ProxyScope> {
  const compoundIds = [...new Set(person.roles.flatMap((g) => ((g.role === 'grid_worker' || g.role === 'building_head') && g.scope.compoundId ? [g.scope.compoundId] : [])))];
  if (!compoundIds.length) throw new AppError('FORBIDDEN', '只有网格员和楼栋长可以代居民发布心愿');
  const [grids, compounds] = await Promise.all([getByIds(db, COLLECTIONS.grids, proxyGridIds(person), gridDoc), getByIds(db, COLLECTIONS.compounds, compoundIds, compoundDoc)]);
  return { buildingIds: proxyBuildings(person, new Map(grids.filter((g) => g.retiredAt === null).map((g) => [g._id, g.buildingIds]))), compounds };
}

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'zh-Hans-CN', { numeric: true });

export const householdsRoute = route(wishesHouseholds, { access: 'bound' }, async (input, { db, person }) => {
  const scope = proxyScope(db, person);
  scope.catch(() => undefined); // awaited below
  // index buildingId_1; checked against the scope before anything is answered
  const homes = input.buildingId ? db.collection(COLLECTIONS.households).where({ buildingId: input.buildingId }).limit(HOUSEHOLDS_LIMIT).get() : null;
  homes?.catch(() => undefined);
  const { buildingIds, compounds } = await scope;
  if (input.buildingId && !buildingIds.has(input.buildingId)) {
    throw new AppError('VALIDATION_ERROR', NOT_IN_SCOPE_MESSAGE, [{ path: 'data.buildingId', message: NOT_IN_SCOPE_MESSAGE }]);
  }
  const [buildings, homeRows] = await Promise.all([getByIds(db, COLLECTIONS.buildings, [...buildingIds], buildingDoc), homes]);
  const compoundName = new Map(compounds.map((c) => [c._id, c.name]));
  return {
    buildings: buildings
      .filter((b) => b.retiredAt === null)
      .sort((a, b) => a.compoundId.localeCompare(b.compoundId) || a.order - b.order)
      .map((b) => ({ id: b._id, name: b.name, compoundName: compoundName.get(b.compoundId) ?? '' })),
    households: ((homeRows?.data ?? []) as unknown[])
      .map((d) => householdDoc.parse(d))
      .filter((h) => h.retiredAt === null)
      .sort(byLabel)
      .map((h) => ({ id: h._id, label: h.label })),
  };
});
