/**
 * org.community.create: an administrator starts a community from nothing. One transaction writes
 * the community, its org version, the admin's scope (and their home community if they had none)
 * and the audit entry; a retry with the same key answers the community already made.
 */
import { orgCommunityCreate } from '../../../../core/contracts/org-admin';
import { communityDoc, orgAuditDoc, personDoc, type OrgAuditDoc, type PersonDoc } from '../../../../core/domain/org-model';
import { canonicalEncode, sha256Hex } from '../../../../core/domain/points/canonical';
import { AppError, COLLECTIONS as C, check, route } from '../../../lib';
import { getDoc, inTransaction } from '../../../lib/ledger/store';
import { now } from '../../../lib/clock';
import { auditId } from '../../../lib/org-change';

const without_id = <T extends { _id: string }>({ _id: _ignored, ...rest }: T) => rest;

/** The admin with the community added to their scope (and made their home when they had none). */
export function withCommunity(person: PersonDoc, community: { _id: string; name: string }): PersonDoc {
  let added = false;
  const roles = person.roles.map((g) => {
    if (added || g.role !== 'admin') return g;
    added = true;
    const ids = g.scope.communityIds ?? [];
    if (ids.includes(community._id)) return g;
    return { ...g, scope: { ...g.scope, communityIds: [...ids, community._id] }, scopeLabel: [g.scopeLabel, community.name].filter(Boolean).join('、') };
  });
  return {
    ...person,
    roles,
    communityId: person.communityId ?? community._id,
    communityName: person.communityId ? person.communityName : community.name,
    rev: person.rev + 1,
  };
}

export const communityRoute = route(orgCommunityCreate, { access: 'bound', roles: ['admin'] }, async ({ idempotencyKey, name, district }, { db, person }) => {
  const id = `cm-${sha256Hex(canonicalEncode([person._id, idempotencyKey])).slice(0, 20)}`;
  const fingerprint = sha256Hex(JSON.stringify(['org.community.create', { name, district }]));
  const audit: OrgAuditDoc = {
    _id: auditId(id, person._id, idempotencyKey),
    communityId: id,
    actorId: person._id,
    actorName: person.name,
    action: 'org.community.create',
    target: { kind: 'community', id, label: name },
    summary: `新建社区「${name}」（${district}）`,
    before: null,
    after: { _id: id, name, district },
    at: now().toISOString(),
    fingerprint,
  };
  return inTransaction(db, async (t) => {
    const [seen, self] = await Promise.all([getDoc(t, C.orgAudit, audit._id, orgAuditDoc), getDoc(t, C.persons, person._id, personDoc)]);
    if (seen) {
      if (seen.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的操作，请刷新后重试');
      return { id, name: communityDoc.parse(seen.after).name, replayed: true };
    }
    if (!self) throw new AppError('NOT_FOUND', '没有找到你的账号，请重新进入小程序');
    const results = await Promise.all([
      t.collection(C.communities).doc(id).set({ name, district }),
      t.collection(C.orgVersions).doc(id).set({ version: 1, updatedAt: audit.at }),
      t.collection(C.persons).doc(self._id).set(without_id(withCommunity(self, { _id: id, name }))),
      t.collection(C.orgAudit).add({ ...audit }),
    ]);
    results.forEach((r) => check(r));
    return { id, name, replayed: false };
  });
});
