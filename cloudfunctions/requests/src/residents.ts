/**
 * requests.residents (代报): the residents a Red Neighbor Leader or grid worker may file for — people
 * with a home in a building they serve — found by the persons index buildingId_1_householdLabel_1,
 * in household-label order, at most RESIDENTS_LIMIT; a name filter narrows a long list.
 */
import { requestsResidents, RESIDENTS_LIMIT } from '../../../core/contracts/requests';
import { gridDoc } from '../../../core/domain/org-model';
import { actorOf } from '../../../core/domain/requests/actor';
import { AppError, COLLECTIONS, route } from '../../lib';
import { getByIds } from '../../lib/ledger';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const residentsRoute = route(requestsResidents, { access: 'bound' }, async (input, { db, person }) => {
  const me = actorOf(person);
  if (!me.leaderOf.length && !me.gridWorkerOf.length) throw new AppError('FORBIDDEN', '只有红色近邻长和网格员可以代居民报事');
  const grids = (await getByIds(db, COLLECTIONS.grids, me.gridWorkerOf, gridDoc)).filter((g) => g.retiredAt === null);
  const buildingIds = [...new Set([...me.leaderOf, ...grids.flatMap((g) => g.buildingIds)])];
  if (!buildingIds.length) return { residents: [], more: false };

  const _ = db.command;
  const { data } = await db
    .collection(COLLECTIONS.persons)
    .where({
      buildingId: _.in(buildingIds),
      householdId: _.neq(null),
      _id: _.neq(person._id),
      ...(input.q ? { name: db.RegExp({ regexp: escapeRegExp(input.q), options: 'i' }) } : {}),
    })
    .orderBy('householdLabel', 'asc')
    .limit(RESIDENTS_LIMIT + 1)
    .field({ _id: true, name: true, householdLabel: true, buildingId: true })
    .get();
  const rows = data as { _id: string; name: string; householdLabel: string | null; buildingId: string }[];
  return {
    residents: rows.slice(0, RESIDENTS_LIMIT).map((r) => ({ id: r._id, name: r.name, householdLabel: r.householdLabel ?? '', buildingId: r.buildingId })),
    more: rows.length > RESIDENTS_LIMIT,
  };
});
