/**
 * A notice's images (body and cover) through WeChat's asynchronous media check before anyone sees
 * it: publishing starts one check per image and holds the notice as `checking`; the verdicts are
 * pushed by the local cloud's WeChat stub to the function message-push.json names (`requests`,
 * which records them in mediaVerdicts) and the `sweep` timer (or staff opening the notice) moves it
 * on — pass: published; risky: back to a draft with the image named; review: a second staff member.
 */
import type { NoticeSummary, NoticeView } from '../../core/contracts/notices';
import { noticeDoc } from '../../core/domain/notices/model';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl } from '../helpers/wx';
import { fail, key, ok, thisMonth, uploadAs } from './points-fixture';

const t = seededTestCloud();
const wx = () => wxControl(t.cloud.url);
const MEDIA_CHECK = '/wxa/media_check_async';

const image = (name: string) => uploadAs(t, P.staff, `notices/${PERSON_IDS.staff}/${thisMonth()}/${key(name)}.png`);

async function publishWith(body: string, cover: string | null): Promise<NoticeView> {
  const blocks = [
    { type: 'paragraph', runs: [{ text: '12月5日和平小区停水，请提前储水。' }] },
    { type: 'image', fileId: body, caption: '停水范围' },
  ];
  const saved = await ok<NoticeView>(t, 'notices.save', { idempotencyKey: key('nt'), category: 'notice', title: '和平小区停水通知', blocks, coverFileId: cover, scope: { kind: 'community' } }, P.staff);
  return ok<NoticeView>(t, 'notices.publish', { id: saved.id }, P.staff);
}

