/**
 * A 微心愿 posted by proxy, from the wall to points, in Chromium against the local cloud as
 * `npm start` serves it (CLI process, seeded demo data, the H5 build under /app/): the grid worker
 * 张桂英 posts a wish for the elderly 冯建平 of her grid (代人许愿, his home picked from her
 * buildings), the Red Neighbor Leader 王建国 finds it on 心愿墙 with the name masked, claims it,
 * fulfils it with a photo and a note, 张桂英 (the proxy) confirms, and the points show in the
 * leader's 积分明细. Needs `npm run build:h5` and Debian's chromium. Screenshots in test-output/.
 */
import type { Page } from 'playwright-core';
import type { ActionOutput } from '../../core/contracts/index';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededBrowser } from './browser';
import { openAs, screenshots, visible } from './journey';

// a 2×2 red PNG: the photo of the wish fulfilled
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ISYLRAwQCgAeLgPtNNgDzAAAAABJRU5ErkJggg==', 'base64');
const TEXT = '冯大爷腿脚不便，希望有人帮忙买一个带扶手的洗澡凳';

jest.setTimeout(240_000);
const session = seededBrowser();

async function direct<A extends 'wishes.get' | 'points.history'>(action: A, data: unknown, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke(action.split('.')[0], { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

const shot = screenshots('wishes');

/** opens a picker and takes its first choice (a tap on 确定) */
async function pickFirst(page: Page, label: RegExp, shows: RegExp): Promise<void> {
  await page.getByRole('button', { name: label }).click();
  await visible(page, '确定').click();
  await page.getByRole('button', { name: shows }).waitFor();
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('.weui-picker__overlay')).some((o) => (o as HTMLElement).style.display !== 'none'));
}

test('grid worker posts for 冯建平 (代人许愿) → leader claims and fulfils with a photo → the proxy confirms → points in the leader’s 积分明细', async () => {
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 375, height: 812 });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  // 1. the grid worker, from 心愿墙, posts for 冯建平: his name, his home in her grid, his situation, the wish
  await openAs(session, page, P.gridWorker, '/packages/service/pages/wishes/index');
  await visible(page, '代人许愿').click();
  await page.locator('[aria-label="受助人姓名"] input').fill('冯建平');
  await pickFirst(page, /^楼栋：/, /^楼栋：和平小区 1号楼/);
  await pickFirst(page, /^房号：/, /^房号：1号楼/);
  await pickFirst(page, /^受助人情况/, /^受助人情况：独居老人/);
  await pickFirst(page, /^心愿类别/, /^心愿类别：生活物品/);
  await page.locator('[aria-label="心愿内容"] textarea').fill(TEXT);
  await shot(page, '1-post-by-proxy');
  await page.getByText('发布心愿', { exact: true }).click();
  await visible(page, '心愿进度').waitFor();
  const id = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  expect(id).toMatch(/^ws_/);
  const posted = await direct('wishes.get', { wishId: id }, P.gridWorker);
  expect(posted).toMatchObject({ text: TEXT, proxy: true, beneficiary: '冯**（独居老人）', beneficiaryDetail: { name: '冯建平', kind: '独居老人' }, poster: '张桂英', status: 'open' });
  expect(posted.beneficiaryDetail?.householdLabel).toMatch(/1号楼/);
  await shot(page, '2-posted');

  // 2. the leader finds it on the wall, masked, and claims it; now he learns whom he serves
  await openAs(session, page, P.leader, '/packages/service/pages/wishes/index');
  const card = page.locator('.rq-row', { hasText: TEXT }).first();
  await card.waitFor();
  expect(await card.innerText()).toContain('冯**（独居老人）');
  expect(await card.innerText()).not.toContain('冯建平');
  await shot(page, '3-wall');
  await card.click();
  await page.getByRole('button', { name: '我来认领' }).click();
  await page.getByRole('button', { name: '登记完成' }).waitFor();
  await visible(page, '冯建平（独居老人）').waitFor();
  expect(await direct('wishes.get', { wishId: id }, P.staff)).toMatchObject({ status: 'claimed', claimer: { name: '王建国' } });
  await shot(page, '4-claimed');

  // 3. he fulfils it offline and records it with a photo and a note
  await page.getByRole('button', { name: '登记完成' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('＋ 添加照片').click();
  await (await chooser).setFiles({ name: 'stool.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('.pt-photo:not(.pt-photo--add)').first().waitFor();
  await page.locator('[aria-label="说明（选填）"] textarea').fill('洗澡凳已送到冯大爷家，装好试坐过');
  await shot(page, '5-fulfil');
  await page.getByText('确认登记').click();
  await visible(page, '完成情况').waitFor();
  const fulfilled = await direct('wishes.get', { wishId: id }, P.leader);
  expect(fulfilled).toMatchObject({ status: 'fulfilled', fulfilment: { note: '洗澡凳已送到冯大爷家，装好试坐过', photos: [expect.stringMatching(/wishes\/p-leader\/\d{4}-\d{2}\/.+\.png$/)] } });

  // 4. the grid worker (who posted it) sees the photo once WeChat passed it (the stub pushes its verdict a moment later), and confirms
  const deadline = Date.now() + 20_000;
  let seen = await direct('wishes.get', { wishId: id }, P.gridWorker);
  while (seen.fulfilment?.photos.length !== 1 && Date.now() < deadline) {
    expect(seen.photosUnderReview).toBe(1);
    await page.waitForTimeout(200);
    seen = await direct('wishes.get', { wishId: id }, P.gridWorker);
  }
  expect(seen).toMatchObject({ photosUnderReview: 0, fulfilment: { photos: fulfilled.fulfilment!.photos } });
  await openAs(session, page, P.gridWorker, `/packages/service/pages/wish/index?id=${id}`);
  await visible(page, '完成情况').waitFor();
  await page.locator('.pt-photo >> visible=true').first().waitFor();
  await page.getByRole('button', { name: '确认心愿已完成' }).click();
  await visible(page, '认领人的积分已记入').waitFor();
  expect(await direct('wishes.get', { wishId: id }, P.gridWorker)).toMatchObject({ status: 'confirmed', statusLabel: '已完成', awarded: true });
  await shot(page, '6-confirmed');

  // 5. the points in the leader's 积分明细: 认领并完成微心愿, +10
  const history = await direct('points.history', { pageSize: 20 }, P.leader);
  expect(history.entries.filter((e) => e.source.type === 'wish' && e.source.id === id)).toEqual([expect.objectContaining({ points: 10 })]);
  await openAs(session, page, P.leader, '/packages/leader/pages/history/index');
  const entry = page.locator('.pt-entry', { hasText: '认领并完成微心愿' }).first();
  await entry.waitFor();
  expect(await entry.innerText()).toMatch(/认领并完成微心愿[\s\S]*\+10/);
  await shot(page, '7-history');
  expect(problems).toEqual([]);
});
