/**
 * org.invite.create / org.invite.list / org.invite.revoke: invitations to a role on a node of the
 * tree. A code is 8 characters (core/domain/account/invite-code.ts) with a unique index; its
 * mini-program code (scene `i=<code>`, opening the join page) is stored under `invites/<community>/`
 * and shown through a temporary link. Making the image can fail (WeChat's quota, an unpublished
 * page): the invite is still made, and the page says to pass the code on instead.
 */
import { randomBytes } from 'node:crypto';
import { orgInviteCreate, orgInviteList, orgInviteRevoke, type InviteView } from '../../../core/contracts/org-invites';
import { ROLE_LABELS } from '../../../core/contracts/org';
import { inviteScene, newInviteCode } from '../../../core/domain/account/invite-code';
import { inviteExpiry, inviteRefusal, inviteScope, type InviteTarget, type TargetNodes } from '../../../core/domain/account/invites';
import { inviteDoc, type InviteDoc } from '../../../core/domain/account/model';
import { administers } from '../../../core/domain/org';
import { branchDoc, buildingDoc, communityDoc, compoundDoc, gridDoc, type PersonDoc } from '../../../core/domain/org-model';
import { canonicalEncode, sha256Hex } from '../../../core/domain/points/canonical';
import { AppError, COLLECTIONS, check, homeCommunity, log, type CloudApp, type Database } from '../../lib';
import { now as clockNow } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { getByIds, getDoc } from '../../lib/ledger';
import { wxacodeUnlimited } from '../../lib/wx-api';
import { accountRoute } from '../../account/src/guarded';

/** The page a scanned invite opens; it reads the code from `scene`. */
export const JOIN_PAGE = 'packages/public/pages/join/index';
/** how long the image link given to the staff page stays valid */
const QR_URL_MAX_AGE_S = 2 * 60 * 60;

/** The nodes the target names, in one round trip (a grid's compound in a second one when the target leaves it out). */
async function targetNodes(db: Database, target: InviteTarget): Promise<TargetNodes> {
  const [community, branch, grid, compound, buildings] = await Promise.all([
    target.communityId ? getDoc(db, COLLECTIONS.communities, target.communityId, communityDoc) : null,
    target.branchId ? getDoc(db, COLLECTIONS.branches, target.branchId, branchDoc) : null,
    target.gridId ? getDoc(db, COLLECTIONS.grids, target.gridId, gridDoc) : null,
    target.compoundId ? getDoc(db, COLLECTIONS.compounds, target.compoundId, compoundDoc) : null,
    getByIds(db, COLLECTIONS.buildings, target.buildingIds ?? [], buildingDoc),
  ]);
  const gridCompound = grid && !compound ? await getDoc(db, COLLECTIONS.compounds, grid.compoundId, compoundDoc) : compound;
  return { community, branch, grid, compound: gridCompound, buildings };
}

const isOpen = (invite: InviteDoc, now: Date) => invite.status === 'open' && new Date(invite.expiresAt) > now;

export function inviteView(invite: InviteDoc, qrUrl: string | null, now = clockNow()): InviteView {
  const open = isOpen(invite, now);
  return {
    id: invite._id,
    // a used, revoked or expired code is of no use to anyone: shown only in part
    code: open ? invite.code : `${invite.code.slice(0, 2)}******`,
    role: invite.role,
    label: ROLE_LABELS[invite.role],
    scopeLabel: invite.scopeLabel,
    name: invite.name,
    status: invite.status === 'open' && !open ? 'expired' : invite.status,
    createdByName: invite.createdBy.name,
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    usedBy: invite.usedBy && { name: invite.usedBy.name, at: invite.usedBy.at },
    qrUrl: open ? qrUrl : null,
  };
}

/** Temporary links to the images of the open invites, in one request. */
async function qrUrls(app: CloudApp, invites: InviteDoc[]): Promise<Map<string, string>> {
  const now = clockNow();
  const ids = invites.filter((i) => isOpen(i, now) && i.qrFileID).map((i) => i.qrFileID!);
  if (!ids.length) return new Map();
  const res = (await app.getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge: QR_URL_MAX_AGE_S })) })) as {
    fileList?: { fileID: string; tempFileURL?: string }[];
  };
  return new Map((res.fileList ?? []).filter((f) => f.tempFileURL).map((f) => [f.fileID, f.tempFileURL!]));
}

async function viewWithQr(app: CloudApp, invite: InviteDoc): Promise<InviteView> {
  const urls = await qrUrls(app, [invite]);
  return inviteView(invite, invite.qrFileID ? (urls.get(invite.qrFileID) ?? null) : null);
}

/** The image of the code, stored; null (with the reason logged) when WeChat would not make one. */
async function storeQr(db: Database, app: CloudApp, communityId: string, id: string, code: string): Promise<{ fileID: string | null; problem: string | null }> {
  let image: Buffer;
  try {
    image = await wxacodeUnlimited(db, { scene: inviteScene(code), page: JOIN_PAGE });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    log.warn('invite without a mini-program code', { invite: id, code: err.code });
    return { fileID: null, problem: err.message };
  }
  const ext = image[0] === 0x89 ? 'png' : 'jpg';
  const { fileID } = await app.uploadFile({ cloudPath: `invites/${communityId}/${id}.${ext}`, fileContent: image });
  return { fileID, problem: null };
}