async function sweep(): Promise<void> {
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/notices/timers/sweep`, { method: 'POST' });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}
const feedIds = async (openid: string) => (await ok<{ items: NoticeSummary[] }>(t, 'notices.list', { view: 'feed' }, openid)).items.map((n) => n.id);
const stored = async (id: string) => noticeDoc.parse(((await t.app.database().collection('notices').doc(id).get()).data as unknown[])[0]);

/** invisible to residents: not in the feed, not by id */
async function expectHidden(id: string): Promise<void> {
  expect(await feedIds(P.resident)).not.toContain(id);
  expect((await fail(t, 'notices.get', { id }, P.resident)).code).toBe('NOT_FOUND');
}

afterEach(() => wx().planMediaVerdicts([]));

test('pass: one check per image as the author; invisible while pending; the sweep publishes it once every verdict is in', async () => {
  await wx().planMediaVerdicts([], { hold: true });
  await wx().clearOutbox();
  const [body, cover] = [await image('map'), await image('cover')];
  const n = await publishWith(body, cover);
  expect(n).toMatchObject({ state: 'checking', staff: { verdict: 'pass', rejection: null } });

  const calls = await wx().outbox(MEDIA_CHECK);
  expect(calls.map((c) => (c.request as { media_url: string }).media_url)).toEqual([expect.stringContaining('map-'), expect.stringContaining('cover-')]);
  for (const c of calls) expect(c.request).toMatchObject({ media_type: 2, version: 2, scene: 3, openid: P.staff });
  const { imageChecks } = await stored(n.id);
  expect(imageChecks?.checks).toEqual([
    { fileId: body, traceId: expect.any(String) },
    { fileId: cover, traceId: expect.any(String) },
  ]);

  // pending: the sweep leaves it, residents cannot see it
  await sweep();
  expect((await stored(n.id)).state).toBe('checking');
  await expectHidden(n.id);
  // one verdict of two is not enough
  await wx().deliverMediaVerdicts(imageChecks!.checks[0].traceId);
  await sweep();
  expect((await stored(n.id)).state).toBe('checking');
  await expectHidden(n.id);

  await wx().deliverMediaVerdicts();
  await sweep();
  expect(await stored(n.id)).toMatchObject({ state: 'published', publishedAt: expect.any(String), audience: [expect.stringMatching(/^community:/)] });
  expect(await feedIds(P.resident)).toContain(n.id);
  expect((await ok<NoticeView>(t, 'notices.get', { id: n.id }, P.resident)).title).toBe('和平小区停水通知');
}, 30_000);

test('risky: back to a draft with the image named and the reason, never shown; edited and published again, it goes out', async () => {
  await wx().planMediaVerdicts([{ match: 'badcover', suggest: 'risky', label: 20002 }], { hold: true });
  const body = await image('stairs');
  const n = await publishWith(body, await image('badcover'));
  expect(n.state).toBe('checking');
  await wx().deliverMediaVerdicts();
  await expectHidden(n.id);
  // staff opening it sees the outcome at once (no need to wait for the timer)
  const back = await ok<NoticeView>(t, 'notices.get', { id: n.id }, P.staff);
  expect(back).toMatchObject({ state: 'draft', staff: { rejection: '封面图片没有通过微信的图片审核（色情），公告没有发布，请换一张图片后再发布' } });
  await sweep();
  await expectHidden(n.id);

  // a new cover: saved (the reason goes) and published again, checked again
  const saved = await ok<NoticeView>(
    t,
    'notices.save',
    { id: n.id, idempotencyKey: key('nt'), category: 'notice', title: '和平小区停水通知', blocks: n.blocks, coverFileId: await image('goodcover'), scope: { kind: 'community' } },
    P.staff,
  );
  expect(saved.staff?.rejection).toBeNull();
  expect((await ok<NoticeView>(t, 'notices.publish', { id: n.id }, P.staff)).state).toBe('checking');
  await wx().deliverMediaVerdicts();
  expect((await ok<NoticeView>(t, 'notices.publish', { id: n.id }, P.staff)).state).toBe('published'); // a repeated tap finds the verdicts
  expect(await feedIds(P.resident)).toContain(n.id);
}, 30_000);

test("a risky body image is named by its place in the body", async () => {
  await wx().planMediaVerdicts([{ match: 'crowd', suggest: 'risky', label: 20001 }], { hold: true });
  const n = await publishWith(await image('crowd'), null);
  await wx().deliverMediaVerdicts();
  await sweep();
  expect(await stored(n.id)).toMatchObject({ state: 'draft', rejection: expect.stringMatching(/^正文第 1 张图片没有通过微信的图片审核（时政）/) });
}, 30_000);

test('review: held for a second staff member, whom the author cannot replace', async () => {
  await wx().planMediaVerdicts([{ match: 'poster', suggest: 'review', label: 21000 }], { hold: true });
  const n = await publishWith(await image('poster'), null);
  await wx().deliverMediaVerdicts();
  await sweep();
  expect(await ok<NoticeView>(t, 'notices.get', { id: n.id }, P.staff)).toMatchObject({ state: 'review', staff: { verdict: 'review', approvedBy: null } });
  await expectHidden(n.id);
  expect((await fail(t, 'notices.approve', { id: n.id }, P.staff)).code).toBe('FORBIDDEN');
  expect(await ok<NoticeView>(t, 'notices.approve', { id: n.id }, P.admin)).toMatchObject({ state: 'published', staff: { approvedBy: '杨德明' } });
  expect(await feedIds(P.resident)).toContain(n.id);
}, 30_000);

test('a check WeChat would not start fails the publishing loudly and leaves the draft', async () => {
  await wx().fail({ api: MEDIA_CHECK, errcode: 45009 });
  const body = await image('late');
  const blocks = [
    { type: 'paragraph', runs: [{ text: '12月5日和平小区停水，请提前储水。' }] },
    { type: 'image', fileId: body },
  ];
  const saved = await ok<NoticeView>(t, 'notices.save', { idempotencyKey: key('nt'), category: 'notice', title: '停水通知', blocks, scope: { kind: 'community' } }, P.staff);
  expect(await fail(t, 'notices.publish', { id: saved.id }, P.staff)).toMatchObject({ code: 'INTERNAL', message: '图片审核没有发起，请重新发布' });
  expect(await stored(saved.id)).toMatchObject({ state: 'draft', imageChecks: null });
  await expectHidden(saved.id);
}, 30_000);

test('no verdict within an hour: back to a draft, asking to publish again (the clock moved on)', async () => {
  await wx().planMediaVerdicts([], { hold: true });
  const n = await publishWith(await image('silent'), null);
  await sweep();
  expect((await stored(n.id)).state).toBe('checking');
  const res = await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs: 61 * 60_000 }) });
  expect(res.ok).toBe(true);
  await sweep();
  expect(await stored(n.id)).toMatchObject({ state: 'draft', rejection: '图片审核超过 1 小时没有结果，公告没有发布，请重新发布' });
  await expectHidden(n.id);
}, 30_000);
