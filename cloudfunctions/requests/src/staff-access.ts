/** Staff's side of requests (board, rates, 台账, return visits): the community's staff and its administrators only. */
import type { PersonDoc } from '../../../core/domain/org-model';
import { administers } from '../../../core/domain/org';
import { AppError } from '../../lib';

/** the roles that may reach a staff route at all; the community is checked by `requireStaff` */
export const STAFF_ROLES = ['staff', 'admin'] as const;

export function requireStaff(person: PersonDoc, communityId: string): void {
  if (!administers(person, communityId)) throw new AppError('FORBIDDEN', '只有本社区的工作人员可以查看和处理社区的工单');
}
