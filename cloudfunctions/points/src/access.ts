/** Who may do what in the points scheme (DOMAIN.md): roles and the scope they hold them in. */
import type { PersonDoc } from '../../../core/domain/org-model';
import { administers } from '../../../core/domain/org';
import type { Approver } from '../../../core/contracts/points';
import { AppError } from '../../lib';

export { branchOf } from '../../../core/domain/points/recipient';

export function secretaryOf(person: PersonDoc, branchId: string | null): boolean {
  return branchId !== null && person.roles.some((g) => g.role === 'secretary' && g.scope.branchId === branchId);
}

export function isMember(person: PersonDoc, communityId: string): boolean {
  return person.communityId === communityId || administers(person, communityId);
}

export function requireMember(person: PersonDoc, communityId: string): void {
  if (!isMember(person, communityId)) throw new AppError('FORBIDDEN', '只能查看本社区的积分信息');
}

export function requireStaff(person: PersonDoc, communityId: string): void {
  if (!administers(person, communityId)) throw new AppError('FORBIDDEN', '只有本社区的工作人员可以进行此操作');
}

/** Staff see everyone in their community; a secretary sees their branch; everyone sees themself. */
export function canSeePerson(viewer: PersonDoc, subject: { _id: string; communityId: string; branchId: string | null }): boolean {
  return viewer._id === subject._id || administers(viewer, subject.communityId) || secretaryOf(viewer, subject.branchId);
}

/** Staff review any claim of their community; a secretary those of their branch that name them. */
export function canReview(viewer: PersonDoc, claim: { communityId: string; branchId: string | null; approver: Approver }): boolean {
  return administers(viewer, claim.communityId) || (claim.approver === 'secretary' && secretaryOf(viewer, claim.branchId));
}

export function isStaff(person: PersonDoc): boolean {
  return person.roles.some((g) => g.role === 'staff' || g.role === 'admin');
}
