/** Rosters from Excel: templates, preview, commit (and the list exports, exports.ts). */
import { commitRoute } from './commit';
import { exportRoutes } from './exports';
import { previewRoute } from './preview';
import { templateRoute } from './template';

export const importRoutes = [templateRoute, previewRoute, commitRoute, ...exportRoutes];
