/**
 * @jest-environment jsdom
 *
 * The request pages on the compiled weapp build (dist/) in miniprogram-simulate, served by the real
 * `requests` function through a seeded local cloud: the resident's 我要报事 form (its checks, the
 * native picker and textarea, the preselected building and unit, the submit that opens the filed
 * request) and 评价 on the detail page.
 */
import type { ActionOutput } from '../../core/contracts/index';
import { REQUEST_CATEGORY_OPTIONS } from '../../core/labels/requests';
import { seededHarnesses, type Harness, type SimNode } from './harness';

jest.setTimeout(60_000);
const seeded = seededHarnesses();
const { harnessAs } = seeded;

let seq = 0;
async function direct<A extends 'requests.submit' | 'requests.accept' | 'requests.resolve' | 'requests.get'>(action: A, data: object, openid: string) {
  const res = (await seeded.cloud.invoke('requests', { action, data: action === 'requests.get' ? data : { idempotencyKey: `weapp-rq-${++seq}`, ...data } }, openid)) as {
    ok: boolean;
    data: ActionOutput<A>;
  };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

/** the node matching `selector` whose text contains `text` (the innermost such node) */
function find(root: SimNode, selector: string, text: string): SimNode {
  const all = root.querySelectorAll(selector).filter((n) => n.dom.textContent?.includes(text));
  if (!all.length) throw new Error(`no ${selector} with ${text}; the page shows: ${root.dom.textContent?.slice(0, 400)}`);
  return all[all.length - 1];
}

async function waitForCall(h: Harness, api: string, match: (options: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const hit = h.wxCalls.find((c) => c.api === api && match(c.options));
    if (hit) return hit.options;
    if (Date.now() > deadline) throw new Error(`no ${api}; calls: ${JSON.stringify(h.wxCalls.map((c) => [c.api, c.options.title ?? c.options.url]))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('我要报事: checked before sending, then filed at the resident’s own unit and opened', async () => {
  const resident = harnessAs('demo-resident');
  const page = await resident.loadPage('packages/resident/pages/report/index');
  await page.waitForText('1单元 ▾'); // her building and unit, read off her household
  expect(page.text()).toContain('1号楼 ▾');

  find(page.root, '.btn', '提交').dispatchEvent('tap');
  await page.waitForText('请选择问题类别');

  const repair = REQUEST_CATEGORY_OPTIONS.findIndex((c) => c.code === 'repair');
  // the native picker's choice, as WeChat reports it from the picker around the field
  find(page.root, '.pt-picker', '请选择问题类别').dispatchEvent('change', { detail: { value: repair }, bubbles: true, composed: true });
  await page.waitForText('设施维修 ▾');
  page.root.querySelector('.pt-textarea')!.dispatchEvent('input', { detail: { value: '单元门的门禁坏了，刷卡打不开门' } });
  find(page.root, '.btn', '提交').dispatchEvent('tap');

  const nav = await waitForCall(resident, 'redirectTo', (o) => String(o.url).startsWith('/packages/resident/pages/request/index?id='));
  const id = String(nav.url).split('id=')[1];
  // no template ids in this build: the tap asks nothing
  expect(resident.wxCalls.filter((c) => c.api === 'requestSubscribeMessage')).toEqual([]);
  const filed = await direct('requests.get', { requestId: id }, 'demo-resident');
  expect(filed).toMatchObject({ category: { code: 'repair' }, text: '单元门的门禁坏了，刷卡打不开门', urgency: 'normal', location: { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' } });
  page.close();
});

test('报事详情: the resident rates a resolved request 2 stars', async () => {
  const one = await direct('requests.submit', { category: 'sanitation', text: '楼道里堆满了杂物，过不去人', location: { buildingId: 'bd-heping-1' } }, 'demo-resident');
  await direct('requests.accept', { requestId: one.id }, 'demo-leader');
  await direct('requests.resolve', { requestId: one.id, summary: '已通知住户清走杂物' }, 'demo-leader');

  const resident = harnessAs('demo-resident');
  const page = await resident.loadPage('packages/resident/pages/request/index', { id: one.id });
  await page.waitForText('已通知住户清走杂物');
  expect(page.text()).toContain('待评价');
  find(page.root, '.btn', '评价').dispatchEvent('tap');
  await page.waitForText('提交评价');
  page.root.querySelectorAll('.rq-star')[1].dispatchEvent('tap');
  await page.waitForText('2 星 · 不满意');
  find(page.root, '.btn', '提交评价').dispatchEvent('tap');
  await waitForCall(resident, 'showToast', (o) => o.title === '谢谢你的评价');
  await page.waitForText('已办结');
  expect((await direct('requests.get', { requestId: one.id }, 'demo-resident')).rating).toEqual({ score: 2, comment: '' });
  page.close();
});
