/**
 * The residents' notice pages in jsdom against the real `notices` function on a seeded local cloud
 * (notices written and published by staff straight through the function): 首页's feed (in scope only,
 * unread marked, asked together with account.me, 「更多公告」, pull-down), the list's category tabs and
 * empty state, the notice page (blocks; cover and pictures through their temp URLs; counted once as
 * read, the unread mark gone; 「在公众号阅读」 once the official account published it; withdrawn or out
 * of scope), the article page in H5, and 订阅公告提醒 (WeChat's prompt asked in the tap; each accepted
 * prompt one grant of the chosen category on the server).
 */
import http from 'node:http';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { getPageInstance } from '@tarojs/runtime';
import type { ActionInput, ActionName, ActionOutput } from '@core/contracts/index';
import type { NoticeView } from '@core/contracts/notices';
import Home from '../../src/pages/index/index';
import Notices from '../../src/packages/resident/pages/notices/index';
import Notice from '../../src/packages/resident/pages/notice/index';
import Article from '../../src/packages/public/pages/article/index';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { postJson } from '../e2e/seeded-cloud';
import { renderPage } from './render-page';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();
const { as } = session;

/** 萧明辉, a resident of 老街小区 */
const LAOJIE = 'demo-p-031';

async function direct<A extends Extract<ActionName, `notices.${string}`>>(action: A, data: ActionInput<A>, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('notices', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}

let seq = 0;
/** written and published by staff; 和平小区 only unless a scope is given */
async function publish(title: string, extra: Partial<ActionInput<'notices.save'>> = {}): Promise<NoticeView> {
  const saved = await direct(
    'notices.save',
    {
      idempotencyKey: `h5-nt-${++seq}-${Date.now()}`,
      category: 'notice',
      title,
      blocks: [
        { type: 'heading', text: '具体安排' },
        { type: 'paragraph', runs: [{ text: '请各位居民' }, { text: '提前做好准备', bold: true }, { text: '。' }] },
        { type: 'list', ordered: true, items: [[{ text: '上午八点开始' }], [{ text: '下午五点结束' }]] },
      ],
      scope: { kind: 'compounds', ids: ['cp-heping'] },
      ...extra,
    },
    P.staff,
  );
  const published = await direct('notices.publish', { id: saved.id }, P.staff);
  if (published.state !== 'published') throw new Error(`not published: ${published.state}`);
  return published;
}

/** a picture staff uploaded into their own notices folder (the dev gateway's upload), its fileID */
function uploadAsStaff(name: string): Promise<string> {
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const url = `${session.cloud.url}/dev/upload?cloudPath=${encodeURIComponent(`notices/${PERSON_IDS.staff}/${month}/${name}`)}`;
  // a 1×1 PNG
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'image/png', 'content-length': png.length, 'x-dev-openid': P.staff } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        const { fileID } = JSON.parse(body) as { fileID?: string };
        if (fileID) resolve(fileID);
        else reject(new Error(`upload failed: ${body}`));
      });
    });
    req.on('error', reject);
    req.end(png);
  });
}

/** what the platform does when the page comes (back) to the front: its useDidShow hooks */
function show(path: string) {
  const hooks = (getPageInstance(path) as { componentDidShow?: (() => void)[] } | undefined)?.componentDidShow ?? [];
  act(() => hooks.forEach((fn) => fn()));
}
const sent = (action: string) => session.gateway.sent.filter((s) => (s.body as { action: string }).action === action);
const rowOf = (title: string) => screen.findByRole('button', { name: new RegExp(`${title}，`) }, { timeout: 20_000 });

