/**
 * @jest-environment jsdom
 *
 * The activity pages on the compiled weapp build (dist/) in miniprogram-simulate, served by the real
 * `activities` function through a seeded local cloud: 报名 on the detail page (the tap asks for the
 * reminder), and on 活动签到 the typed 6-digit code (the native number input) that checks the resident in, and the page opened from
 * the 小程序码 (its `scene`), which checks in at once.
 */
import type { ActionOutput } from '../../core/contracts/index';
import { seededHarnesses, type SimNode } from './harness';

jest.setTimeout(60_000);
const seeded = seededHarnesses();
const { harnessAs } = seeded;

let seq = 0;
async function direct<A extends 'activities.create' | 'activities.signup' | 'activities.get' | 'activities.code'>(action: A, data: object, openid: string) {
  const withKey = action === 'activities.create' || action === 'activities.signup' ? { idempotencyKey: `weapp-ac-${++seq}`, ...data } : data;
  const res = (await seeded.cloud.invoke('activities', { action, data: withKey }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}
const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const createOne = (title: string) =>
  direct(
    'activities.create',
    { organiser: { kind: 'community' }, title, description: '社区组织的志愿服务活动，欢迎居民参加。', startAt: at(48), endAt: at(50), place: '和平小区活动室', capacity: 5, signupDeadline: at(47), itemCode: 'ZY01', volunteerHours: 1 },
    'demo-staff',
  );

/** the node matching `selector` whose text contains `text` (the innermost such node) */
function find(root: SimNode, selector: string, text: string): SimNode {
  const all = root.querySelectorAll(selector).filter((n) => n.dom.textContent?.includes(text));
  if (!all.length) throw new Error(`no ${selector} with ${text}; the page shows: ${root.dom.textContent?.slice(0, 400)}`);
  return all[all.length - 1];
}

test('活动详情: the resident signs up with 报名', async () => {
  const a = await createOne('敬老院慰问');
  const resident = harnessAs('demo-resident');
  const page = await resident.loadPage('packages/service/pages/activity/index', { id: a.id });
  await page.waitForText('还有名额，欢迎报名');
  find(page.root, '.btn', '报名').dispatchEvent('tap');
  await page.waitForText('你已报名');
  const view = await direct('activities.get', { activityId: a.id }, 'demo-resident');
  expect(view.mine).toMatchObject({ status: 'confirmed' });
  // the tap asked WeChat for the day-before reminder (the local cloud configures its template)
  expect(view.reminderTemplateId).toEqual(expect.any(String));
  expect(resident.wxCalls.filter((c) => c.api === 'requestSubscribeMessage').map((c) => c.options.tmplIds)).toEqual([[view.reminderTemplateId]]);
  page.close();
});

test('活动签到: the typed code checks the resident in', async () => {
  const a = await createOne('社区读书会');
  await direct('activities.signup', { activityId: a.id }, 'demo-resident');
  const resident = harnessAs('demo-resident');
  const page = await resident.loadPage('packages/service/pages/checkin/index', { id: a.id });
  await page.waitForText('扫码签到');
  const { code } = await direct('activities.code', { activityId: a.id }, 'demo-staff');
  page.root.querySelector('.pt-input')!.dispatchEvent('input', { detail: { value: code } });
  find(page.root, '.btn', '确认签到').dispatchEvent('tap');
  await page.waitForText('签到成功');
  expect(page.text()).toContain('李秀兰 · 签到时间');
  expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine?.checkedInAt).toEqual(expect.any(String));
  page.close();
});

test('活动签到 opened from the 小程序码 (its scene): checks the resident in at once', async () => {
  const a = await createOne('清理小广告');
  await direct('activities.signup', { activityId: a.id }, 'demo-resident');
  const { scene } = await direct('activities.code', { activityId: a.id }, 'demo-staff');
  const resident = harnessAs('demo-resident');
  // WeChat opens the page with the scene percent-encoded in its query
  const page = await resident.loadPage('packages/service/pages/checkin/index', { scene: encodeURIComponent(scene) });
  await page.waitForText('签到成功');
  expect(page.text()).toContain('清理小广告');
  expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine?.checkedInAt).toEqual(expect.any(String));
  page.close();
});
