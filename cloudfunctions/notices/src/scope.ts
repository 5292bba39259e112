/** A notice's scope resolved into audience keys at publishing (core/domain/notices/model.ts). */
import type { NoticeScope } from '../../../core/contracts/notices';
import { scopeKeys } from '../../../core/domain/notices/model';
import { compoundDoc, gridDoc, teamDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, type Database } from '../../lib';
import { getByIds } from '../../lib/ledger';

/** Every chosen compound, grid or team must be a live one of the community. */
function liveOfCommunity<T extends { _id: string; communityId: string; retiredAt: string | null }>(found: T[], ids: string[], communityId: string, what: string): T[] {
  const live = new Map(found.filter((d) => d.communityId === communityId && d.retiredAt === null).map((d) => [d._id, d]));
  const missing = ids.findIndex((id) => !live.has(id));
  if (missing >= 0) {
    const message = `选择的第 ${missing + 1} 个${what}不在本社区或已撤销，请重新选择发布范围`;
    throw new AppError('VALIDATION_ERROR', message, [{ path: `data.scope.ids.${missing}`, message }]);
  }
  return ids.map((id) => live.get(id)!);
}

export async function audienceOf(db: Database, communityId: string, scope: NoticeScope): Promise<string[]> {
  switch (scope.kind) {
    case 'community':
      return scopeKeys({ communityId });
    case 'roles':
      return scopeKeys({ communityId, roles: scope.roles });
    case 'compounds': {
      const found = await getByIds(db, COLLECTIONS.compounds, scope.ids, compoundDoc);
      return scopeKeys({ communityId, compounds: liveOfCommunity(found, scope.ids, communityId, '小区').map((c) => c._id) });
    }
    case 'grids': {
      const found = liveOfCommunity(await getByIds(db, COLLECTIONS.grids, scope.ids, gridDoc), scope.ids, communityId, '网格');
      return scopeKeys({ communityId, grids: found.map((g) => ({ id: g._id, buildingIds: g.buildingIds })) });
    }
    case 'teams': {
      const found = liveOfCommunity(await getByIds(db, COLLECTIONS.teams, scope.ids, teamDoc), scope.ids, communityId, '队伍');
      return scopeKeys({ communityId, teams: found });
    }
  }
}