describe('首页 feed', () => {
  test('a resident in scope sees the notice, unread, and 「更多公告」; one outside the scope does not', async () => {
    const n = await publish('和平小区停水通知');
    as(P.resident);
    // when each call went out and when its answer came
    const timeline: string[] = [];
    const gateway = window.fetch;
    window.fetch = (async (input: string, init: { body: string }) => {
      const action = (JSON.parse(init.body) as { action: string }).action;
      timeline.push(`ask ${action}`);
      const res = await gateway(input, init);
      timeline.push(`answer ${action}`);
      return res;
    }) as unknown as typeof fetch;
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const page = renderPage(Home, '/pages/index/index');
    const row = await rowOf('和平小区停水通知');
    expect(row.getAttribute('aria-label')).toMatch(/^未读，通知公告：和平小区停水通知，/);
    expect(within(row).getByText('未读')).toBeTruthy();
    expect(screen.getByText('李秀兰，您好')).toBeTruthy();
    // asked together with account.me, not after its answer, and once: the feed took that answer (usePrefetch)
    expect(timeline.indexOf('ask notices.list')).toBeLessThan(timeline.indexOf('answer account.me'));
    expect(sent('notices.list')).toHaveLength(1);

    fireEvent.click(row);
    expect(navigate).toHaveBeenLastCalledWith({ url: `/packages/resident/pages/notice/index?id=${n.id}` });
    fireEvent.click(screen.getByRole('button', { name: '更多公告' }));
    expect(navigate).toHaveBeenLastCalledWith({ url: '/packages/resident/pages/notices/index' });
    navigate.mockRestore();

    const before = sent('notices.list').length;
    act(() => page.pullDownRefresh());
    await waitFor(() => expect(sent('notices.list').length).toBe(before + 1));
    page.unmount();

    as(LAOJIE);
    renderPage(Home, '/pages/index/index');
    await screen.findByText('暂时没有公告', {}, { timeout: 20_000 });
    expect(screen.queryByText('和平小区停水通知')).toBeNull();
  });
});

describe('社区公告 list', () => {
  test('tabs by category, each with its own notices; a category with none says so', async () => {
    await publish('重阳节敬老活动报名', { category: 'activity' });
    await publish('城乡居民医保缴费政策', { category: 'policy', scope: { kind: 'community' } });
    as(P.resident);
    renderPage(Notices, '/packages/resident/pages/notices/index');
    const list = () => within(document.querySelector('.card:not(.section)') as HTMLElement);
    await rowOf('城乡居民医保缴费政策');
    expect(list().getByText('重阳节敬老活动报名')).toBeTruthy();

    const tab = (label: string) => screen.getByRole('button', { name: label });
    fireEvent.click(tab('活动公告'));
    await waitFor(() => expect(list().queryByText('城乡居民医保缴费政策')).toBeNull(), { timeout: 10_000 });
    expect(list().getByText('重阳节敬老活动报名')).toBeTruthy();
    expect((sent('notices.list').at(-1)!.body as { data: unknown }).data).toEqual({ view: 'feed', page: 1, category: 'activity' });

    fireEvent.click(tab('政策信息'));
    await waitFor(() => expect(list().queryByText('重阳节敬老活动报名')).toBeNull(), { timeout: 10_000 });
    expect(list().getByText('城乡居民医保缴费政策')).toBeTruthy();

    fireEvent.click(tab('应急通知'));
    await screen.findByText('暂时没有应急通知', {}, { timeout: 10_000 });
  });
});

