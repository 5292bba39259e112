/**
 * The points scheme in Chromium against the local cloud as `npm start` serves it (CLI process,
 * seeded demo data and points ledger, the H5 build under /app/): a leader files a claim with an
 * evidence photo (uploaded through `/dev/upload`), the branch secretary sees the photo and approves,
 * the leader's balance moves, staff publish the month, and the public page shows masked or
 * consented names. Needs `npm run build:h5` and Debian's chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ActionOutput } from '../../core/contracts/index';
import { seededBrowser } from './browser';
import { openAs } from './journey';

const OUT = path.resolve(__dirname, '../../test-output');
// a 2×2 red PNG: the evidence photo
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ISYLRAwQCgAeLgPtNNgDzAAAAABJRU5ErkJggg==',
  'base64',
);

jest.setTimeout(180_000);
const session = seededBrowser();

async function direct<A extends 'points.balance' | 'points.rules.list' | 'points.claim.list'>(action: A, data: unknown, openid: string) {
  const res = (await session.cloud.invoke('points', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

/** opens an app page as a persona (what the dev login stores) */
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `e2e-points-${name}.png`) });
}

function currentMonthLabel(): string {
  const wall = new Date(Date.now() + 8 * 3600_000).toISOString();
  return `${Number(wall.slice(0, 4))}年${Number(wall.slice(5, 7))}月`;
}

test('claim with a photo → secretary approves → balance moves → staff publish → public list', async () => {
  const rules = await direct('points.rules.list', {}, 'demo-leader');
  const mine = await direct('points.claim.list', { box: 'mine', pageSize: 20 }, 'demo-leader');
  const pending = new Set(mine.claims.filter((c) => c.status === 'pending').map((c) => c.item.code));
  // an item that needs a photo, approved by the secretary, with room under its monthly cap
  const pick = rules.categories
    .flatMap((c) => c.items.map((item) => ({ category: c, item })))
    .find(({ item }) => item.evidenceRequired && item.approver === 'secretary' && (item.cap?.count ?? 99) >= 8 && !pending.has(item.code));
  if (!pick) throw new Error('the demo catalogue has no item to claim');
  const before = await direct('points.balance', {}, 'demo-leader');

  const page = await session.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  // 1. the leader chooses the item, adds a photo and submits
  await openAs(session, page, 'demo-leader', '/packages/leader/pages/claim/index');
  await page.getByText(pick.category.name, { exact: true }).first().click();
  await page.getByText(pick.item.name, { exact: true }).first().click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('＋ 添加照片').click();
  await (await chooser).setFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('.pt-photo:not(.pt-photo--add)').first().waitFor();
  await shot(page, 'claim-form');
  await page.getByText('提交申报').click();
  await page.getByText('已提交，等待审核').waitFor();
  const filed = (await direct('points.claim.list', { box: 'mine', pageSize: 20 }, 'demo-leader')).claims.find(
    (c) => c.item.code === pick.item.code && c.status === 'pending',
  );
  expect(filed?.photos).toHaveLength(1);
  expect(filed?.photos[0]).toMatch(/^cloud:\/\/.+\/claims\/p-leader\/\d{4}-\d{2}\/.+\.png$/); // the leader's own folder

  // 2. the secretary sees the claim with its photo (served by a temp URL) and approves it
  await openAs(session, page, 'demo-secretary', '/packages/staff/pages/claims/index');
  const claim = page.locator('.pt-claim', { hasText: `王建国 · ${pick.item.name}` }).first();
  await claim.waitFor();
  const photo = claim.locator('img').first();
  await photo.waitFor();
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth === 2, await photo.elementHandle());
  await shot(page, 'review');
  await claim.getByText('通过', { exact: true }).click();
  await page.getByText('已通过，积分已入账').waitFor();

  // 3. the leader's balance moved by the item's points
  const after = await direct('points.balance', {}, 'demo-leader');
  expect(after.balance).toBe(before.balance + pick.item.points);
  await openAs(session, page, 'demo-leader', '/packages/leader/pages/points/index');
  await page.getByText('累计积分').waitFor();
  const summary = await page.locator('body').innerText();
  expect(summary).toContain(String(after.balance));
  expect(summary).toContain(`第 ${after.rank.community!.rank} 名`);
  await shot(page, 'my-points');

  // 4. staff publish this month
  const month = currentMonthLabel();
  await openAs(session, page, 'demo-staff', '/packages/staff/pages/publications/index');
  await page.getByText('发布积分公示').waitFor();
  await page.locator('.pt-tabs__tab', { hasText: month }).click();
  await page.getByText(`发布${month}公示`).click();
  await page.getByText('查看公示名单').waitFor();
  await page.getByText('查看公示名单').click();

  // 5. the public page: consented names in full, the others masked
  // the pages before it stay in the DOM, hidden: wait for the visible title
  await page.locator(`text=幸福里社区${month}红色近邻长积分排名公示 >> visible=true`).first().waitFor();
  await page.locator('text=核验信息 >> visible=true').waitFor();
  const board = await page.locator('body').innerText();
  expect(board).toContain('王建国');
  expect(board).toMatch(/徐\*+/);
  expect(board).not.toContain('徐立新');
  expect(board).not.toMatch(/1[3-9]\d{9}/);
  await page.waitForTimeout(600); // let the page's slide-in finish before the picture
  await shot(page, 'publication');
  expect(problems).toEqual([]);
});

