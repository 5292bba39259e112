/** How a team page and the list of teams mark the caller's own standing with a team. */
import type { TeamSummary } from '@core/contracts/teams';
import { APPLICATION_STATUS_LABELS } from '@core/labels/teams';

export function standingOf(me: TeamSummary['me']): { label: string; mine: boolean } | null {
  if (me.member) return { label: '我的服务队', mine: true };
  if (me.application === 'pending' || me.application === 'rejected') return { label: `申请${APPLICATION_STATUS_LABELS[me.application]}`, mine: false };
  return null;
}
