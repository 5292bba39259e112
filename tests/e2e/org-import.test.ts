/**
 * 名册导入导出 in Chromium as staff: choose 包联单位, pick a filled template through the file input,
 * read the preview (a bad file lists its problems by row and column), confirm, see the result.
 * Needs the H5 build (`npm run build:h5`) and Debian's chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEMPLATES, TEMPLATE_DATE, templateSheets } from '../../core/domain/org-import/templates';
import { writeXlsx } from '../../cloudfunctions/lib/xlsx';
import { seededBrowser } from './browser';

const OUT = path.resolve(__dirname, '../../test-output');

jest.setTimeout(120_000);
const session = seededBrowser();

async function chooseFile(page: Page, rows: string[][]): Promise<void> {
  const [data, notes] = templateSheets(TEMPLATES.partners);
  const buffer = await writeXlsx([{ ...data, rows }, notes], TEMPLATE_DATE);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择 Excel 文件' }).click();
  await (await chooser).setFiles({ name: '包联单位.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
}

test('staff import partner units from Excel: preview, problems by row, confirm', async () => {
  const page = await session.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(`${session.cloud.url}/`);
  await page.getByRole('button', { name: /社区工作人员/ }).click();
  await page.waitForURL(/\/app\//);
  await page.goto(`${session.cloud.url}/app/#/packages/staff/pages/import/index`);
  await page.getByText('导出名单').waitFor();
  await page.getByRole('button', { name: '包联单位', exact: true }).click();
  await page.getByRole('button', { name: '下载「包联单位」模板' }).waitFor();

  await chooseFile(page, [['滨江区城管局机关党支部', '机关单位', '不存在的小区']]);
  await page.getByText('第 2 行『包联小区』：本社区没有“不存在的小区”，多个小区请用顿号“、”隔开').waitFor();
  expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);

  await chooseFile(page, [['滨江区城管局机关党支部', '机关单位', '和平小区、老街小区']]);
  await page.getByText('新建 1').waitFor();
  await page.getByRole('button', { name: '确认导入' }).click();
  await page.getByText('导入', { exact: true }).last().click(); // the confirmation dialog
  await page.getByText('已导入').waitFor();
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'e2e-org-import.png'), fullPage: true });

  const board = (await session.cloud.invoke('org', { action: 'org.directory', data: { compoundId: 'cp-laojie' } }, 'demo-staff')) as { data: { partners: { name: string }[] } };
  expect(board.data.partners.map((p) => p.name)).toContain('滨江区城管局机关党支部');
  expect(problems).toEqual([]);
});
