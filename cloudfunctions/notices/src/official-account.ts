/**
 * Runs a notice's official-account (公众号) sync, one step at a time (core/domain/notices/official-account.ts
 * decides which), storing each step's result on the notice before the next starts. One runner at a
 * time per notice: a lease (`mp.leaseUntil`, longer than the function's timeout) is taken by a
 * conditional update, and every store is conditional on still holding it.
 *
 * What a crash (or a timeout) between a step's call and its store leaves behind:
 * - after media/uploadimg or material/add_material: an unused image on the account; the step runs again;
 * - after draft/add: an extra draft in the account's draft box (the one window that leaves an extra
 *   draft); the step runs again and the new draft is the one published;
 * - after freepublish/submit: nothing is repeated. `submitStartedAt` was stored before the call, so
 *   the next runner finds it without a `publishId` and stops (`uncertain`) for staff to look at the
 *   account's 发表记录 and start it again (notices.resync) only if nothing went out.
 */
import { ArticleTooLarge, articleHtml } from '../../../core/domain/notices/article-html';
import { NOTICE_LIMITS } from '../../../core/domain/notices/blocks';
import { NOTICE_COLLECTION, type MpSync, type NoticeDoc } from '../../../core/domain/notices/model';
import { nextMpStep, POLL_EVERY_MS, retryDelayMs, UNCERTAIN_SUBMIT } from '../../../core/domain/notices/official-account';
import { PUBLISH_STATUS_FAILURES } from '../../../core/domain/notices/official-account-errors';
import type { CloudApp, Database, Log } from '../../lib';
import { now } from '../../lib/clock';
import { setWhole } from '../../lib/db-update';
import { WxApiError, wxPost, type WxAnswer } from '../../lib/wx-token';
import { loadNotice, mpError } from './store';

/** longer than the function's timeout (config.json: 60 s), so a lease outlives its runner */
const LEASE_MS = 90_000;
/** steps one run takes at most (20 images, cover, draft, submit, one poll) */
const MAX_STEPS = 25;

interface Ctx {
  app: CloudApp;
  db: Database;
  log: Log;
}

type MpFields = Partial<{ [K in keyof MpSync as `mp.${K & string}`]: MpSync[K] }>;

