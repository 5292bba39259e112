/**
 * A request's closed loop in Chromium against the local cloud as `npm start` serves it (CLI process,
 * seeded demo data, the H5 build under /app/), with two personas and staff: the resident 李秀兰
 * files a request with a photo, the Red Neighbor Leader 王建国 takes it from his 待接单, accepts and
 * resolves it, the resident rates it 2 stars, and staff find it waiting on 回访. Needs
 * `npm run build:h5` and Debian's chromium at /usr/bin/chromium. Screenshots in test-output/.
 */
import type { ActionOutput } from '../../core/contracts/index';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { COMMUNITY_ID } from '../../tools/seed/demo';
import { seededBrowser } from './browser';
import { openAs, screenshots, visible } from './journey';

// a 2×2 red PNG: the photo of the problem
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ISYLRAwQCgAeLgPtNNgDzAAAAABJRU5ErkJggg==',
  'base64',
);
const TEXT = '1号楼1单元三楼楼道的声控灯坏了一个星期，晚上上下楼看不见台阶';

jest.setTimeout(180_000);
const session = seededBrowser();

async function direct<A extends 'requests.get' | 'requests.visits'>(action: A, data: unknown, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('requests', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

/** opens an app page as a persona (what the dev login stores) */
const shot = screenshots('requests');

test('resident files with a photo → leader accepts and resolves → resident rates 2 → staff see the 回访', async () => {
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 375, height: 812 });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  // 1. the resident files: category, words, a photo; her building and unit are preselected
  await openAs(session, page, P.resident, '/packages/resident/pages/report/index');
  await page.getByRole('button', { name: '单元：1单元，点按选择' }).waitFor();
  await page.getByRole('button', { name: /^问题类别/ }).click();
  await visible(page, '确定').click(); // the first category, 物业服务
  await page.getByRole('button', { name: '问题类别：物业服务，点按选择' }).waitFor();
  await page.locator('textarea').first().fill(TEXT);
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('＋ 添加照片').click();
  await (await chooser).setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('.pt-photo:not(.pt-photo--add)').first().waitFor();
  await shot(page, '1-report');
  await page.getByText('提交', { exact: true }).click();
  await visible(page, '办理进度').waitFor();
  const id = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  expect(id).toMatch(/^rq_/);
  const filed = await direct('requests.get', { requestId: id }, P.resident);
  expect(filed).toMatchObject({ text: TEXT, category: { code: 'property' }, location: { label: '和平小区 1号楼1单元' } });
  // her own photo: in her folder, shown to her while WeChat still checks it
  expect(filed.photos.length + filed.photosUnderReview).toBe(1);
  await shot(page, '2-filed');

  // 2. the leader finds it in 待接单, accepts and resolves it
  await openAs(session, page, P.leader, '/packages/leader/pages/work/index');
  await visible(page, TEXT).click();
  await visible(page, '报事人').waitFor();
  expect(await page.locator('body').innerText()).toMatch(/李秀兰[\s\S]*1\d\d\*{4}\d{4}/);
  // her photo: shown once WeChat passed it, else counted as being checked
  const seen = await direct('requests.get', { requestId: id }, P.leader);
  if (seen.photosUnderReview === 1) await visible(page, '1 张照片审核中').waitFor();
  else await page.locator('.pt-photo >> visible=true').first().waitFor();
  expect(seen.photos.length + seen.photosUnderReview).toBe(1);
  await shot(page, '3-leader-detail');
  await page.getByRole('button', { name: '接单', exact: true }).click();
  await page.locator('.tag >> text=已接单 >> visible=true').waitFor();
  await page.getByRole('button', { name: '办结', exact: true }).click();
  await page.locator('[aria-label="办理结果"] textarea').fill('已请物业更换声控灯，晚上试过，亮了');
  await shot(page, '4-resolve');
  await page.getByText('确认办结').click();
  await page.locator('.tag >> text=待评价 >> visible=true').waitFor();
  expect((await direct('requests.get', { requestId: id }, P.leader)).handler?.name).toBe('王建国');

  // 3. the resident rates 2 stars with a comment
  await openAs(session, page, P.resident, `/packages/resident/pages/request/index?id=${id}`);
  await page.getByRole('button', { name: '评价', exact: true }).click();
  await page.getByRole('button', { name: '2 星' }).click();
  await page.locator('[aria-label="评价（选填）"] textarea').fill('灯是修好了，就是等了一个星期');
  await shot(page, '5-rate');
  await page.getByText('提交评价').click();
  await page.locator('.tag >> text=已办结 >> visible=true').waitFor();
  const rated = await direct('requests.get', { requestId: id }, P.resident);
  expect(rated.rating).toEqual({ score: 2, comment: '灯是修好了，就是等了一个星期' });
  expect(rated.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['submit', 'accept', 'resolve', 'rate']));
  await shot(page, '6-rated');

  // 4. staff find it waiting on 回访
  const visits = await direct('requests.visits', { communityId: COMMUNITY_ID, status: 'open' }, P.staff);
  expect(visits.visits.find((v) => v.requestId === id)).toMatchObject({ score: 2, status: 'open' });
  await openAs(session, page, P.staff, '/packages/staff/pages/request-visits/index');
  const visit = page.locator('.rq-row', { hasText: TEXT.slice(0, 20) }).first();
  await visit.waitFor();
  expect(await visit.innerText()).toContain('居民评价：灯是修好了，就是等了一个星期');
  await shot(page, '7-staff-visits');
  expect(problems).toEqual([]);
});
