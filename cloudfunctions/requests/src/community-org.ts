/** The names staff's reports show: a community with its grids, branches and partner units, in one read. */
import { branchDoc, communityDoc, gridDoc, partnerDoc } from '../../../core/domain/org-model';
import { COLLECTIONS, type Database } from '../../lib';

export interface OrgNode {
  id: string;
  name: string;
  retired: boolean;
}

const node = (d: { _id: string; name: string; retiredAt: string | null }): OrgNode => ({ id: d._id, name: d.name, retired: d.retiredAt !== null });

/** One aggregation: the community, each lookup served by the collection's communityId index; null when there is no such community. */
export async function communityOrg(db: Database, communityId: string) {
  const { data } = await db
    .collection(COLLECTIONS.communities)
    .aggregate()
    .match({ _id: communityId })
    .lookup({ from: COLLECTIONS.grids, localField: '_id', foreignField: 'communityId', as: 'grids' })
    .lookup({ from: COLLECTIONS.branches, localField: '_id', foreignField: 'communityId', as: 'branches' })
    .lookup({ from: COLLECTIONS.partners, localField: '_id', foreignField: 'communityId', as: 'partners' })
    .end();
  const found = (data as { grids: unknown[]; branches: unknown[]; partners: unknown[] }[])[0];
  if (!found) return null;
  return {
    community: communityDoc.parse(found),
    grids: found.grids.map((g) => node(gridDoc.parse(g))),
    branches: found.branches.map((b) => node(branchDoc.parse(b))),
    partners: found.partners.map((p) => node(partnerDoc.parse(p))),
  };
}

export const namesOf = (nodes: readonly OrgNode[]) => new Map(nodes.map((n) => [n.id, n.name]));
