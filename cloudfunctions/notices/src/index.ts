/**
 * `notices`: community notices (公告) — drafts, the content check, the residents' feed and read
 * counts, subscribe messages, and the sync to the community's official account (公众号), resumed by
 * the `sweep` timer (lib/router.ts calls `notices.sweep` for it).
 */
import { defineFunction } from '../../lib';
import { approveRoute, publishRoute, resyncRoute, saveRoute, withdrawRoute } from './author';
import { getRoute, listRoute, statsRoute } from './read';
import { grantsRoute, subscribeRoute } from './subscribe';
import { sweepRoute } from './sweep';

export const main = defineFunction(saveRoute, publishRoute, approveRoute, withdrawRoute, resyncRoute, listRoute, getRoute, statsRoute, subscribeRoute, grantsRoute, sweepRoute);
