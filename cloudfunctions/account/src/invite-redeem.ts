/**
 * account.bind.invite: entering (or scanning) an invite code. The person is created or found, the
 * role granted with its scope label, and the invite marked used, all in one org change
 * (lib/org-change.ts): the grant shows on the 公示牌 at once, and of two people entering one code at
 * the same moment exactly one gets it (both changes write the community's version, so the later
 * is re-planned and finds the code used). An administrator's invite of a fresh deployment (no
 * community yet) touches no board: it commits in a plain transaction.
 */
import { accountBindInvite } from '../../../core/contracts/account';
import { ROLE_LABELS } from '../../../core/contracts/org';
import { newPerson } from '../../../core/domain/account/binding';
import { isInviteCode, normalizeInviteCode } from '../../../core/domain/account/invite-code';
import { inviteUnusable, withRole } from '../../../core/domain/account/invites';
import { inviteDoc, type InviteDoc } from '../../../core/domain/account/model';
import { communityDoc, personDoc, type PersonDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, check, withinLimit, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { getDoc, inTransaction } from '../../lib/ledger';
import { changeOrg } from '../../lib/org-change';
import { callerKey } from './bind';
import { accountRoute } from './guarded';
import { newPersonId } from './persons';

const NO_SUCH_CODE = '邀请码不正确，请核对后重新输入';

async function inviteByCode(db: Database, code: string): Promise<InviteDoc | null> {
  const { data } = await db.collection(COLLECTIONS.invites).where({ code }).limit(1).get();
  return data.length ? inviteDoc.parse(data[0]) : null;
}

const answer = (invite: InviteDoc) => ({ role: invite.role, label: ROLE_LABELS[invite.role], scopeLabel: invite.scopeLabel });

/** The invitee after using the code: their person (or a new one), with the role and, if they had none, the invite's community. */
function invitee(current: PersonDoc | null, invite: InviteDoc, openid: string, typedName: string | undefined, communityName: string | null, id: string): PersonDoc {
  const name = typedName ?? invite.name;
  if (!current && !name) throw new AppError('VALIDATION_ERROR', '请填写你的姓名', [{ path: 'name', message: '请填写你的姓名' }]);
  const base = current ?? newPerson(id, openid, name!, null);
  const joined = base.communityId === null && invite.communityId !== null ? { ...base, communityId: invite.communityId, communityName } : base;
  return withRole(joined, { role: invite.role, scope: invite.scope, scopeLabel: invite.scopeLabel });
}

export const inviteRedeemRoute = accountRoute(accountBindInvite, { access: 'user' }, async (input, { db, person, openid }) => {
  const code = normalizeInviteCode(input.code);
  const found = await withinLimit(db, 'inviteRedeem', callerKey(person, openid), isInviteCode(code) ? inviteByCode(db, code) : Promise.resolve(null));
  if (!found) throw new AppError('NOT_FOUND', NO_SUCH_CODE);
  // a retry of one's own successful use answers the same
  if (found.status === 'used' && person && found.usedBy?.personId === person._id) return answer(found);
  const refusal = inviteUnusable(found, now());
  if (refusal) throw new AppError('PRECONDITION_FAILED', refusal);

  const id = person?._id ?? newPersonId();
  const used = (who: PersonDoc): InviteDoc => ({ ...found, status: 'used', usedBy: { personId: who._id, name: who.name, at: now().toISOString() } });

  if (found.communityId === null) {
    await inTransaction(db, async (t) => {
      const [invite, current] = await Promise.all([
        getDoc(t, COLLECTIONS.invites, found._id, inviteDoc),
        person ? getDoc(t, COLLECTIONS.persons, person._id, personDoc) : Promise.resolve(null),
      ]);
      const why = invite && inviteUnusable(invite, now());
      if (!invite || why) throw new AppError('PRECONDITION_FAILED', why ?? NO_SUCH_CODE);
      const next = invitee(current, invite, openid, input.name, null, id);
      const { _id: pid, ...p } = personDoc.parse(next);
      const { _id: iid, ...i } = used(next);
      check(await t.collection(COLLECTIONS.persons).doc(pid).set({ ...p, rev: (current?.rev ?? -1) + 1 }));
      check(await t.collection(COLLECTIONS.invites).doc(iid).set({ ...i, rev: invite.rev + 1 }));
    });
    return answer(found);
  }

  const communityId = found.communityId;
  const actor = invitee(person, found, openid, input.name, null, id);
  await changeOrg(db, {
    communityId,
    actor,
    action: accountBindInvite.action,
    idempotencyKey: input.idempotencyKey,
    input: { code, name: input.name ?? null },
    plan: async (snapshot, reader) => {
      const [invite, current] = await Promise.all([
        getDoc(reader, COLLECTIONS.invites, found._id, inviteDoc),
        person ? getDoc(reader, COLLECTIONS.persons, person._id, personDoc) : Promise.resolve(null),
      ]);
      const why = invite && inviteUnusable(invite, now());
      if (!invite || why) throw new AppError('PRECONDITION_FAILED', why ?? NO_SUCH_CODE);
      const community = communityDoc.parse(snapshot.community);
      const next = invitee(current, invite, openid, input.name, community.name, id);
      return {
        writes: [
          { collection: COLLECTIONS.persons, doc: next },
          { collection: COLLECTIONS.invites, doc: used(next) },
        ],
        audit: {
          target: { kind: 'person', id: next._id, label: next.name },
          summary: `${next.name}使用邀请码成为${ROLE_LABELS[invite.role]}（${invite.scopeLabel}）`,
          before: current ? { roles: current.roles } : null,
          after: { roles: next.roles },
        },
      };
    },
  });
  return answer(found);
});
