/**
 * The 五有 checklist: its branch's secretary keeps it (org.wuyou.save: evidence text through content
 * security, photos their own uploads); the branch's officers and community staff read it
 * (org.wuyou.get); staff see coverage across the community's branches (org.wuyou.coverage).
 * Each save is one transaction with its audit entry; a retried key answers the checklist as it is.
 */
import { WUYOU_LABELS, orgWuyouCoverage, orgWuyouGet, orgWuyouSave, type WuyouView } from '../../../../core/contracts/org-admin';
import { administers } from '../../../../core/domain/org';
import { branchDoc, orgAuditDoc, type BranchDoc, type OrgAuditDoc, type PersonDoc } from '../../../../core/domain/org-model';
import { isOwnWuyouPhoto } from '../../../../core/domain/points/claim-photos';
import { sha256Hex } from '../../../../core/domain/points/canonical';
import { withItem, wuyouCoverage, wuyouDoc, wuyouItems, type WuyouDoc } from '../../../../core/domain/org-admin/wuyou';
import { AppError, COLLECTIONS as C, check, checkText, refuseRisky, route, type Database } from '../../../lib';
import { getDoc, inTransaction } from '../../../lib/ledger/store';
import { now as clockNow } from '../../../lib/clock';
import { auditId } from '../../../lib/org-change';
import { checkOwnPhotos } from '../../../lib/own-photos';
import { STAFF, staffCommunity } from './access';

const officerOf = (person: PersonDoc, branchId: string, roles: readonly string[]) =>
  person.roles.some((g) => roles.includes(g.role) && g.scope.branchId === branchId);

/** The branch asked about, or the one the caller is an officer of. */
function branchIdOf(person: PersonDoc, branchId: string | undefined): string {
  const id = branchId ?? person.roles.find((g) => (g.role === 'secretary' || g.role === 'committee') && g.scope.branchId)?.scope.branchId;
  if (!id) throw new AppError('VALIDATION_ERROR', '请选择要查看的支部', [{ path: 'data.branchId', message: '请选择支部' }]);
  return id;
}

async function loadBranch(db: Database, branchId: string): Promise<{ branch: BranchDoc; doc: WuyouDoc | null }> {
  const [branch, doc] = await Promise.all([getDoc(db, C.branches, branchId, branchDoc), getDoc(db, C.wuyou, branchId, wuyouDoc)]);
  if (!branch || branch.retiredAt !== null) throw new AppError('NOT_FOUND', '没有找到这个支部');
  return { branch, doc };
}

const view = (branch: BranchDoc, doc: WuyouDoc | null, person: PersonDoc): WuyouView => ({
  branch: { id: branch._id, name: branch.name },
  items: wuyouItems(doc),
  rev: doc?.rev ?? 0,
  editable: officerOf(person, branch._id, ['secretary']),
});

const READERS = ['secretary', 'committee', ...STAFF] as const;

export const wuyouRoutes = [
  route(orgWuyouGet, { access: 'bound', roles: READERS }, async ({ branchId }, { db, person }) => {
    const { branch, doc } = await loadBranch(db, branchIdOf(person, branchId));
    if (!officerOf(person, branch._id, ['secretary', 'committee']) && !administers(person, branch.communityId)) {
      throw new AppError('FORBIDDEN', '只能查看你所在支部或你负责的社区的五有情况');
    }
    return view(branch, doc, person);
  }),

  route(orgWuyouSave, { access: 'bound', roles: ['secretary'] }, async (input, { app, db, person, openid }) => {
    const branchId = branchIdOf(person, input.branchId);
    const grant = person.roles.find((g) => g.role === 'secretary' && g.scope.branchId === branchId);
    const communityId = grant?.scope.communityId ?? person.communityId;
    if (!grant || !communityId) throw new AppError('FORBIDDEN', '五有情况由本支部书记维护');
    const { evidence, key } = input;
    await Promise.all([
      checkOwnPhotos(app, evidence.photos, (id) => isOwnWuyouPhoto(id, person._id), 'data.evidence.photos'),
      evidence.text ? checkText(app, { openid, scene: 'comment', content: evidence.text }).then((v) => refuseRisky(v, '说明', 'data.evidence.text')) : undefined,
    ]);
    const fingerprint = sha256Hex(JSON.stringify(['org.wuyou.save', { branchId, key, rev: input.rev ?? null, evidence }]));
    const id = auditId(communityId, person._id, input.idempotencyKey);
    // the branch is read in the transaction with the rest: 5 sequential round trips with the caller's
    const { branch, doc } = await inTransaction(db, async (t) => {
      const [seen, current, found] = await Promise.all([
        getDoc(t, C.orgAudit, id, orgAuditDoc),
        getDoc(t, C.wuyou, branchId, wuyouDoc),
        getDoc(t, C.branches, branchId, branchDoc),
      ]);
      if (!found || found.retiredAt !== null || found.communityId !== communityId) throw new AppError('NOT_FOUND', '没有找到这个支部');
      if (seen) {
        if (seen.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的修改，请刷新后重试');
        return { branch: found, doc: current };
      }
      if (input.rev !== undefined && input.rev !== (current?.rev ?? 0)) throw new AppError('CONFLICT', '五有情况刚被修改过，请刷新后再改');
      const now = clockNow().toISOString();
      const next = withItem(current, found, key, { ...evidence, updatedAt: now, updatedBy: person.name });
      const audit: OrgAuditDoc = {
        _id: id,
        communityId,
        actorId: person._id,
        actorName: person.name,
        action: 'org.wuyou.save',
        target: { kind: 'branch', id: found._id, label: found.name },
        summary: `更新「${found.name}」五有：${WUYOU_LABELS[key]}${evidence.done ? '（已具备）' : '（未具备）'}`,
        before: current?.items[key] ?? null,
        after: next.items[key],
        at: now,
        fingerprint,
      };
      const { _id: _ignored, ...rest } = next;
      for (const r of await Promise.all([t.collection(C.wuyou).doc(branchId).set(rest), t.collection(C.orgAudit).add({ ...audit })])) check(r);
      return { branch: found, doc: next };
    });
    return view(branch, doc, person);
  }),

  route(orgWuyouCoverage, { access: 'bound', roles: STAFF }, async ({ communityId }, { db, person }) => {
    const cid = staffCommunity(person, communityId);
    const [branches, docs] = await Promise.all([
      db.collection(C.branches).where({ communityId: cid, retiredAt: null }).limit(1000).get(),
      db.collection(C.wuyou).where({ communityId: cid }).limit(1000).get(),
    ]);
    return wuyouCoverage(
      (branches.data as unknown[]).map((d) => branchDoc.parse(d)),
      (docs.data as unknown[]).map((d) => wuyouDoc.parse(d)),
    );
  }),
];
