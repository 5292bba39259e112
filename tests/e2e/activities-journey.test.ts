/**
 * An activity from start to points, in Chromium against the local cloud as `npm start` serves it
 * (CLI process, seeded demo data, the H5 build under /app/): staff publish it on the form, the Red
 * Neighbor Leader 王建国 signs up on its page, staff open the on-site screen and its rotating code,
 * the leader types that code on 活动签到 — how "scanning" is exercised in H5, where there is no
 * camera: the scanned 小程序码 carries the same code in its scene — then, with the local cloud's
 * clock moved past the start, staff finish it with a summary and a photo and export the roster, and
 * the points show in the leader's 积分明细. Needs `npm run build:h5` and Debian's chromium. Screenshots in test-output/.
 */
import ExcelJS from 'exceljs';
import type { ActionOutput } from '../../core/contracts/index';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { postJson } from './seeded-cloud';
import { seededBrowser } from './browser';
import { openAs, screenshots, visible } from './journey';

// a 2×2 red PNG: the activity's photo
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ISYLRAwQCgAeLgPtNNgDzAAAAABJRU5ErkJggg==', 'base64');
const TITLE = '冬季义诊进小区';

jest.setTimeout(240_000);
const session = seededBrowser();

async function direct<A extends 'activities.get' | 'activities.roster'>(action: A, data: unknown, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('activities', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}
/** the local cloud's clock (this file's own cloud, dropped after it) */
const setClock = (offsetMs: number) => postJson(`${session.cloud.url}/__localcloud/clock`, { offsetMs });

const shot = screenshots('activities');

test('staff publish → the leader signs up → checks in with the on-site code → staff finish → points in his 积分明细', async () => {
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 375, height: 812 });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  // 1. staff publish it on the form (defaults: three days on, 09:00–11:00, 30 places, 2 hours, ZY01)
  await openAs(session, page, P.staff, '/packages/service/pages/activity-edit/index');
  await page.getByRole('button', { name: /^社区（/ }).click();
  await page.locator('[aria-label="活动名称"] input').fill(TITLE);
  await page.locator('[aria-label="活动介绍"] textarea').fill('社区卫生服务中心的医生来小区活动室量血压、测血糖，志愿者协助登记和引导老人。');
  await page.locator('[aria-label="活动地点"] input').fill('和平小区活动室');
  await shot(page, '1-publish');
  await page.getByText('发布活动', { exact: true }).and(page.locator('.btn')).click();
  await visible(page, '我的报名').waitFor();
  const id = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  expect(id).toMatch(/^ac_/);
  expect(await direct('activities.get', { activityId: id }, P.staff)).toMatchObject({ title: TITLE, capacity: 30, itemCode: 'ZY01', volunteerHours: 2, organiser: { kind: 'community' } });

  // 2. the leader signs up on its page
  await openAs(session, page, P.leader, `/packages/service/pages/activity/index?id=${id}`);
  await page.getByRole('button', { name: '报名', exact: true }).click();
  await visible(page, '你已报名').waitFor();
  expect((await direct('activities.get', { activityId: id }, P.leader)).mine).toMatchObject({ status: 'confirmed' });
  await shot(page, '2-signed-up');

  // 3. staff open the on-site screen: the code, the 小程序码 and the roster with him on it
  await openAs(session, page, P.staff, `/packages/service/pages/activity-run/index?id=${id}`);
  const digits = page.locator('.ac-code__digits >> visible=true');
  await digits.waitFor();
  expect(await digits.innerText()).toMatch(/^\d{6}$/);
  await visible(page, '王建国').waitFor();
  await page.locator('.ac-qr >> visible=true').waitFor();
  await shot(page, '3-run');

  // 4. the leader types the code shown on that screen (read as he types: it changes every 30 s)
  const code = await digits.innerText();
  await openAs(session, page, P.leader, `/packages/service/pages/checkin/index?id=${id}`);
  await page.locator('[aria-label="签到码"] input').fill(code);
  await page.getByText('确认签到').click();
  await visible(page, '签到成功').waitFor();
  expect((await direct('activities.get', { activityId: id }, P.leader)).mine?.checkedInAt).toEqual(expect.any(String));
  await shot(page, '4-checked-in');

  // 5. the activity has started (the local cloud's clock moved past it): staff finish it
  const { startAt } = await direct('activities.get', { activityId: id }, P.staff);
  await setClock(Date.parse(startAt) - Date.now() + 30 * 60_000);
  await openAs(session, page, P.staff, `/packages/service/pages/activity-run/index?id=${id}`);
  await visible(page, '确认结束活动').waitFor();
  expect((await direct('activities.roster', { activityId: id }, P.staff)).checkedIn).toBe(1);
  await page.locator('[aria-label="活动小结"] textarea').fill('来了 40 多位老人，量了血压血糖，医生现场解答用药问题。');
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('＋ 添加照片').click();
  await (await chooser).setFiles({ name: 'clinic.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('.pt-photo:not(.pt-photo--add) >> visible=true').first().waitFor();
  await shot(page, '5-finish');
  await page.getByText('确认结束活动').click();
  await visible(page, '1 人签到，1 人已记积分和志愿时长').waitFor();
  expect(await direct('activities.get', { activityId: id }, P.staff)).toMatchObject({ status: 'finished', photos: [expect.any(String)] });
  await shot(page, '6-finished');
  // the roster and attendance as .xlsx: the H5 build opens the file's temp URL; he is on it
  await page.evaluate(() => {
    (window as unknown as { opened: string[] }).opened = [];
    window.open = ((url: string) => {
      (window as unknown as { opened: string[] }).opened.push(url);
      return null;
    }) as typeof window.open;
  });
  await page.getByText('导出名单').click();
  await page.waitForFunction(() => (window as unknown as { opened: string[] }).opened.length === 1);
  const file = await fetch(await page.evaluate(() => (window as unknown as { opened: string[] }).opened[0]));
  expect(file.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await file.arrayBuffer());
  const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])));
  expect(cells).toContain('王建国');

  // 6. the points in the leader's 积分明细: 参加社区志愿服务活动, for this activity
  await openAs(session, page, P.leader, '/packages/leader/pages/history/index');
  const entry = page.locator('.pt-entry', { hasText: `说明：${TITLE}` }).first();
  await entry.waitFor();
  expect(await entry.innerText()).toMatch(/参加社区志愿服务活动[\s\S]*参加活动[\s\S]*\+5/);
  await shot(page, '7-history');
  expect(problems).toEqual([]);
});
