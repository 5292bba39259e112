/** Running the org tree: saves and retiring, the tree, the audit log, a new community, the 五有 checklist. */
import { auditRoutes } from './audit';
import { communityRoute } from './community';
import { saveRoutes } from './saves';
import { treeRoute } from './tree';
import { wuyouRoutes } from './wuyou';

export const orgAdminRoutes = [...saveRoutes, treeRoute, ...auditRoutes, communityRoute, ...wuyouRoutes];
