/**
 * Staff's side: drafts (notices.save), publishing through the content check (notices.publish), a
 * second staff member's approval of a held notice (notices.approve), withdrawal and a new start of a
 * failed official-account sync (notices.resync).
 *
 * Publishing checks the text at once (msgSecCheck) and the images asynchronously (mediaCheckAsync):
 * a notice with images waits as `checking` until every verdict has been pushed (lib/media-verdicts.ts),
 * then `settleImages` — run by the sweep, and by notices.get/publish when staff ask — releases it,
 * holds it for a second staff member (`review`) or sends it back to a draft with the reason.
 */
import type { z } from 'zod';
import { noticesApprove, noticesPublish, noticesResync, noticesSave, noticesWithdraw } from '../../../core/contracts/notices';
import { defaultDigest, imagesOf } from '../../../core/domain/notices/blocks';
import { newFanout } from '../../../core/domain/notices/fanout';
import { NEVER, newMpSync, NOTICE_COLLECTION, noticeId, sortRank, type NoticeDoc } from '../../../core/domain/notices/model';
import { checkParts, IMAGE_CHECK_NOT_STARTED, imagesOutcome, noticeImages, rejectionMessage, worst } from '../../../core/domain/notices/moderation';
import { isOwnUpload } from '../../../core/domain/points/claim-photos';
import { AppError, check, checkText, config, homeCommunity, mediaVerdictsOf, route, type CloudApp, type Database, type Log } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { setWhole } from '../../lib/db-update';
import { startMediaChecks } from '../../lib/media-checks';
import { checkOwnPhotos } from '../../lib/own-photos';
import { runFanout } from './fanout';
import { runOfficialAccount } from './official-account';
import { audienceOf } from './scope';
import { loadNotice, requireStaff, STAFF_ROLES, viewOf } from './store';

type SaveInput = z.output<typeof noticesSave.input>;
/** what the work after a verdict needs (the sweep has no caller) */
interface Work {
  app: CloudApp;
  db: Database;
  log: Log;
}
type Moderation = NonNullable<NoticeDoc['moderation']>;

const CHANGED = '这条公告刚被其他人处理过，请刷新后再试';

function checkExpiry(expiresAt: string | null, path: string): void {
  if (expiresAt !== null && Date.parse(expiresAt) <= now().getTime()) {
    const message = '过期时间已经过了，请选一个以后的时间';
    throw new AppError('VALIDATION_ERROR', message, [{ path, message }]);
  }
}

export const saveRoute = route(noticesSave, { access: 'bound', roles: STAFF_ROLES }, async (input: SaveInput, { app, db, person }) => {
  const communityId = homeCommunity(person);
  requireStaff(person, communityId);
  checkExpiry(input.expiresAt, 'data.expiresAt');
  const id = input.id ?? noticeId(person._id, input.idempotencyKey);
  const existing = await loadOrNull(db, id);
  if (input.id && !existing) throw new AppError('NOT_FOUND', '没有找到这份草稿');
  if (existing && existing.communityId !== communityId) throw new AppError('NOT_FOUND', '没有找到这份草稿');
  if (existing && existing.state !== 'draft') throw new AppError('CONFLICT', '公告已经提交发布，不能再修改；如需更改请撤回后重新编写');
  // the author's own uploads (or, editing a colleague's draft, theirs)
  const owners = new Set([person._id, existing?.authorId ?? person._id]);
  const images = [...imagesOf(input.blocks), ...(input.coverFileId ? [input.coverFileId] : [])];
  await checkOwnPhotos(app, images, (fileId) => [...owners].some((o) => isOwnUpload(fileId, 'notices', o)), 'data.images');

  const at = now().toISOString();
  const fields = {
    category: input.category,
    title: input.title,
    digest: input.digest || defaultDigest(input.blocks),
    blocks: input.blocks,
    coverFileId: input.coverFileId,
    scope: input.scope,
    pinned: input.pinned,
    expiresAt: input.expiresAt,
    visibleUntil: input.expiresAt ? new Date(input.expiresAt).toISOString() : NEVER,
    sortRank: sortRank(input.pinned, input.category),
    syncToOfficialAccount: input.syncToOfficialAccount,
    rejection: null,
    updatedAt: at,
  };
  if (!existing) {
    const doc: NoticeDoc = {
      _id: id,
      communityId,
      authorId: person._id,
      authorName: person.name,
      ...fields,
      audience: [],
      state: 'draft',
      moderation: null,
      imageChecks: null,
      readCount: 0,
      mp: null,
      fanout: null,
      createdAt: at,
      publishedAt: null,
      withdrawnAt: null,
    };
    try {
      check(await db.collection(NOTICE_COLLECTION).add(doc));
      return viewOf(doc, { staff: true });
    } catch (err) {
      // a retry of the same creation (same key): fall through to replace the draft it made
      if (!isDuplicate(err)) throw err;
    }
  }
  const res = await db.collection(NOTICE_COLLECTION).where({ _id: id, state: 'draft' }).update(setWhole(db, fields));
  if (!res.updated) throw new AppError('CONFLICT', CHANGED);
  return viewOf(await loadNotice(db, id), { staff: true });
});

