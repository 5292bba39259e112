/**
 * `org`: the compound's directory (公示牌), revealing a listed number, the compounds one looks after,
 * a community's party branches.
 */
import { orgBranches, orgCompounds, orgDirectory, orgRevealPhone } from '../../../core/contracts/org';
import {
  administers,
  canViewCompound,
  compoundListScope,
  directoryView,
  homeCompoundId,
  isBoundTo,
  listedPhone,
} from '../../../core/domain/org';
import { branchDoc, compoundDoc, directoryDoc, type DirectoryDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, defineFunction, homeCommunity, route, withinLimit, type Database } from '../../lib';
import { inviteRoutes } from './invites';
import { roleRoutes } from './roles';
import { importRoutes } from './import';
import { orgAdminRoutes } from './admin';

async function loadDirectory(db: Database, compoundId: string): Promise<DirectoryDoc> {
  const { data } = await db.collection(COLLECTIONS.directories).doc(compoundId).get();
  if (!data.length) throw new AppError('NOT_FOUND', '没有找到这个小区');
  return directoryDoc.parse(data[0]);
}

export const main = defineFunction(
  route(orgDirectory, { access: 'bound' }, async ({ compoundId }, { db, person }) => {
    const id = compoundId ?? homeCompoundId(person);
    if (!id) throw new AppError('NOT_FOUND', '你还没有关联小区，请选择要查看的小区');
    const doc = await loadDirectory(db, id);
    if (!canViewCompound(person, doc)) throw new AppError('FORBIDDEN', '只能查看你所在小区的公示牌');
    return directoryView(doc, person);
  }),

  route(orgRevealPhone, { access: 'bound' }, async ({ compoundId, personId }, { db, person }) => {
    const doc = await withinLimit(db, 'revealPhone', person._id, loadDirectory(db, compoundId));
    if (!isBoundTo(person, doc)) {
      throw new AppError('FORBIDDEN', '只有本小区已绑定身份的居民和工作人员可以查看完整号码');
    }
    const phone = listedPhone(doc, personId);
    if (!phone) throw new AppError('FORBIDDEN', '只能查看公示牌上联系人的号码');
    return { phone };
  }),

  route(
    orgCompounds,
    { access: 'bound', roles: ['staff', 'admin', 'secretary', 'committee'] },
    async ({ page, pageSize }, { db, person }) => {
      const { communityIds, branchIds } = compoundListScope(person);
      const _ = db.command;
      const where = _.or([
        ...(communityIds.length ? [{ communityId: _.in(communityIds) }] : []),
        ...(branchIds.length ? [{ branchId: _.in(branchIds) }] : []),
      ]);
      // one extra row tells whether another page follows, without a count round trip
      const { data } = await db
        .collection(COLLECTIONS.compounds)
        .where(where)
        .orderBy('communityId', 'asc')
        .orderBy('name', 'asc')
        .skip((page - 1) * pageSize)
        .limit(pageSize + 1)
        .get();
      const compounds = data.slice(0, pageSize).map((raw) => {
        const c = compoundDoc.parse(raw);
        return {
          id: c._id,
          name: c.name,
          communityName: c.communityName,
          type: c.type,
          propertyMode: c.propertyMode,
          sanwu: c.sanwu,
          buildingCount: c.buildingCount,
        };
      });
      return { compounds, hasMore: data.length > pageSize };
    },
  ),

  route(orgBranches, { access: 'bound', roles: ['staff', 'admin'] }, async ({ communityId }, { db, person }) => {
    const id = communityId ?? homeCommunity(person);
    if (!administers(person, id)) throw new AppError('FORBIDDEN', '只能查看你负责的社区的支部');
    // a community has a handful of branches: one page holds them all
    const { data } = await db.collection(COLLECTIONS.branches).where({ communityId: id }).limit(100).get();
    const branches = data
      .map((raw) => branchDoc.parse(raw))
      .map((b) => ({ id: b._id, name: b.name, formation: b.formation, compoundCount: b.compoundIds.length }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return { branches };
  }),
  ...inviteRoutes,
  ...roleRoutes,
  ...importRoutes,
  ...orgAdminRoutes,
);
