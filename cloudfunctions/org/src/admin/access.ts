/** Who may run a community's org tree: its staff, and administrators across theirs. */
import { administers } from '../../../../core/domain/org';
import type { PersonDoc } from '../../../../core/domain/org-model';
import { OrgRuleError } from '../../../../core/domain/org-admin/rules';
import { AppError, homeCommunity } from '../../../lib';

export const STAFF = ['staff', 'admin'] as const;

/** The community the call is about (the caller's own when omitted), once the caller may run it. */
export function staffCommunity(person: PersonDoc, communityId: string | undefined): string {
  const id = communityId ?? homeCommunity(person);
  if (!administers(person, id)) throw new AppError('FORBIDDEN', '只能管理你负责的社区的组织架构');
  return id;
}

/** A rule the planner refuses with, as the caller gets it. */
export function asAppError(err: unknown): unknown {
  return err instanceof OrgRuleError ? new AppError(err.code, err.message, err.issues.length ? err.issues : undefined) : err;
}
