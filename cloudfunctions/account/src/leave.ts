/**
 * Moving out (account.household.leave) and deleting the account (account.delete, 注销).
 *
 * 注销 erases what identifies the person and keeps what others' records need (README, 注销):
 * ledger entries keep the person id (pseudonymous) with the name 已注销用户 — the chain still
 * verifies, since an entry's hash covers a salted digest of the name, not the name, and the salt
 * is erased with it (core/domain/points/entry-name.ts); accounts, tallies, claims, objections,
 * bind requests and used invites lose the name too; pending bind requests are withdrawn; the
 * person loses name, phone, WeChat identity, household and every role, through an org change so
 * that any board listing them is rebuilt. The person is erased last: a call that fails half-way
 * can be repeated by the same WeChat user.
 */
import { accountDelete, accountHouseholdLeave } from '../../../core/contracts/account';
import { ERASED_NAME, erasedPerson, movedOut } from '../../../core/domain/account/binding';
import { POINT_COLLECTIONS as P } from '../../../core/domain/points/model';
import type { PersonDoc } from '../../../core/domain/org-model';
import { COLLECTIONS, check, type Database } from '../../lib';
import { changeOrg } from '../../lib/org-change';
import { accountRoute } from './guarded';
import { savePerson } from './persons';

/** Every record outside the person document that names them. */
async function eraseName(db: Database, person: PersonDoc, openid: string): Promise<void> {
  const _ = db.command;
  const of = { personId: person._id };
  const requests = db.collection(COLLECTIONS.bindRequests);
  const anonymous = { openid: null, name: ERASED_NAME, phone: null, maskedPhone: null };
  const results = await Promise.all([
    // only sealed entries: an older entry's hash covers its name, erasing it would break the chain
    db.collection(P.entries).where({ ...of, nameDigest: _.exists(true) }).update({ personName: ERASED_NAME, nameSalt: null }),
    db.collection(P.accounts).where(of).update({ name: ERASED_NAME }),
    db.collection(P.tallies).where(of).update({ name: ERASED_NAME }),
    db.collection(P.claims).where(of).update({ personName: ERASED_NAME }),
    db.collection(P.objections).where(of).update({ personName: ERASED_NAME }),
    db.collection(COLLECTIONS.invites).where({ 'usedBy.personId': person._id }).update({ 'usedBy.name': ERASED_NAME }),
    // the requests lose who made them; the pending ones are withdrawn
    requests.where({ openid, status: 'pending' }).update({ status: 'withdrawn', ...anonymous }),
    requests.where({ openid, status: _.neq('pending') }).update(anonymous),
  ]);
  results.forEach(check);
}

export const leaveRoutes = [
  accountRoute(accountHouseholdLeave, { access: 'bound' }, async (_input, { db, person }) => {
    if (!person.householdId) return { left: false };
    await savePerson(db, person, movedOut(person));
    return { left: true };
  }),

  accountRoute(accountDelete, { access: 'bound' }, async ({ idempotencyKey }, { db, person, openid }) => {
    await eraseName(db, person, openid);
    const erased = erasedPerson(person);
    if (!person.communityId) {
      await savePerson(db, person, erased);
      return { deleted: true as const };
    }
    await changeOrg(db, {
      communityId: person.communityId,
      actor: { ...person, name: ERASED_NAME },
      action: accountDelete.action,
      idempotencyKey,
      input: { idempotencyKey },
      plan: () => ({
        writes: [{ collection: COLLECTIONS.persons, doc: erased }],
        audit: {
          target: { kind: 'person', id: person._id, label: ERASED_NAME },
          summary: `一位用户注销了账号，其${person.roles.length ? ` ${person.roles.length} 个角色已撤销` : '资料已清除'}`,
          // the audit log keeps no personal data of theirs either
          before: { roles: person.roles.map((g) => ({ role: g.role, scopeLabel: g.scopeLabel })) },
          after: { roles: [] },
        },
      }),
    });
    return { deleted: true as const };
  }),
];
