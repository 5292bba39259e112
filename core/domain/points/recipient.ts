/** Who an entry is booked to: a person, with the branch they earn points in. */
import type { PersonDoc } from '../org-model';
import type { Recipient } from './ledger';

/** The branch a person earns points in: that of their leader (or branch officer) role. */
export function branchOf(person: PersonDoc): string | null {
  const grant =
    person.roles.find((g) => g.role === 'leader' && g.scope.branchId) ??
    person.roles.find((g) => (g.role === 'secretary' || g.role === 'committee') && g.scope.branchId);
  return grant?.scope.branchId ?? null;
}

export function recipientOf(person: PersonDoc): Recipient {
  return { personId: person._id, name: person.name, branchId: branchOf(person) };
}