/** a step's outcome: fields to store, and whether to go on to the next step now */
interface Outcome {
  set: MpFields;
  goOn: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const extOf = (fileId: string) => fileId.split('?')[0].split('.').pop()?.toLowerCase() ?? '';
const fileName = (fileId: string) => fileId.split('/').pop() ?? 'image.jpg';
const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp' };

/** a failure `retry` (WeChat's quota, no answer) is tried again by the sweep, later each time; else staff must act */
function failed(mp: MpSync, error: ReturnType<typeof mpError>, extra: MpFields = {}): Outcome {
  const at = now().getTime();
  const attempts = mp.attempts + 1;
  return {
    set: {
      'mp.error': error,
      'mp.attempts': attempts,
      'mp.status': error.retry ? mp.status : 'failed',
      'mp.dueAt': error.retry ? iso(at + retryDelayMs(attempts)) : null,
      ...extra,
    },
    goOn: false,
  };
}

const ok = (set: MpFields, goOn = true): Outcome => ({ set: { 'mp.error': null, 'mp.attempts': 0, ...set }, goOn });

/** WeChat's answer, or the failure to store: errcode ≠ 0, or no usable answer */
async function call(ctx: Ctx, step: string, path: string, body: unknown): Promise<{ body: Record<string, unknown> } | { error: ReturnType<typeof mpError> }> {
  let answer: WxAnswer;
  try {
    answer = await wxPost(ctx.db, 'officialAccount', path, body);
  } catch (err) {
    if (!(err instanceof WxApiError)) throw err;
    ctx.log.warn('official account: no answer', { step, error: err.message });
    return { error: mpError(step, null) };
  }
  if (answer.kind !== 'json') return { error: mpError(step, null) };
  if (answer.errcode !== 0) {
    ctx.log.warn('official account refused', { step, errcode: answer.errcode, errmsg: answer.body.errmsg });
    return { error: mpError(step, answer.errcode) };
  }
  return { body: answer.body };
}

/** the file from our storage; null when it cannot be read now (the step is retried later) */
async function download(ctx: Ctx, fileId: string): Promise<Buffer | null> {
  try {
    const res = (await ctx.app.downloadFile({ fileID: fileId })) as { fileContent?: Buffer; code?: string; message?: string };
    if (!res.code && res.fileContent) return res.fileContent;
    ctx.log.warn('official account: image not read', { fileId, code: res.code, message: res.message });
  } catch (err) {
    ctx.log.warn('official account: image not read', { fileId, error: err instanceof Error ? err.message : String(err) });
  }
  return null;
}
const unreadable = (step: string) => ({ step, errcode: null, message: '读取图片失败，稍后会自动重试', retry: true });

function form(data: Buffer, fileId: string): FormData {
  const f = new FormData();
  f.append('media', new Blob([new Uint8Array(data)], { type: CONTENT_TYPES[extOf(fileId)] ?? 'application/octet-stream' }), fileName(fileId));
  return f;
}

async function uploadBodyImage(ctx: Ctx, n: NoticeDoc, mp: MpSync, fileId: string): Promise<Outcome> {
  const position = n.blocks.filter((b) => b.type === 'image').findIndex((b) => b.type === 'image' && b.fileId === fileId) + 1;
  if (!['jpg', 'jpeg', 'png'].includes(extOf(fileId))) {
    return failed(mp, mpError('image', null, `正文第 ${position} 张图片不是 JPG 或 PNG 格式，公众号不接受。请撤回公告，换成 JPG 或 PNG 图片后重新发布`));
  }
  const data = await download(ctx, fileId);
  if (!data) return failed(mp, unreadable('image'));
  if (data.length > NOTICE_LIMITS.imageBytes) {
    const mb = (data.length / 1024 / 1024).toFixed(1);
    return failed(mp, mpError('image', null, `正文第 ${position} 张图片有 ${mb} MB，公众号只接受 1 MB 以内的图片。请撤回公告，在手机上压缩图片后重新发布`));
  }
  const r = await call(ctx, 'image', '/cgi-bin/media/uploadimg', form(data, fileId));
  if ('error' in r) return failed(mp, r.error);
  if (typeof r.body.url !== 'string') return failed(mp, mpError('image', null));
  return ok({ 'mp.images': [...mp.images, { fileId, url: r.body.url }] });
}

async function uploadCover(ctx: Ctx, n: NoticeDoc, mp: MpSync): Promise<Outcome> {
  if (!n.coverFileId) return failed(mp, mpError('cover', null, '同步到公众号需要一张封面图片，请撤回后加上封面重新发布'));
  const data = await download(ctx, n.coverFileId);
  if (!data) return failed(mp, unreadable('cover'));
  const r = await call(ctx, 'cover', '/cgi-bin/material/add_material?type=image', form(data, n.coverFileId));
  if ('error' in r) return failed(mp, r.error);
  if (typeof r.body.media_id !== 'string') return failed(mp, mpError('cover', null));
  return ok({ 'mp.coverMediaId': r.body.media_id });
}

async function addDraft(ctx: Ctx, n: NoticeDoc, mp: MpSync): Promise<Outcome> {
  let content: string;
  try {
    content = articleHtml(n.blocks, Object.fromEntries(mp.images.map((i) => [i.fileId, i.url])));
  } catch (err) {
    if (!(err instanceof ArticleTooLarge)) throw err;
    return failed(mp, mpError('draft', null, '正文超过了公众号文章的上限（2 万字、1 MB），请撤回后精简正文重新发布'));
  }
  const article = { title: n.title, digest: n.digest, content, thumb_media_id: mp.coverMediaId, need_open_comment: 0, only_fans_can_comment: 0 };
  const r = await call(ctx, 'draft', '/cgi-bin/draft/add', { articles: [article] });
  if ('error' in r) return failed(mp, r.error);
  if (typeof r.body.media_id !== 'string') return failed(mp, mpError('draft', null));
  return ok({ 'mp.draftMediaId': r.body.media_id });
}

async function submit(ctx: Ctx, mp: MpSync): Promise<Outcome> {
  const r = await call(ctx, 'submit', '/cgi-bin/freepublish/submit', { media_id: mp.draftMediaId });
  // no answer: the task may exist; submitStartedAt stays, and the next run stops as uncertain
  if ('error' in r && r.error.errcode === null) return failed(mp, { ...r.error, retry: true });
  // WeChat answered an error: nothing was queued, the submit may run again
  if ('error' in r) return failed(mp, r.error, { 'mp.submitStartedAt': null });
  const publishId = r.body.publish_id;
  if (typeof publishId !== 'string' && typeof publishId !== 'number') return failed(mp, mpError('submit', null));
  return ok({ 'mp.publishId': String(publishId), 'mp.dueAt': iso(now().getTime() + POLL_EVERY_MS) }, false);
}

async function poll(ctx: Ctx, n: NoticeDoc, mp: MpSync): Promise<Outcome> {
  const r = await call(ctx, 'poll', '/cgi-bin/freepublish/get', { publish_id: mp.publishId });
  if ('error' in r) return failed(mp, r.error);
  const status = r.body.publish_status;
  if (status === 1) return ok({ 'mp.dueAt': iso(now().getTime() + POLL_EVERY_MS) }, false);
  const withdrawing = n.state === 'withdrawn';
  if (status === 0) {
    const detail = r.body.article_detail as { item?: { article_url?: unknown }[] } | undefined;
    const url = detail?.item?.[0]?.article_url;
    return ok({
      'mp.articleId': typeof r.body.article_id === 'string' ? r.body.article_id : null,
      'mp.articleUrl': typeof url === 'string' ? url : null,
      'mp.status': 'published',
      'mp.dueAt': withdrawing ? iso(now().getTime()) : null,
    });
  }
  // a withdrawn notice whose article did not go out: nothing to delete
  if (withdrawing) return ok({ 'mp.status': 'withdrawn', 'mp.dueAt': null }, false);
  const reason = typeof status === 'number' ? PUBLISH_STATUS_FAILURES[status] : undefined;
  const failIdx = Array.isArray(r.body.fail_idx) ? r.body.fail_idx.join('、') : '';
  const message = `${reason ?? `公众号发表失败（状态 ${String(status)}）`}${failIdx ? `（第 ${failIdx} 篇）` : ''}`;
  return failed(mp, { step: 'poll', errcode: typeof status === 'number' ? status : null, message, retry: false });
}

async function deleteArticle(ctx: Ctx, mp: MpSync): Promise<Outcome> {
  const r = await call(ctx, 'delete', '/cgi-bin/freepublish/delete', { article_id: mp.articleId, index: 0 });
  if ('error' in r) return failed(mp, r.error);
  return ok({ 'mp.status': 'withdrawn', 'mp.dueAt': null }, false);
}

async function runStep(ctx: Ctx, n: NoticeDoc, mp: MpSync, store: (set: MpFields) => Promise<boolean>): Promise<Outcome | null> {
  const next = nextMpStep(n);
  switch (next.step) {
    case 'done':
      return null;
    case 'image':
      return uploadBodyImage(ctx, n, mp, next.fileId);
    case 'cover':
      return uploadCover(ctx, n, mp);
    case 'draft':
      return addDraft(ctx, n, mp);
    case 'submit':
      // stored before the call: from here on a lost answer never leads to a second submit
      if (!(await store({ 'mp.submitStartedAt': now().toISOString() }))) return null;
      return submit(ctx, mp);
    case 'uncertain':
      return failed(mp, { step: 'submit', errcode: null, message: UNCERTAIN_SUBMIT, retry: false });
    case 'poll':
      return poll(ctx, n, mp);
    case 'delete':
      return deleteArticle(ctx, mp);
    case 'cancel':
      return ok({ 'mp.status': 'withdrawn', 'mp.dueAt': null }, false);
  }
}

/**
 * Works on the notice's sync until it must wait (polling, a retry later) or is done. Answers false
 * when another runner holds it. Unexpected errors propagate; the lease then runs out and the sweep
 * resumes from what was stored.
 */
export async function runOfficialAccount(ctx: Ctx, noticeId: string): Promise<boolean> {
  const _ = ctx.db.command;
  const lease = iso(now().getTime() + LEASE_MS);
  const taken = await ctx.db
    .collection(NOTICE_COLLECTION)
    .where({ _id: noticeId, 'mp.leaseUntil': _.lt(now().toISOString()) })
    .update({ 'mp.leaseUntil': lease });
  if (!taken.updated) return false;
  const store = async (set: MpFields) => {
    const res = await ctx.db
      .collection(NOTICE_COLLECTION)
      .where({ _id: noticeId, 'mp.leaseUntil': lease })
      .update(setWhole(ctx.db, set));
    return res.updated === 1;
  };
  try {
    for (let i = 0; i < MAX_STEPS; i++) {
      const n = await loadNotice(ctx.db, noticeId);
      if (!n.mp) return true;
      const outcome = await runStep(ctx, n, n.mp, store);
      if (!outcome) return true;
      if (!(await store(outcome.set))) return true;
      if (!outcome.goOn) return true;
    }
    return true;
  } finally {
    await ctx.db.collection(NOTICE_COLLECTION).where({ _id: noticeId, 'mp.leaseUntil': lease }).update({ 'mp.leaseUntil': '' });
  }
}
