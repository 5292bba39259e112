/**
 * A notice's sync to the official account (公众号) through the real function, the local cloud's
 * WeChat stub and the `sweep` timer (fired by hand, the clock moved forward): body images
 * (media/uploadimg), cover (material/add_material), draft/add, freepublish/submit, freepublish/get
 * until final, and freepublish/delete on withdrawal — with WeChat's failures injected and a crash
 * between steps (a failed step, then the sweep resuming from what the notice stored).
 */
import type { NoticeView } from '../../core/contracts/notices';
import { noticeDoc, type NoticeDoc } from '../../core/domain/notices/model';
import { UNCERTAIN_SUBMIT } from '../../core/domain/notices/official-account';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl, type WxCall, type WxControl } from '../helpers/wx';
import { fail, key, ok, thisMonth, uploadAs } from './points-fixture';

const t = seededTestCloud();
let wx: WxControl;
beforeAll(async () => {
  wx = wxControl(t.cloud.url);
  // the images' media check (this file's cloud only): verdicts (pass) pushed when synced() asks, so the notice is released then
  await wx.planMediaVerdicts([], { hold: true });
});
beforeEach(async () => {
  await wx.clearOutbox();
  // earlier tests' notices still syncing are parked, so the sweep works on this test's notices only
  const db = t.app.database();
  await db.collection('notices').where({ 'mp.status': db.command.in(['syncing', 'published']) }).update({ 'mp.dueAt': null });
});

const API = {
  image: '/cgi-bin/media/uploadimg',
  cover: '/cgi-bin/material/add_material',
  draft: '/cgi-bin/draft/add',
  submit: '/cgi-bin/freepublish/submit',
  get: '/cgi-bin/freepublish/get',
  delete: '/cgi-bin/freepublish/delete',
  token: '/cgi-bin/stable_token',
};