test('staff answer an objection with a correction (the list is re-frozen) and export the publication to Excel', async () => {
  const list = (await session.cloud.invoke('points', { action: 'points.publication.list', data: {} }, 'demo-staff')) as {
    data: { publications: { id: string; status: string; revision: number; period: { key: string } }[] };
  };
  const pub = list.data.publications.find((p) => p.status === 'open' && p.period.key !== new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7))!;
  const get = async () =>
    ((await session.cloud.invoke('points', { action: 'points.publication.get', data: { publicationId: pub.id } }, 'demo-staff')) as {
      data: { publication: { revision: number; openObjections: number }; rows: { personId: string; points: number }[]; objections: { status: string; answer: string | null }[] };
    }).data;
  const before = await get();
  const leaderBefore = before.rows.find((r) => r.personId === 'p-leader')!;

  const page = await session.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await openAs(session, page, 'demo-staff', `/packages/staff/pages/publications/index?id=${encodeURIComponent(pub.id)}`);
  await page.getByText('待答复').waitFor();
  await page.locator('textarea').first().fill('经核实，王建国上月组织的楼道清理漏记一次，已补记 3 分。');
  await page.locator('taro-switch-core').first().click();
  await page.locator('.pt-choice', { hasText: '王建国' }).first().click();
  await page.locator('input[placeholder="分值，如 3"]').fill('3');
  await page.locator('input[placeholder="更正原因，会写进积分台账"]').fill('公示异议核实：补记楼道清理');
  await page.getByText('提交答复').click();
  await page.getByText('已答复，积分已更正并重新冻结名单').waitFor();

  const after = await get();
  expect(after.publication.revision).toBe(before.publication.revision + 1);
  expect(after.objections[0]).toMatchObject({ status: 'resolved', answer: '经核实，王建国上月组织的楼道清理漏记一次，已补记 3 分。' });
  expect(after.rows.find((r) => r.personId === 'p-leader')!.points).toBe(leaderBefore.points + 3);
  const verify = (await session.cloud.invoke('points', { action: 'points.verify', data: { publicationId: pub.id } }, 'demo-staff')) as { data: { ok: boolean } };
  expect(verify.data.ok).toBe(true);

  // 导出 Excel: the H5 build opens the temp URL; the file behind it is an .xlsx (a zip)
  await page.evaluate(() => {
    (window as unknown as { opened: string[] }).opened = [];
    window.open = ((url: string) => {
      (window as unknown as { opened: string[] }).opened.push(url);
      return null;
    }) as typeof window.open;
  });
  await page.getByText('导出 Excel').click();
  await page.waitForFunction(() => (window as unknown as { opened: string[] }).opened.length === 1);
  const url = await page.evaluate(() => (window as unknown as { opened: string[] }).opened[0]);
  const file = await fetch(url);
  expect(file.status).toBe(200);
  expect(Buffer.from(await file.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  await shot(page, 'manage');
  expect(problems).toEqual([]);
});
