/**
 * Chromium against the local cloud as `npm start` serves it (CLI process, seeded demo data, the
 * H5 build under /app/): choose a persona on the dev login, open 我的小区, read the board.
 * Needs the H5 build (`npm run build:h5`) and Debian's chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededBrowser } from './browser';

const OUT = path.resolve(__dirname, '../../test-output');

jest.setTimeout(120_000);
const session = seededBrowser();

test('a resident picks their persona, opens 我的小区 and sees who serves their building', async () => {
  const page = await session.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  await page.goto(`${session.cloud.url}/`);
  await page.getByRole('button', { name: /李秀兰/ }).click();

  await page.waitForURL(/\/app\//);
  await page.getByText('李秀兰，您好').waitFor();
  await page.getByText('我的小区 · 公示牌').click();

  await page.getByText('和平小区党支部').first().waitFor();
  const board = await page.locator('body').innerText();
  expect(board).toContain('刘志强'); // branch secretary
  expect(board).toContain('张桂英'); // grid worker
  expect(board).toContain('138****0003');
  for (const leader of ['王建国', '欧阳娜娜', '赵丽娟', '黄国平']) expect(board).toContain(leader);
  expect(board).toContain('我住这栋');
  expect(board).not.toMatch(/138\d{8}/);

  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'e2e-directory-first-screen.png') });
  // the H5 page scrolls inside its own container: grow the window to the board's height to capture all of it
  const height = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('*'), (el) => el.scrollHeight)));
  await page.setViewportSize({ width: 414, height: Math.min(Math.max(height, 896), 8000) });
  await page.screenshot({ path: path.join(OUT, 'e2e-directory.png'), fullPage: true });

  // 我的, opened fresh in another tab (same persona): the same person, phone masked
  const minePage = await session.context.newPage();
  minePage.on('pageerror', (err) => problems.push(err.message));
  await minePage.goto(`${session.cloud.url}/app/#/pages/mine/index`);
  await minePage.getByText('1号楼1单元101').first().waitFor();
  const mine = await minePage.locator('body').innerText();
  expect(mine).toContain('李秀兰');
  expect(mine).toContain('138****0001');
  await minePage.screenshot({ path: path.join(OUT, 'e2e-mine.png') });
  expect(problems).toEqual([]);
});