/** the clock only moves forward here: leases and due times are set by the functions' clock */
let offsetMs = 0;
async function advance(ms: number): Promise<void> {
  offsetMs += ms;
  const res = await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
  expect(res.ok).toBe(true);
}
/** what the timer does every minute, a minute (and a bit) later */
async function sweep(): Promise<number> {
  await advance(61_000);
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/notices/timers/sweep`, { method: 'POST' });
  const body = (await res.json()) as { ok: boolean; data?: { worked: number } };
  expect(body.ok).toBe(true);
  return body.data!.worked;
}

const folder = () => `notices/${PERSON_IDS.staff}/${thisMonth()}`;
async function uploadBytes(name: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${t.cloud.url}/dev/upload?cloudPath=${encodeURIComponent(`${folder()}/${name}`)}`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', 'x-dev-openid': P.staff },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as { fileID?: string };
  if (!body.fileID) throw new Error(`upload ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body.fileID;
}

async function synced(extra: { images?: string[] } = {}): Promise<{ view: NoticeView; images: string[] }> {
  const images = extra.images ?? [await uploadAs(t, P.staff, `${folder()}/${key('a')}.png`), await uploadAs(t, P.staff, `${folder()}/${key('b')}.png`)];
  const cover = await uploadAs(t, P.staff, `${folder()}/${key('cover')}.png`);
  const blocks = [
    { type: 'heading', text: '停水通知' },
    { type: 'paragraph', runs: [{ text: '12月5日和平小区停水，' }, { text: '请提前储水', bold: true }] },
    ...images.map((fileId, i) => ({ type: 'image', fileId, caption: `图${i + 1}` })),
    { type: 'image', fileId: images[0] }, // the same image twice is uploaded once
  ];
  const saved = await ok<NoticeView>(t, 'notices.save', { idempotencyKey: key('mp'), category: 'notice', title: '和平小区停水通知', blocks, coverFileId: cover, scope: { kind: 'community' }, syncToOfficialAccount: true }, P.staff);
  expect(await ok<NoticeView>(t, 'notices.publish', { id: saved.id }, P.staff)).toMatchObject({ state: 'checking' });
  // WeChat's verdicts on the images (pass) arrive; staff opening it releases it (as the sweep would)
  await wx.deliverMediaVerdicts();
  const view = await ok<NoticeView>(t, 'notices.get', { id: saved.id }, P.staff);
  expect(view.state).toBe('published');
  return { view, images };
}
const stored = async (id: string): Promise<NoticeDoc> => noticeDoc.parse(((await t.app.database().collection('notices').doc(id).get()).data as unknown[])[0]);
const calls = async (api: string) => (await wx.outbox(api)).filter((c) => (c.response as { errcode?: number }).errcode === undefined || (c.response as { errcode?: number }).errcode === 0);
const answer = (c: WxCall) => c.response as Record<string, unknown>;
/** the official account's calls, in order, without tokens */
const mpCalls = async () => (await wx.outbox()).filter((c) => c.api.startsWith('/cgi-bin/') && c.api !== API.token).map((c) => c.api);
const staffView = (id: string) => ok<NoticeView>(t, 'notices.get', { id }, P.staff);

test('every step in order, each stored before the next; status 1 is polled by the timer until 0 keeps the article URL', async () => {
  const { view, images } = await synced();
  expect(view.staff?.mp).toEqual({ status: 'syncing', message: '公众号正在发表，稍后自动更新结果', articleUrl: null });
  const order = await mpCalls();
  expect(order).toEqual([API.image, API.image, API.cover, API.draft, API.submit]);
  const n = await stored(view.id);
  const uploads = await wx.outbox(API.image);
  expect(n.mp).toMatchObject({
    images: images.map((fileId, i) => ({ fileId, url: (uploads[i].response as { url: string }).url })),
    coverMediaId: answer((await wx.outbox(API.cover))[0]).media_id,
    draftMediaId: answer((await wx.outbox(API.draft))[0]).media_id,
    publishId: answer((await wx.outbox(API.submit))[0]).publish_id,
    articleId: null,
  });
  // the article: our blocks as HTML, with WeChat's image URLs and the permanent cover
  const article = ((await wx.outbox(API.draft))[0].request as { articles: Record<string, string>[] }).articles[0];
  expect(article).toMatchObject({ title: '和平小区停水通知', thumb_media_id: n.mp!.coverMediaId, digest: expect.stringContaining('停水通知') });
  expect(article.content).toContain('<strong>请提前储水</strong>');
  for (const { url } of n.mp!.images) expect(article.content).toContain(`<img src="${url}"/>`);
  expect((await wx.outbox(API.cover))[0].query).toMatchObject({ type: 'image' });

  expect(await sweep()).toBe(1); // 发布中
  expect((await staffView(view.id)).staff?.mp?.status).toBe('syncing');
  expect(await sweep()).toBe(1); // 成功
  const done = await staffView(view.id);
  expect(done.staff?.mp).toMatchObject({ status: 'published', message: null, articleUrl: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\/s\//) });
  expect(done.articleUrl).toBe(done.staff?.mp?.articleUrl);
  expect((await ok<NoticeView>(t, 'notices.get', { id: view.id }, P.resident)).articleUrl).toBe(done.articleUrl);
  expect(await sweep()).toBe(0); // nothing left to do
  expect(await wx.outbox(API.get)).toHaveLength(2);
  expect(await calls(API.submit)).toHaveLength(1);
});

test('an expired token (WeChat answers 42001/40001) is renewed once and the step retried: one draft, one submit', async () => {
  await synced(); // a token cached in the database, as functions share it
  await wx.clearOutbox();
  await wx.expireTokens();
  await wx.fail({ api: API.draft, errcode: 40001 });
  const { view } = await synced();
  expect(view.staff?.mp?.status).toBe('syncing');
  const codes = async (api: string) => (await wx.outbox(api)).map((c) => answer(c).errcode ?? 0);
  // the first call, a multipart upload, is refused with the expired token and sent again with the renewed one
  expect(await codes(API.image)).toEqual([42001, 0, 0]);
  expect(await codes(API.draft)).toEqual([40001, 0]);
  expect((await wx.outbox(API.token)).every((c) => (c.request as { force_refresh?: unknown }).force_refresh === undefined)).toBe(true);
  expect(await calls(API.submit)).toHaveLength(1);
});

test('40164 (IP not whitelisted) stops with where to add the IP; the sweep leaves it; after resync it goes on from the stored step', async () => {
  await wx.fail({ api: API.cover, errcode: 40164 });
  const { view } = await synced();
  expect(view.staff?.mp).toMatchObject({ status: 'failed', message: expect.stringContaining('IP白名单') });
  expect(await sweep()).toBe(0);
  expect(await wx.outbox(API.draft)).toHaveLength(0);
  await wx.clearOutbox();
  expect((await fail(t, 'notices.resync', { id: view.id }, P.resident)).code).toBe('FORBIDDEN');
  const again = await ok<NoticeView>(t, 'notices.resync', { id: view.id }, P.staff);
  expect(again.staff?.mp?.status).toBe('syncing');
  // the body images were stored before the cover failed: not uploaded again
  expect(await mpCalls()).toEqual([API.cover, API.draft, API.submit]);
});

test('45009 (daily quota) on submit: told it retries by itself; the sweep submits once when due', async () => {
  await wx.fail({ api: API.submit, errcode: 45009 });
  const { view } = await synced();
  expect(view.staff?.mp).toMatchObject({ status: 'syncing', message: expect.stringContaining('接口调用次数已用完') });
  const n = await stored(view.id);
  expect(n.mp).toMatchObject({ submitStartedAt: null, publishId: null, attempts: 1 });
  expect(await sweep()).toBe(1);
  expect(await calls(API.submit)).toHaveLength(1);
  expect((await stored(view.id)).mp).toMatchObject({ publishId: expect.any(String), error: null, attempts: 0 });
  expect(await wx.outbox(API.draft)).toHaveLength(1);
});

test('48001 (account not verified) and 53503 (draft failed the publishing check) stop with guidance for staff', async () => {
  await wx.fail({ api: API.submit, errcode: 48001 });
  const a = await synced();
  expect(a.view.staff?.mp).toMatchObject({ status: 'failed', message: expect.stringContaining('2025 年 7 月') });
  await wx.fail({ api: API.submit, errcode: 53503 });
  const b = await synced();
  expect(b.view.staff?.mp).toMatchObject({ status: 'failed', message: expect.stringContaining('发布检查') });
});

test('status 4 (platform review failed) ends the sync with the reason; resync makes a new draft and publishes it', async () => {
  await wx.planPublishStatus(4);
  const { view } = await synced();
  await sweep(); // 1
  await sweep(); // 4
  expect((await staffView(view.id)).staff?.mp).toMatchObject({ status: 'failed', message: expect.stringContaining('审核没有通过') });
  expect(await sweep()).toBe(0);
  await wx.clearOutbox();
  await ok(t, 'notices.resync', { id: view.id }, P.staff);
  expect(await mpCalls()).toEqual([API.draft, API.submit]);
  await sweep();
  await sweep();
  expect((await staffView(view.id)).staff?.mp?.status).toBe('published');
});

test('a crash between steps: the step that failed runs again, the stored ones do not', async () => {
  // WeChat fails draft/add with a system error twice (the function stops as it would after a crash), then works
  await wx.fail({ api: API.draft, errcode: -1, times: 2 });
  const { view } = await synced();
  expect((await stored(view.id)).mp).toMatchObject({ coverMediaId: expect.any(String), draftMediaId: null, attempts: 1 });
  expect(await sweep()).toBe(1);
  expect((await stored(view.id)).mp).toMatchObject({ draftMediaId: null, attempts: 2 });
  // retried later each time (1, then 2 minutes): not due yet after one more minute
  expect(await sweep()).toBe(0);
  expect(await sweep()).toBe(1);
  expect(await calls(API.draft)).toHaveLength(1);
  expect(await calls(API.image)).toHaveLength(2);
  expect(await calls(API.cover)).toHaveLength(1);
  expect(await calls(API.submit)).toHaveLength(1);
});

test('a crash after the submit was started but before its answer was stored never submits again by itself', async () => {
  const { view } = await synced();
  // as if the function died right after storing submitStartedAt: no publishId kept
  await t.app.database().collection('notices').doc(view.id).update({ 'mp.publishId': null, 'mp.dueAt': new Date(Date.now() + offsetMs).toISOString() });
  await wx.clearOutbox();
  await sweep();
  expect(await wx.outbox(API.submit)).toHaveLength(0);
  expect((await staffView(view.id)).staff?.mp).toEqual({ status: 'failed', message: UNCERTAIN_SUBMIT, articleUrl: null });
  // staff checked the account and found nothing published: resync submits a new draft once (the old one left the box)
  await ok(t, 'notices.resync', { id: view.id }, P.staff);
  expect(await mpCalls()).toEqual([API.draft, API.submit]);
  expect(await calls(API.submit)).toHaveLength(1);
});

test('an image of 1 MB or more is refused with a clear message before anything is uploaded', async () => {
  const big = await uploadBytes(`${key('big')}.jpg`, Buffer.alloc(1024 * 1024, 1));
  const { view } = await synced({ images: [big] });
  expect(view.staff?.mp).toMatchObject({ status: 'failed', message: expect.stringContaining('1 MB') });
  expect(await wx.outbox(API.image)).toHaveLength(0);
});

test('withdrawal deletes the published article (freepublish/delete); withdrawn while publishing, it is deleted once published', async () => {
  const { view } = await synced();
  await sweep();
  await sweep();
  const articleId = (await stored(view.id)).mp!.articleId;
  expect(articleId).toEqual(expect.any(String));
  const withdrawn = await ok<NoticeView>(t, 'notices.withdraw', { id: view.id }, P.staff);
  expect(withdrawn).toMatchObject({ state: 'withdrawn', staff: { mp: { status: 'withdrawn' } } });
  expect((await wx.outbox(API.delete)).map((c) => c.request)).toEqual([{ article_id: articleId, index: 0 }]);
  expect((await fail(t, 'notices.get', { id: view.id }, P.resident)).code).toBe('NOT_FOUND');

  await wx.clearOutbox();
  const second = await synced();
  await ok(t, 'notices.withdraw', { id: second.view.id }, P.staff); // polled at once: still 发布中
  expect((await wx.outbox(API.get)).map((c) => answer(c).publish_status)).toEqual([1]);
  expect(await wx.outbox(API.delete)).toHaveLength(0);
  expect(await sweep()).toBe(1); // published, then deleted
  expect(await calls(API.delete)).toHaveLength(1);
  expect((await stored(second.view.id)).mp).toMatchObject({ status: 'withdrawn', articleId: expect.any(String) });
  expect(await sweep()).toBe(0);
});

test('the sweep answers only the timer, not a WeChat user', async () => {
  expect((await fail(t, 'notices.sweep', {}, P.staff)).code).toBe('FORBIDDEN');
});
