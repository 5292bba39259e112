/**
 * Running the org tree in Chromium against the local cloud (seeded demo data, the H5 build): staff
 * create a big grid over two buildings from the tree page's editor, see it in the tree, on the
 * compound's 公示牌 and in the change log; trying to retire a compound with buildings shows why it
 * cannot; the branch secretary fills one 五有 item with a note and a photo and staff see it counted.
 * Needs `npm run build:h5` and Debian's chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seededBrowser } from './browser';
import { openAs } from './journey';

const OUT = path.resolve(__dirname, '../../test-output');
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ISYLRAwQCgAeLgPtNNgDzAAAAABJRU5ErkJggg==', 'base64');

jest.setTimeout(180_000);
const session = seededBrowser();

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `e2e-org-${name}.png`), fullPage: true });
}
// a DOM click: Taro's pull-to-refresh layer may sit over a page Playwright scrolled
const tap = (page: Page, text: string) => page.getByText(text, { exact: true }).first().dispatchEvent('click');
const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true }).locator('visible=true').first();

test('staff add a grid from the editor; the tree, the board and the change log show it; a retire is refused with its reason', async () => {
  const page = await session.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  await openAs(session, page, 'demo-staff', '/packages/staff/pages/org/index?compoundId=cp-laojie&communityId=cm-xingfuli');
  await page.getByText('单元和住户').first().waitFor();
  await tap(page, '网格');
  await tap(page, '新建网格');
  await page.getByText('覆盖的楼栋').waitFor();
  await field(page, '网格名称').fill('老街东片网格');
  await page.getByText('3号楼', { exact: true }).waitFor();
  // the buildings of 老街 are all in its big grid: a second big grid is refused building by building
  await tap(page, '3号楼');
  await tap(page, '保存');
  await page.getByText('「3号楼」已在大网格「老街小区网格」里').waitFor();
  await shot(page, 'grid-refused');

  // a micro grid under the compound's big grid (chosen for the person when there is one) is fine
  await tap(page, '微网格');
  await page.getByText('所属大网格', { exact: true }).waitFor();
  await page.getByText('老街小区网格 ▾').waitFor();
  await tap(page, '3号楼'); // deselect
  await tap(page, '保存');
  await page.getByText('已保存').waitFor();
  await page.getByText('老街东片网格').waitFor();
  await shot(page, 'grid-saved');

  const board = (await session.cloud.invoke('org', { action: 'org.directory', data: { compoundId: 'cp-laojie' } }, 'demo-staff')) as { ok: boolean; data: { grids: { name: string; parentName: string | null }[] } };
  expect(board.data.grids).toContainEqual(expect.objectContaining({ name: '老街东片网格', parentName: '老街小区网格' }));

  await openAs(session, page, 'demo-staff', '/packages/staff/pages/audit/index');
  await page.getByText('新建微网格「老街小区 · 老街东片网格」，覆盖 0 栋楼').waitFor();

  await openAs(session, page, 'demo-staff', '/packages/staff/pages/org/index');
  await page.getByLabel('停用老街小区').waitFor();
  await page.getByLabel('停用老街小区').dispatchEvent('click');
  await page.getByText('停用', { exact: true }).last().dispatchEvent('click'); // the confirm dialog's button
  await page.getByText('暂时不能停用').waitFor();
  await page.getByText(/还有 3 栋在用的楼栋/).waitFor();
  await shot(page, 'retire-refused');
  expect(errors).toEqual([]);
});

test('the secretary fills a 五有 item with a note and a photo; staff see it counted', async () => {
  const page = await session.context.newPage();
  await openAs(session, page, 'demo-secretary', '/packages/leader/pages/wuyou/index');
  await page.getByLabel('修改有活动阵地').waitFor();
  await page.getByLabel('修改有活动阵地').dispatchEvent('click');
  await page.getByRole('switch', { name: '有活动阵地：已具备' }).click();
  await field(page, '说明').fill('小区党群服务站，每天 8:30—17:30 开放');
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('＋ 添加照片').click();
  await (await chooser).setFiles({ name: 'venue.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('.pt-photo:not(.pt-photo--add)').first().waitFor();
  await tap(page, '保存');
  await page.getByText('五有已具备 1 项，共 5 项', { exact: false }).waitFor();
  await page.getByText('小区党群服务站，每天 8:30—17:30 开放').waitFor();
  await shot(page, 'wuyou-saved');

  await openAs(session, page, 'demo-staff', '/packages/staff/pages/wuyou/index');
  await page.getByText('1/2 个支部已具备').waitFor();
  await page.getByText('红星老街联合党支部').first().waitFor();
});
