/**
 * @jest-environment jsdom
 *
 * The residents' notice pages on the compiled weapp build (dist/) in miniprogram-simulate, served by
 * the real `notices` function through a seeded local cloud (notices published by staff straight
 * through the function): the notice page renders its blocks natively (heading, bold run, numbered and
 * bulleted lists) with its share card, 首页 shows the feed, unread marked until the notice is read, and
 * 订阅公告提醒 asks WeChat's prompt from the tap and records one grant per 「允许」.
 */
import type { ActionOutput } from '../../core/contracts/index';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededHarnesses, waitFor, type SimNode } from './harness';

jest.setTimeout(60_000);
const seeded = seededHarnesses();
const { harnessAs } = seeded;

async function direct<A extends 'notices.save' | 'notices.publish' | 'notices.stats' | 'notices.grants'>(action: A, data: object, openid: string): Promise<ActionOutput<A>> {
  const res = (await seeded.cloud.invoke('notices', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

let seq = 0;
async function publish(title: string, blocks: object[]) {
  const saved = await direct('notices.save', { idempotencyKey: `weapp-nt-${++seq}`, category: 'notice', title, blocks, scope: { kind: 'community' } }, P.staff);
  return direct('notices.publish', { id: saved.id }, P.staff);
}

const texts = (root: SimNode, selector: string) => root.querySelectorAll(selector).map((n) => n.dom.textContent ?? '');

test('公告: the blocks rendered natively, counted once as read, with its share card', async () => {
  const n = await publish('和平小区停水通知', [
    { type: 'heading', text: '停水时间' },
    { type: 'paragraph', runs: [{ text: '12月5日 8:00–17:00 停水，' }, { text: '请提前储水', bold: true }, { text: '。' }] },
    { type: 'list', ordered: true, items: [[{ text: '关好家中水龙头' }], [{ text: '来水后先放水' }, { text: '三分钟', bold: true }]] },
    { type: 'list', ordered: false, items: [[{ text: '物业电话 13900000001' }]] },
  ]);
  const resident = harnessAs(P.resident);
  const page = await resident.loadPage('packages/resident/pages/notice/index', { id: n.id });
  await page.waitForText('请提前储水');
  expect(page.text()).toContain('和平小区停水通知');
  expect(page.text()).toContain('通知公告');
  expect(page.text()).toContain('陈美华');
  expect(texts(page.root, '.nb-heading')).toEqual(['停水时间']);
  expect(texts(page.root, '.nb-bold')).toEqual(['请提前储水', '三分钟']);
  expect(texts(page.root, '.nb-paragraph')).toEqual(['12月5日 8:00–17:00 停水，请提前储水。']);
  expect(texts(page.root, '.nb-list__item')).toEqual(['1.关好家中水龙头', '2.来水后先放水三分钟', '•物业电话 13900000001']);
  expect(page.text()).not.toContain('在公众号阅读');

  expect(resident.wxCalls.some((c) => c.api === 'showShareMenu')).toBe(true);
  const share = (page.page.onShareAppMessage as (o: object) => { title: string; path: string })({ from: 'menu' });
  expect(share).toEqual({ title: '和平小区停水通知', path: `/packages/resident/pages/notice/index?id=${n.id}` });
  expect((await direct('notices.stats', { id: n.id }, P.staff)).readers).toBe(1);
  page.close();
});

test('首页: the feed shows the notice, unread until it is opened, and 「更多公告」 opens the list', async () => {
  const n = await publish('小区门禁系统升级', [{ type: 'paragraph', runs: [{ text: '本周六门禁系统升级，请带好门禁卡。' }] }]);
  const h = harnessAs(P.leader);
  const home = await h.loadPage('pages/index/index');
  await home.waitForText('小区门禁系统升级');
  const row = () => home.root.querySelectorAll('.nt-row').find((r) => r.dom.textContent?.includes('小区门禁系统升级'))!;
  expect(row().dom.textContent).toContain('未读');
  expect(home.text()).toContain('王建国，您好');

  row().dispatchEvent('tap');
  await waitFor(() => h.wxCalls.find((c) => c.api === 'navigateTo' && c.options.url === `/packages/resident/pages/notice/index?id=${n.id}`), 'navigateTo the notice');
  home.root.querySelectorAll('.btn').find((b) => b.dom.textContent === '更多公告')!.dispatchEvent('tap');
  await waitFor(() => h.wxCalls.find((c) => c.api === 'navigateTo' && c.options.url === '/packages/resident/pages/notices/index'), 'navigateTo the list');
  home.close();

  // opened (as WeChat would, after the tap): read, and no longer marked on 首页
  const notice = await harnessAs(P.leader).loadPage('packages/resident/pages/notice/index', { id: n.id });
  await notice.waitForText('请带好门禁卡');
  notice.close();
  const again = await harnessAs(P.leader).loadPage('pages/index/index');
  await again.waitForText('小区门禁系统升级');
  expect(again.root.querySelectorAll('.nt-row').find((r) => r.dom.textContent?.includes('小区门禁系统升级'))!.dom.textContent).not.toContain('未读');
  again.close();
});

test('订阅公告提醒: the tap asks WeChat for the notices’ template; the 「允许」 becomes one grant on the server', async () => {
  const { templateId } = await direct('notices.grants', {}, 'demo-p-027');
  expect(templateId).toBeTruthy();
  const h = harnessAs('demo-p-027');
  // WeChat's answer to the prompt: the template allowed (the harness's own answer names none)
  const asked: unknown[] = [];
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.requestSubscribeMessage = (o: { tmplIds: string[]; success?: (r: object) => void }) => {
    asked.push(o.tmplIds);
    o.success?.({ errMsg: 'requestSubscribeMessage:ok', [o.tmplIds[0]]: 'accept' });
  };
  const page = await h.loadPage('packages/resident/pages/notices/index');
  await page.waitForText('还可以收到 0 条提醒');
  const button = (label: string) => page.root.querySelectorAll('.btn, .pt-tabs__tab').find((b) => b.dom.textContent === label)!;
  button('订阅公告提醒').dispatchEvent('tap');
  await page.waitForText('订阅一条通知公告提醒');
  page.root.querySelectorAll('.section .pt-tabs__tab').find((b) => b.dom.textContent === '政策信息')!.dispatchEvent('tap');
  await page.waitForText('订阅一条政策信息提醒');
  button('订阅一条政策信息提醒').dispatchEvent('tap');
  await page.waitForText('还可以收到 1 条提醒');
  expect(asked).toEqual([[templateId]]);
  expect((await direct('notices.grants', {}, 'demo-p-027')).counts).toEqual({ notice: 0, activity: 0, policy: 1, emergency: 0 });
  page.close();
});