/** Whether the person may see and revoke the invite: staff of its community, or whoever made it. */
const mayManage = (person: PersonDoc, invite: InviteDoc) =>
  invite.createdBy.id === person._id || (invite.communityId !== null && administers(person, invite.communityId));

export const inviteRoutes = [
  accountRoute(
    orgInviteCreate,
    { access: 'bound', roles: ['staff', 'admin', 'secretary'] },
    async (input, { db, app, person }) => {
      const id = `iv_${sha256Hex(canonicalEncode([person._id, input.idempotencyKey])).slice(0, 32)}`;
      const fingerprint = sha256Hex(canonicalEncode([input.role, input.target, input.name ?? null, input.expiresInDays]));
      const [nodes, earlier] = await Promise.all([targetNodes(db, input.target), getDoc(db, COLLECTIONS.invites, id, inviteDoc)]);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的邀请，请刷新后重试');
        return { invite: await viewWithQr(app, earlier), qrProblem: null };
      }
      const { scope, scopeLabel } = inviteScope(input.role, input.target, nodes);
      const refusal = inviteRefusal(person, input.role, scope);
      if (refusal) throw new AppError('FORBIDDEN', refusal);

      const now = clockNow();
      for (let attempt = 0; ; attempt++) {
        const code = newInviteCode((n) => randomBytes(n));
        const qr = await storeQr(db, app, input.target.communityId, id, code);
        const invite: InviteDoc = {
          _id: id,
          communityId: input.target.communityId,
          code,
          role: input.role,
          scope,
          scopeLabel,
          name: input.name ?? null,
          createdBy: { id: person._id, name: person.name },
          createdAt: now.toISOString(),
          expiresAt: inviteExpiry(now, input.expiresInDays).toISOString(),
          status: 'open',
          usedBy: null,
          revokedBy: null,
          qrFileID: qr.fileID,
          idempotencyKey: input.idempotencyKey,
          fingerprint,
          rev: 0,
        };
        const { _id, ...fields } = invite;
        try {
          check(await db.collection(COLLECTIONS.invites).add({ _id, ...fields }));
          return { invite: await viewWithQr(app, invite), qrProblem: qr.problem };
        } catch (err) {
          if (!isDuplicate(err)) throw err;
          // the same key at the same moment (a double tap): answer the first
          const first = await getDoc(db, COLLECTIONS.invites, id, inviteDoc);
          if (first) return { invite: await viewWithQr(app, first), qrProblem: null };
          if (attempt >= 2) throw err; // else: the code was taken, by odds of one in 10^11; draw another
        }
      }
    },
  ),

  accountRoute(
    orgInviteList,
    { access: 'bound', roles: ['staff', 'admin', 'secretary'] },
    async ({ communityId, status, page, pageSize }, { db, app, person }) => {
      const cid = communityId ?? homeCommunity(person);
      const _ = db.command;
      const now = clockNow().toISOString();
      const byStatus =
        status === 'expired' ? { status: 'open', expiresAt: _.lte(now) } : status === 'open' ? { status: 'open', expiresAt: _.gt(now) } : status ? { status } : {};
      // a secretary sees the invites they made; staff and administrators all of the community's
      const whose = administers(person, cid) ? {} : { 'createdBy.id': person._id };
      const { data } = await db
        .collection(COLLECTIONS.invites)
        .where({ communityId: cid, ...byStatus, ...whose })
        .orderBy('createdAt', 'desc')
        .skip((page - 1) * pageSize)
        .limit(pageSize + 1)
        .get();
      const invites = (data as unknown[]).map((d) => inviteDoc.parse(d)).slice(0, pageSize);
      const urls = await qrUrls(app, invites);
      return {
        invites: invites.map((i) => inviteView(i, i.qrFileID ? (urls.get(i.qrFileID) ?? null) : null)),
        hasMore: data.length > pageSize,
      };
    },
  ),

  accountRoute(
    orgInviteRevoke,
    {
      access: 'bound',
      roles: ['staff', 'admin', 'secretary'],
      prefetch: (input, db) => getDoc(db, COLLECTIONS.invites, input.inviteId, inviteDoc),
    },
    async (_input, { db, person, prefetched: invite }) => {
      if (!invite || !mayManage(person, invite)) throw new AppError('NOT_FOUND', '没有找到这个邀请');
      if (invite.status === 'revoked') return { invite: inviteView(invite, null) };
      if (invite.status === 'used') throw new AppError('PRECONDITION_FAILED', `这个邀请码已由${invite.usedBy?.name ?? '对方'}使用，如需撤销其角色，请在「人员与角色」里操作`);
      const revokedBy = { id: person._id, name: person.name, at: clockNow().toISOString() };
      // only while still open: a code being used at this moment either wins (used) or is refused
      const res = check(
        await db
          .collection(COLLECTIONS.invites)
          .where({ _id: invite._id, status: 'open', rev: invite.rev })
          .update({ status: 'revoked', revokedBy, rev: invite.rev + 1 }),
      ) as { updated?: number };
      if (!res.updated) throw new AppError('CONFLICT', '这个邀请刚被使用或修改，请刷新后再看');
      return { invite: inviteView({ ...invite, status: 'revoked', revokedBy, rev: invite.rev + 1 }, null) };
    },
  ),
];