async function loadOrNull(db: Database, id: string): Promise<NoticeDoc | null> {
  try {
    return await loadNotice(db, id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

const logFailure = (ctx: Work, what: string, noticeId: string, err: unknown) => ctx.log.error(what, { noticeId, error: err instanceof Error ? err.stack : String(err) });

/** the fan-out's first batches run in the publishing call; the sweep sends the rest */
const FANOUT_INLINE_MS = 3_000;

/** Makes the notice visible to its scope (from `from`), then starts the 公众号 sync and the messages in this call. */
async function release(ctx: Work, n: NoticeDoc, from: 'draft' | 'checking' | 'review', moderation: Moderation): Promise<NoticeDoc> {
  checkExpiry(n.expiresAt, 'data.id');
  const audience = await audienceOf(ctx.db, n.communityId, n.scope);
  const at = now().toISOString();
  const res = await ctx.db
    .collection(NOTICE_COLLECTION)
    .where({ _id: n._id, state: from })
    .update(
      setWhole(ctx.db, {
        state: 'published',
        audience,
        moderation,
        rejection: null,
        publishedAt: at,
        updatedAt: at,
        mp: n.syncToOfficialAccount ? newMpSync(at) : null,
        fanout: config().subscribeTemplates.notice ? newFanout(at) : null,
      }),
    );
  if (!res.updated) throw new AppError('CONFLICT', CHANGED);
  // published whatever happens next: a sync or fan-out that breaks here is resumed by the sweep
  await Promise.all([
    n.syncToOfficialAccount ? runOfficialAccount(ctx, n._id).catch((err) => logFailure(ctx, 'official account sync failed', n._id, err)) : null,
    runFanout(ctx, n._id, FANOUT_INLINE_MS).catch((err) => logFailure(ctx, 'notice fan-out failed', n._id, err)),
  ]);
  return loadNotice(ctx.db, n._id);
}

/** Held for a second staff member (msgSecCheck or an image's check answered `review`). */
async function hold(ctx: Work, id: string, from: 'draft' | 'checking', moderation: Moderation): Promise<void> {
  const at = now().toISOString();
  const res = await ctx.db.collection(NOTICE_COLLECTION).where({ _id: id, state: from }).update(setWhole(ctx.db, { state: 'review', moderation, rejection: null, updatedAt: at }));
  if (!res.updated) throw new AppError('CONFLICT', CHANGED);
}

/**
 * Moves a `checking` notice on once its images' verdicts decide (see imagesOutcome); answers the
 * notice as it then is. Run by whoever comes first (the sweep, staff opening it): the loser of a
 * race finds the state changed and answers what the winner stored.
 */
export async function settleImages(ctx: Work, n: NoticeDoc): Promise<NoticeDoc> {
  if (n.state !== 'checking' || !n.imageChecks || !n.moderation) return n;
  const { checks, startedAt } = n.imageChecks;
  const verdicts = await mediaVerdictsOf(ctx.db, checks.map((c) => c.traceId));
  const outcome = imagesOutcome(
    n,
    checks.map((c) => {
      const v = verdicts.get(c.traceId);
      return { fileId: c.fileId, verdict: v && { suggest: v.verdict, label: v.label } };
    }),
    startedAt,
    now().getTime(),
  );
  if (outcome.kind === 'pending') return n;
  const expired = n.expiresAt !== null && Date.parse(n.expiresAt) <= now().getTime();
  const rejection = outcome.kind === 'rejected' ? outcome.message : expired ? '审核期间公告已过了过期时间，没有发布，请改一个以后的过期时间再发布' : null;
  try {
    if (rejection) {
      const at = now().toISOString();
      const res = await ctx.db.collection(NOTICE_COLLECTION).where({ _id: n._id, state: 'checking' }).update({ state: 'draft', rejection, updatedAt: at });
      if (!res.updated) throw new AppError('CONFLICT', CHANGED);
    } else if (outcome.kind === 'review' || n.moderation.suggest === 'review') {
      const label = outcome.kind === 'review' && n.moderation.suggest !== 'review' ? outcome.label : n.moderation.label;
      await hold(ctx, n._id, 'checking', { ...n.moderation, suggest: 'review', label });
    } else {
      return await release(ctx, n, 'checking', n.moderation);
    }
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
  }
  return loadNotice(ctx.db, n._id);
}

export const publishRoute = route(noticesPublish, { access: 'bound', roles: STAFF_ROLES }, async ({ id }, ctx) => {
  const n = await loadNotice(ctx.db, id);
  requireStaff(ctx.person, n.communityId);
  if (n.state === 'checking') return viewOf(await settleImages(ctx, n), { staff: true }); // a repeated tap: have the verdicts come?
  if (n.state === 'published' || n.state === 'review') return viewOf(n, { staff: true }); // a repeated tap
  if (n.state !== 'draft') throw new AppError('CONFLICT', '已撤回的公告不能再发布，请重新编写');
  checkExpiry(n.expiresAt, 'data.id');
  const verdicts = await Promise.all(checkParts(n).map((content) => checkText(ctx.app, { openid: ctx.openid, scene: 'forum', content, title: n.title })));
  const verdict = worst(verdicts);
  if (verdict.suggest === 'risky') throw new AppError('CONTENT_REJECTED', rejectionMessage(verdict.label));
  const moderation = { suggest: verdict.suggest, label: verdict.label, traceId: verdict.traceId, approvedBy: null };
  const images = noticeImages(n);
  if (images.length) {
    // visible to nobody until WeChat's verdict on every image has come (settleImages)
    const started = await startMediaChecks(ctx.app, { openid: ctx.openid, scene: 'forum' }, images);
    const checks = started.flatMap((c) => (c.traceId ? [{ fileId: c.fileId, traceId: c.traceId }] : []));
    if (checks.length < images.length) throw new AppError('INTERNAL', IMAGE_CHECK_NOT_STARTED);
    const at = now().toISOString();
    const res = await ctx.db
      .collection(NOTICE_COLLECTION)
      .where({ _id: id, state: 'draft' })
      .update(setWhole(ctx.db, { state: 'checking', moderation, imageChecks: { startedAt: at, checks }, rejection: null, updatedAt: at }));
    if (!res.updated) throw new AppError('CONFLICT', CHANGED);
    return viewOf(await loadNotice(ctx.db, id), { staff: true });
  }
  if (verdict.suggest === 'pass') return viewOf(await release(ctx, n, 'draft', moderation), { staff: true });
  await hold(ctx, id, 'draft', moderation);
  return viewOf(await loadNotice(ctx.db, id), { staff: true });
});

export const approveRoute = route(noticesApprove, { access: 'bound', roles: STAFF_ROLES }, async ({ id }, ctx) => {
  const n = await loadNotice(ctx.db, id);
  requireStaff(ctx.person, n.communityId);
  if (n.state === 'published' && n.moderation?.approvedBy) return viewOf(n, { staff: true });
  if (n.state !== 'review' || !n.moderation) throw new AppError('CONFLICT', '这条公告不在待审核状态');
  if (n.authorId === ctx.person._id) throw new AppError('FORBIDDEN', '内容检查要求复核：需要另一位工作人员审核后才能发布');
  return viewOf(await release(ctx, n, 'review', { ...n.moderation, approvedBy: ctx.person.name }), { staff: true });
});

export const withdrawRoute = route(noticesWithdraw, { access: 'bound', roles: STAFF_ROLES }, async ({ id }, ctx) => {
  const n = await loadNotice(ctx.db, id);
  requireStaff(ctx.person, n.communityId);
  if (n.state === 'withdrawn') return viewOf(n, { staff: true });
  if (n.state === 'draft') throw new AppError('CONFLICT', '草稿还没有发布，不需要撤回');
  const at = now().toISOString();
  const mpActive = n.mp !== null && (n.mp.status === 'syncing' || n.mp.status === 'published');
  const res = await ctx.db
    .collection(NOTICE_COLLECTION)
    .where({ _id: id, state: n.state })
    .update({ state: 'withdrawn', withdrawnAt: at, updatedAt: at, ...(mpActive ? { 'mp.dueAt': at } : {}) });
  if (!res.updated) throw new AppError('CONFLICT', CHANGED);
  // the article is deleted now, or by the sweep when a runner holds the notice or WeChat fails
  if (mpActive) await runOfficialAccount(ctx, id);
  return viewOf(await loadNotice(ctx.db, id), { staff: true });
});

export const resyncRoute = route(noticesResync, { access: 'bound', roles: STAFF_ROLES }, async ({ id }, ctx) => {
  const n = await loadNotice(ctx.db, id);
  requireStaff(ctx.person, n.communityId);
  if (n.state !== 'published' || n.mp?.status !== 'failed') throw new AppError('CONFLICT', '只有同步失败的已发布公告可以重新同步');
  const at = now().toISOString();
  // the staff member has checked the account: an uncertain submit did not go out. After a failed
  // publishing (status 2–6) or an uncertain submit the draft may have left the draft box: a new one is made.
  const error = n.mp.error;
  const newDraft = error?.step === 'poll' || (error?.step === 'submit' && error.errcode === null);
  const res = await ctx.db
    .collection(NOTICE_COLLECTION)
    .where({ _id: id, 'mp.status': 'failed' })
    .update({
      'mp.status': 'syncing',
      'mp.error': null,
      'mp.attempts': 0,
      'mp.dueAt': at,
      'mp.submitStartedAt': null,
      'mp.publishId': null,
      ...(newDraft ? { 'mp.draftMediaId': null } : {}),
      updatedAt: at,
    });
  if (!res.updated) throw new AppError('CONFLICT', CHANGED);
  await runOfficialAccount(ctx, id);
  return viewOf(await loadNotice(ctx.db, id), { staff: true });
});
