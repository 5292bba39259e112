/**
 * account.bind.options: the cascade a resident picks their home from (社区 → 小区 → 楼栋 → 单元 → 房号),
 * one level at a time, only nodes in use. Open to unbound visitors: it shows only the names of
 * places, never who lives there.
 */
import { accountBindOptions, BIND_OPTIONS_PAGE, type BindOption } from '../../../core/contracts/account';
import { buildingDoc, communityDoc, compoundDoc, householdDoc } from '../../../core/domain/org-model';
import { COLLECTIONS, type Database } from '../../lib';
import { accountRoute } from './guarded';

const byName = (a: BindOption, b: BindOption) => a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true });

/** A page of `list` (sorted), and whether more follow. */
const paged = (list: BindOption[], page: number) => ({
  options: list.slice((page - 1) * BIND_OPTIONS_PAGE, page * BIND_OPTIONS_PAGE),
  hasMore: list.length > page * BIND_OPTIONS_PAGE,
});

/** Every document under `where` (one read: a level holds far fewer than 1,000 nodes). */
async function children(db: Database, collection: string, where: object, orderBy?: string): Promise<unknown[]> {
  let q = db.collection(collection).where(where);
  if (orderBy) q = q.orderBy(orderBy, 'asc');
  const { data } = await q.limit(1000).get();
  return data as unknown[];
}

export const bindOptionsRoute = accountRoute(accountBindOptions, { access: 'user' }, async ({ level, parentId, page }, { db }) => {
  switch (level) {
    case 'community': {
      const { data } = await db.collection(COLLECTIONS.communities).limit(1000).get();
      return paged((data as unknown[]).map((d) => communityDoc.parse(d)).map((c) => ({ id: c._id, name: c.name })).sort(byName), page);
    }
    case 'compound': {
      const list = (await children(db, COLLECTIONS.compounds, { communityId: parentId }, 'name')).map((d) => compoundDoc.parse(d));
      return paged(list.filter((c) => c.retiredAt === null).map((c) => ({ id: c._id, name: c.name })), page);
    }
    case 'building': {
      const list = (await children(db, COLLECTIONS.buildings, { compoundId: parentId }, 'order')).map((d) => buildingDoc.parse(d));
      return paged(list.filter((b) => b.retiredAt === null).map((b) => ({ id: b._id, name: b.name })), page);
    }
    case 'unit': {
      const { data } = await db.collection(COLLECTIONS.buildings).doc(parentId!).get();
      const building = data.length ? buildingDoc.parse(data[0]) : null;
      const units = building && building.retiredAt === null ? building.units : [];
      return paged(units.map((u) => ({ id: u.id, name: u.name })), page);
    }
    case 'household': {
      const list = (await children(db, COLLECTIONS.households, { unitId: parentId })).map((d) => householdDoc.parse(d));
      return paged(
        list.filter((h) => h.retiredAt === null).map((h) => ({ id: h._id, name: roomOf(h.label) })).sort(byName),
        page,
      );
    }
  }
});

/** 3号楼2单元301 → 301: the building and unit were picked already. */
const roomOf = (label: string) => label.replace(/^.*单元/, '') || label;
