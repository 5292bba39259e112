/**
 * A notice from staff to residents and the official account, in Chromium against the local cloud as
 * `npm start` serves it: staff write it in the editor with a cover and 同步到公众号 ticked and publish;
 * WeChat's stub pushes its media-check verdicts (pass) and the `sweep` timer, fired by hand with the
 * clock moved on, releases it and walks the 公众号 steps until the article is published; the stub's
 * outbox holds the article (draft/add with our title and body, freepublish/submit, its status 0 with
 * the URL); staff see 已在公众号发表; a resident finds it on 首页 and opens it. Needs
 * `npm run build:h5` and Debian's chromium. Screenshots in test-output/.
 */
import type { NoticeView } from '../../core/contracts/notices';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import type { WxCall } from '../../tools/localcloud/wx/outbox';
import { seededBrowser } from './browser';
import { openAs, screenshots, visible } from './journey';

// a 2×2 red PNG: the cover
const COVER = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ISYLRAwQCgAeLgPtNNgDzAAAAABJRU5ErkJggg==', 'base64');
const TITLE = '和平小区12月5日停水通知';
const TEXT = '因管网检修，12月5日8:00至17:00和平小区停水，请大家提前储水。';

jest.setTimeout(240_000);
const session = seededBrowser();

const shot = screenshots('notices');

async function staffView(id: string): Promise<NoticeView> {
  const res = (await session.cloud.invoke('notices', { action: 'notices.get', data: { id } }, P.staff)) as { ok: boolean; data: NoticeView };
  if (!res.ok) throw new Error(`notices.get: ${JSON.stringify(res)}`);
  return res.data;
}
async function staffNotices(): Promise<NoticeView[]> {
  const res = (await session.cloud.invoke('notices', { action: 'notices.list', data: { view: 'staff' } }, P.staff)) as { ok: boolean; data: { items: NoticeView[] } };
  return res.data.items;
}
const wxControl = (route: string, body: unknown = {}) => fetch(`${session.cloud.url}/__localcloud/wx${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const outbox = async (api: string) => (await (await fetch(`${session.cloud.url}/__localcloud/wx/outbox?api=${encodeURIComponent(api)}`)).json()) as WxCall[];

let offsetMs = 0;
/** what the timer does every minute, a minute later */
async function sweep(): Promise<void> {
  offsetMs += 61_000;
  const clock = await fetch(`${session.cloud.url}/__localcloud/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
  expect(clock.ok).toBe(true);
  const res = await fetch(`${session.cloud.url}/__localcloud/functions/notices/timers/sweep`, { method: 'POST' });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

test('staff write and publish with the 公众号 ticked → images checked → article published on the account → a resident reads it on 首页', async () => {
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 375, height: 812 });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  // WeChat's verdicts wait until step 2, so the notice is seen waiting for them
  expect((await wxControl('/media-checks/plan', { verdicts: [], hold: true })).ok).toBe(true);

  // 1. staff write it: title, a heading and a paragraph, the cover, 同步到公众号
  await openAs(session, page, P.staff, '/packages/staff/pages/notice-edit/index');
  await visible(page, '发给谁').waitFor();
  await page.locator('[aria-label="标题"] input').fill(TITLE);
  await page.getByText('＋小标题', { exact: true }).click();
  await page.locator('[aria-label="第 1 段小标题"] input').fill('停水时间');
  await page.getByText('＋段落', { exact: true }).click();
  await page.locator('[aria-label="正文第 2 段"] textarea').fill(TEXT);
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('选择封面', { exact: true }).click();
  await (await chooser).setFiles({ name: 'cover.png', mimeType: 'image/png', buffer: COVER });
  await visible(page, '换一张封面').waitFor();
  await page.getByRole('switch', { name: '同步到公众号' }).click();
  await shot(page, '1-editor');
  await page.getByText('发布', { exact: true }).click();
  await visible(page, '状态：图片审核中').waitFor();
  await shot(page, '2-checking');

  const id = (await staffNotices()).find((n) => n.title === TITLE)!.id;
  const written = await staffView(id);
  expect(written.state).toBe('checking');
  expect(written).toMatchObject({
    blocks: [
      { type: 'heading', text: '停水时间' },
      { type: 'paragraph', runs: [{ text: TEXT }] },
    ],
    coverFileId: expect.stringMatching(/^cloud:\/\/.+\/notices\//),
    staff: { syncToOfficialAccount: true, scope: { kind: 'community' } },
  });
  // nobody sees it yet
  const early = (await session.cloud.invoke('notices', { action: 'notices.get', data: { id } }, P.resident)) as { ok: boolean };
  expect(early.ok).toBe(false);

  // 2. WeChat pushes its verdict on the cover (pass); the timer releases the notice and syncs it until the article is published
  const pushed = (await (await wxControl('/media-checks/deliver')).json()) as { suggest: string; delivered: { ok: boolean } }[];
  expect(pushed).toMatchObject([{ suggest: 'pass', delivered: { ok: true } }]);
  let view = written;
  for (let i = 0; i < 8 && view.staff?.mp?.status !== 'published'; i += 1) {
    await sweep();
    view = await staffView(id);
  }
  expect(view).toMatchObject({ state: 'published', staff: { mp: { status: 'published', articleUrl: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\/s\//) } } });

  // 3. the stub holds the article: a draft with our title and body, submitted once, published at that URL
  const drafts = (await outbox('/cgi-bin/draft/add')).filter((c) => !(c.response as { errcode?: number }).errcode);
  expect(drafts).toHaveLength(1);
  const article = (drafts[0].request as { articles: Record<string, string>[] }).articles[0];
  expect(article).toMatchObject({ title: TITLE, thumb_media_id: expect.any(String) });
  expect(article.content).toContain(TEXT);
  expect(article.content).toContain('停水时间');
  const submits = await outbox('/cgi-bin/freepublish/submit');
  expect(submits.map((c) => c.request)).toEqual([{ media_id: (drafts[0].response as { media_id: string }).media_id }]);
  const statuses = (await outbox('/cgi-bin/freepublish/get')).map((c) => c.response as { publish_status: number; article_detail?: { item: { article_url: string }[] } });
  expect(statuses.at(-1)).toMatchObject({ publish_status: 0, article_detail: { item: [{ article_url: view.staff!.mp!.articleUrl }] } });

  // 4. staff open it again (from 公告管理) and see it published on the account
  await openAs(session, page, P.staff, `/packages/staff/pages/notice-edit/index?id=${id}`);
  await visible(page, '公众号：已在公众号发表').waitFor();
  await visible(page, '在公众号阅读').waitFor();
  await shot(page, '3-published');

  // 5. a resident finds it on 首页 and opens it
  await openAs(session, page, P.resident, '/pages/index/index');
  await visible(page, TITLE).click();
  await visible(page, TEXT).waitFor();
  await visible(page, '在公众号阅读').waitFor();
  await shot(page, '4-resident');
  expect((await staffView(id)).staff?.readers).toBe(1);
  expect(problems).toEqual([]);
});
