/**
 * @jest-environment jsdom
 *
 * The compiled weapp 公示牌 page (dist/) in miniprogram-simulate, its data served by the real
 * `org` function through a seeded local cloud: `wx.cloud.callFunction` is shimmed to call it.
 */
import { createHarness, seededHarnesses, waitFor, type SimNode } from './harness';

const DIRECTORY = 'packages/resident/pages/directory/index';
jest.setTimeout(30_000);
const seeded = seededHarnesses();
const { harnessAs } = seeded;

/** the 「拨打」 button in the same contact row as `name` */
function callButtonOf(root: SimNode, name: string): SimNode {
  const button = root.querySelectorAll('.contact__call').find((b) => b.dom.parentElement?.textContent?.includes(name));
  if (!button) throw new Error(`no 拨打 button next to ${name}`);
  return button;
}

test('a resident sees their compound: branch, grid workers, leaders, masked phones, own building first', async () => {
  const h = harnessAs('demo-resident');
  const page = await h.loadPage(DIRECTORY);
  const text = await page.waitForText('和平小区党支部');

  expect(text).toContain('和平小区');
  expect(text).toContain('刘志强'); // branch secretary
  expect(text).toContain('张桂英'); // grid worker of 第一微网格
  expect(text).toContain('138****0003');
  expect(text).toContain('王建国'); // Red Neighbor Leader of 1号楼
  expect(text).toContain('138****0002');
  expect(text).toContain('和平红管家服务队');
  expect(text).not.toMatch(/138\d{8}/); // no full number anywhere on the board
  // the resident lives in 1号楼: it comes first and is marked
  const mine = text.indexOf('1号楼我住这栋');
  const next = text.indexOf('2号楼所属网格');
  expect(mine).toBeGreaterThan(-1);
  expect(next).toBeGreaterThan(mine);
  expect(text.indexOf('小区党支部')).toBeGreaterThan(mine); // before the branch and the grids, too
  page.close();
});

test('tapping 拨打 reveals the number through the server and dials it', async () => {
  const h = harnessAs('demo-resident');
  const page = await h.loadPage(DIRECTORY);
  await page.waitForText('王建国');

  callButtonOf(page.root, '王建国').dispatchEvent('tap');

  const dial = await waitFor(() => h.wxCalls.find((c) => c.api === 'makePhoneCall'), 'wx.makePhoneCall');
  expect(dial.options.phoneNumber).toBe('13800000002');
  expect(h.wxCalls.filter((c) => c.api === 'showToast')).toEqual([]); // no error was shown
  page.close();
});

test('pull-down refresh reloads the board and stops the spinner', async () => {
  let loads = 0;
  jest.resetModules();
  const h = createHarness((name, data) => {
    if ((data as { action?: string }).action === 'org.directory') loads++;
    return seeded.cloud.invoke(name, data, 'demo-resident');
  });
  const page = await h.loadPage(DIRECTORY);
  await page.waitForText('王建国');
  expect(loads).toBe(1);

  (page.page.onPullDownRefresh as () => void)();

  await waitFor(() => h.wxCalls.some((c) => c.api === 'stopPullDownRefresh'), 'wx.stopPullDownRefresh');
  expect(loads).toBe(2);
  expect(page.text()).toContain('王建国'); // the board stays on screen while refreshing
  page.close();
});

test('staff open another compound by id: 三无小区 without a property company, shared with its id', async () => {
  const h = harnessAs('demo-staff');
  const page = await h.loadPage(DIRECTORY, { compoundId: 'cp-laojie' });
  const text = await page.waitForText('老街小区');
  expect(text).toContain('三无小区');
  expect(text).toContain('本小区没有物业公司');
  expect(text).toContain('郭秀芳'); // 老街小区's grid worker

  // the share card WeChat asks for when the page is forwarded
  const share = (page.page.onShareAppMessage as (o: object) => { title: string; path: string })({ from: 'menu' });
  expect(share.title).toContain('老街小区');
  expect(share.path).toBe('/packages/resident/pages/directory/index?compoundId=cp-laojie');
  page.close();
});

test('a visitor who has not bound sees the server\'s message and a retry button', async () => {
  const h = harnessAs('demo-visitor');
  const page = await h.loadPage(DIRECTORY);
  const text = await page.waitForText('重新加载');
  expect(text).not.toContain('和平小区党支部');
  page.close();
});