describe('公告 page', () => {
  test('renders the blocks; opening counts the reader once and the unread mark goes', async () => {
    const n = await publish('1号楼电梯检修通知');
    as(P.resident);
    let page = renderPage(Notices, '/packages/resident/pages/notices/index');
    expect((await rowOf('1号楼电梯检修通知')).getAttribute('aria-label')).toMatch(/^未读，/);
    page.unmount();

    page = renderPage(Notice, '/packages/resident/pages/notice/index', { id: n.id });
    await screen.findByText('1号楼电梯检修通知', {}, { timeout: 20_000 });
    expect(screen.getByRole('heading').textContent).toBe('具体安排');
    expect(screen.getByText('提前做好准备').className).toContain('nb-bold');
    expect(screen.getByText('请各位居民').className).not.toContain('nb-bold');
    expect(Array.from(document.querySelectorAll('.nb-list__item'), (i) => i.textContent)).toEqual(['1.上午八点开始', '2.下午五点结束']);
    expect(document.body.textContent).toContain('陈美华'); // the author
    expect(screen.queryByRole('button', { name: '在公众号阅读' })).toBeNull();
    page.unmount();

    expect((await direct('notices.stats', { id: n.id }, P.staff)).readers).toBe(1);
    // a second look is not a second reader
    renderPage(Notice, '/packages/resident/pages/notice/index', { id: n.id });
    await screen.findByText('1号楼电梯检修通知', {}, { timeout: 20_000 });
    expect((await direct('notices.stats', { id: n.id }, P.staff)).readers).toBe(1);
  });

  test('the cover and a captioned picture are shown through their temp URLs, once WeChat’s check of them passed', async () => {
    const [cover, map] = await Promise.all([uploadAsStaff('cover.png'), uploadAsStaff('map.png')]);
    const saved = await direct(
      'notices.save',
      {
        idempotencyKey: `h5-nt-img-${Date.now()}`,
        category: 'notice',
        title: '停水范围示意',
        blocks: [
          { type: 'paragraph', runs: [{ text: '停水范围见下图。' }] },
          { type: 'image', fileId: map, caption: '停水范围：1号楼至3号楼' },
        ],
        coverFileId: cover,
        scope: { kind: 'community' },
      },
      P.staff,
    );
    await direct('notices.publish', { id: saved.id }, P.staff);
    // the images' verdicts come by push; staff opening it lets it move on
    await waitFor(async () => expect((await direct('notices.get', { id: saved.id }, P.staff)).state).toBe('published'), { timeout: 15_000, interval: 300 });

    as(P.resident);
    renderPage(Notice, '/packages/resident/pages/notice/index', { id: saved.id });
    await screen.findByText('停水范围：1号楼至3号楼', {}, { timeout: 20_000 });
    const src = (label: string) => screen.getByRole('button', { name: label }).querySelector('taro-image-core, img')?.getAttribute('src') ?? '';
    await waitFor(() => expect(src('查看图片：停水范围：1号楼至3号楼')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*map\.png/), { timeout: 10_000 });
    expect(src('查看封面大图')).toMatch(/cover\.png/);
    const preview = jest.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' });
    fireEvent.click(screen.getByRole('button', { name: '查看图片：停水范围：1号楼至3号楼' }));
    expect(preview).toHaveBeenCalledWith({ urls: [src('查看封面大图'), src('查看图片：停水范围：1号楼至3号楼')], current: src('查看图片：停水范围：1号楼至3号楼') });
    preview.mockRestore();
  });

  test('a notice also on the 公众号: 「在公众号阅读」 opens the article page with the article’s address', async () => {
    const cover = await uploadAsStaff('mp-cover.png');
    const saved = await direct(
      'notices.save',
      {
        idempotencyKey: `h5-nt-mp-${Date.now()}`,
        category: 'policy',
        title: '老年人优待政策解读',
        blocks: [{ type: 'paragraph', runs: [{ text: '65 周岁以上老人乘公交免费。' }] }],
        coverFileId: cover,
        scope: { kind: 'compounds', ids: ['cp-heping'] },
        syncToOfficialAccount: true,
      },
      P.staff,
    );
    await direct('notices.publish', { id: saved.id }, P.staff);
    // the cover's check, then the official account's steps and freepublish/get, which the sweep polls
    // once a minute: the local cloud's clock moves a minute on before each run by hand
    let offsetMs = 0;
    const articleUrl = await waitFor(
      async () => {
        await postJson(`${session.cloud.url}/__localcloud/clock`, { offsetMs: (offsetMs += 61_000) });
        await postJson(`${session.cloud.url}/__localcloud/functions/notices/timers/sweep`, {});
        const n = await direct('notices.get', { id: saved.id }, P.staff);
        if (!n.articleUrl) throw new Error(`not on the official account yet: ${n.state} ${JSON.stringify(n.staff?.mp)}`);
        return n.articleUrl;
      },
      { timeout: 30_000, interval: 500 },
    );

    as(P.resident);
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    renderPage(Notice, '/packages/resident/pages/notice/index', { id: saved.id });
    fireEvent.click(await screen.findByRole('button', { name: '在公众号阅读' }, { timeout: 20_000 }));
    expect(navigate).toHaveBeenCalledWith({ url: `/packages/public/pages/article/index?url=${encodeURIComponent(articleUrl)}` });
    navigate.mockRestore();
    renderPage(Article, '/packages/public/pages/article/index', { url: encodeURIComponent(articleUrl) });
    await screen.findByText(articleUrl.replace(/^http:/, 'https:'));
  });

  test('back on 首页 after reading, the row has no unread mark', async () => {
    const n = await publish('小区消防演练通知');
    as(P.resident);
    renderPage(Home, '/pages/index/index');
    expect((await rowOf('小区消防演练通知')).getAttribute('aria-label')).toMatch(/^未读，/);
    show('/pages/index/index'); // the page's first show, as it opens

    await direct('notices.get', { id: n.id }, P.resident); // read on the notice page
    const before = sent('notices.list').length;
    show('/pages/index/index'); // back on 首页
    await waitFor(() => expect(sent('notices.list').length).toBe(before + 1));
    // the rows stay on screen while read again, then lose the mark
    expect(screen.getByText('小区消防演练通知')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: /小区消防演练通知，/ }).getAttribute('aria-label')).toMatch(/^通知公告：小区消防演练通知，/));
    expect(within(screen.getByRole('button', { name: /小区消防演练通知，/ })).queryByText('未读')).toBeNull();
  });

  test('a withdrawn notice, or one outside the reader’s scope, is not shown', async () => {
    const n = await publish('临时停车安排');
    as(LAOJIE);
    let page = renderPage(Notice, '/packages/resident/pages/notice/index', { id: n.id });
    await screen.findByText('这条公告已撤回或不对你公开', {}, { timeout: 20_000 });
    page.unmount();

    await direct('notices.withdraw', { id: n.id }, P.staff);
    as(P.resident);
    page = renderPage(Notice, '/packages/resident/pages/notice/index', { id: n.id });
    await screen.findByText('这条公告已撤回或不对你公开', {}, { timeout: 20_000 });
    expect(screen.queryByText('临时停车安排')).toBeNull();
  });
});

