/**
 * org.people / org.role.revoke: who holds a role in the community, and taking one role away (the
 * person keeps the others). A revocation is an org change (lib/org-change.ts): the boards listing
 * the person are rebuilt with it.
 */
import { orgPeople, orgRoleRevoke, type PersonRolesView } from '../../../core/contracts/org-invites';
import { movedOut } from '../../../core/domain/account/binding';
import { grantIndex, revokeRefusal, withoutRole } from '../../../core/domain/account/invites';
import { maskPhone } from '../../../core/domain/masking';
import { administers, roleView } from '../../../core/domain/org';
import { personDoc, type PersonDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, homeCommunity } from '../../lib';
import { getDoc } from '../../lib/ledger';
import { changeOrg } from '../../lib/org-change';
import { accountRoute } from '../../account/src/guarded';
import { savePerson } from '../../account/src/persons';

export const personRolesView = (p: PersonDoc): PersonRolesView => ({
  id: p._id,
  name: p.name,
  maskedPhone: maskPhone(p.phone),
  householdLabel: p.householdLabel,
  roles: p.roles.map(roleView),
});

export const roleRoutes = [
  accountRoute(orgPeople, { access: 'bound', roles: ['staff', 'admin'] }, async ({ communityId, page, pageSize }, { db, person }) => {
    const cid = communityId ?? homeCommunity(person);
    if (!administers(person, cid)) throw new AppError('FORBIDDEN', '只能查看你负责的社区的人员');
    const _ = db.command;
    const { data } = await db
      .collection(COLLECTIONS.persons)
      .where({ 'roles.scope.communityId': cid, roles: _.elemMatch({ role: _.neq('resident'), 'scope.communityId': cid }) })
      .orderBy('_id', 'asc')
      .skip((page - 1) * pageSize)
      .limit(pageSize + 1)
      .get();
    const people = (data as unknown[]).map((d) => personDoc.parse(d));
    return { people: people.slice(0, pageSize).map(personRolesView), hasMore: people.length > pageSize };
  }),

  accountRoute(
    orgRoleRevoke,
    { access: 'bound', roles: ['staff', 'admin'], prefetch: (input, db) => getDoc(db, COLLECTIONS.persons, input.personId, personDoc) },
    async (input, { db, person: actor, prefetched: subject }) => {
      if (!subject) throw new AppError('NOT_FOUND', '没有找到这个人');
      const at = grantIndex(subject, input.role, input.scope);
      if (at < 0) throw new AppError('NOT_FOUND', '这个人没有这个角色，可能已被撤销，请刷新');
      const grant = subject.roles[at];
      const refusal = revokeRefusal(actor, grant);
      if (refusal) throw new AppError('FORBIDDEN', refusal);
      const without = (p: PersonDoc, i: number) => (p.roles[i].role === 'resident' ? movedOut(p) : withoutRole(p, i));

      const communityId = grant.scope.communityId ?? grant.scope.communityIds?.[0];
      if (!communityId) return { person: personRolesView(await savePerson(db, subject, without(subject, at))) };
      let after = subject;
      await changeOrg(db, {
        communityId,
        actor,
        action: orgRoleRevoke.action,
        idempotencyKey: input.idempotencyKey,
        input,
        plan: async (_snapshot, reader) => {
          const current = await getDoc(reader, COLLECTIONS.persons, input.personId, personDoc);
          const i = current ? grantIndex(current, input.role, input.scope) : -1;
          if (!current || i < 0) throw new AppError('NOT_FOUND', '这个人没有这个角色，可能已被撤销，请刷新');
          after = without(current, i);
          return {
            writes: [{ collection: COLLECTIONS.persons, doc: after }],
            audit: {
              target: { kind: 'person', id: current._id, label: current.name },
              summary: `撤销${current.name}的${roleView(grant).label}（${grant.scopeLabel}）`,
              before: { roles: current.roles },
              after: { roles: after.roles },
            },
          };
        },
      });
      return { person: personRolesView(after) };
    },
  ),
];