describe('公众号 article page', () => {
  test('H5 shows the article’s address; an address that is not an official-account article is refused', async () => {
    as(P.resident);
    let page = renderPage(Article, '/packages/public/pages/article/index', { url: encodeURIComponent('https://mp.weixin.qq.com/s/abc_1') });
    await screen.findByText('https://mp.weixin.qq.com/s/abc_1');
    page.unmount();
    page = renderPage(Article, '/packages/public/pages/article/index', { url: 'https://evil.example/s/abc' });
    await screen.findByText('这篇公众号文章的地址不对，打不开');
  });
});

describe('订阅公告提醒', () => {
  test('H5 has no prompt and says so; in WeChat each accepted prompt is one grant of the chosen category', async () => {
    as(P.resident);
    const toast = jest.spyOn(Taro, 'showToast');
    const { templateId } = await direct('notices.grants', {}, P.resident);
    expect(templateId).toBeTruthy();
    renderPage(Notices, '/packages/resident/pages/notices/index');
    const card = within((await screen.findByText('还可以收到 0 条提醒', {}, { timeout: 20_000 })).closest('.section') as HTMLElement);
    fireEvent.click(card.getByRole('button', { name: '订阅公告提醒' }));
    fireEvent.click(card.getByRole('button', { name: '订阅一条通知公告提醒' }));
    expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '公告提醒要在微信里打开小程序才能订阅' }));

    // as in WeChat: the prompt answers per template
    const asked = jest.spyOn(Taro, 'requestSubscribeMessage');
    process.env.TARO_ENV = 'weapp';
    try {
      asked.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', [templateId!]: 'accept' } as never);
      fireEvent.click(card.getByRole('button', { name: '活动公告' }));
      fireEvent.click(card.getByRole('button', { name: '订阅一条活动公告提醒' }));
      // asked in the tap itself, before anything was awaited
      expect(asked).toHaveBeenCalledWith({ tmplIds: [templateId] });
      await card.findByText('还可以收到 1 条提醒', {}, { timeout: 10_000 });
      expect(card.getByText('其中活动公告 1 条')).toBeTruthy();

      fireEvent.click(card.getByRole('button', { name: '订阅公告提醒' }));
      asked.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', [templateId!]: 'reject' } as never);
      fireEvent.click(card.getByRole('button', { name: '活动公告' }));
      fireEvent.click(card.getByRole('button', { name: '订阅一条活动公告提醒' }));
      await waitFor(() => expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '没有订阅：在微信的提示里点「允许」才能收到提醒' })));

      asked.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', [templateId!]: 'accept' } as never);
      fireEvent.click(card.getByRole('button', { name: '订阅一条活动公告提醒' }));
      await card.findByText('还可以收到 2 条提醒', {}, { timeout: 10_000 });
    } finally {
      process.env.TARO_ENV = 'h5';
      asked.mockRestore();
      toast.mockRestore();
    }
    expect(sent('notices.subscribe').map((s) => (s.body as { data: unknown }).data)).toEqual([{ categories: ['activity'] }, { categories: ['activity'] }]);
    expect((await direct('notices.grants', {}, P.resident)).counts).toEqual({ notice: 0, activity: 2, policy: 0, emergency: 0 });
  });
});
