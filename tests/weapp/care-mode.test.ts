/**
 * @jest-environment jsdom
 *
 * 关怀模式 in the compiled weapp build (dist/) in miniprogram-simulate: the tokens and the care
 * values are in the compiled styles; care mode follows WeChat's own text size until the person
 * chooses; the 我的 switch turns it on for the page at once and remembers it on the device.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DIST, seededHarnesses, waitFor, type LoadedPage } from './harness';

const MINE = 'pages/mine/index';
const HOME = 'pages/index/index';
const KEY = 'hongling.careMode';
jest.setTimeout(30_000);
const { harnessAs } = seededHarnesses();

/** the class and style of the page's root element (miniprogram-simulate prefixes classes with `main--`) */
function pageRoot(page: LoadedPage): { care: boolean; style: string } {
  const root = page.root.dom.querySelector('.main--page');
  if (!root) throw new Error(`no .page root in: ${page.root.dom.innerHTML.slice(0, 300)}`);
  return { care: root.classList.contains('main--care'), style: (root.getAttribute('style') ?? '').replace(/\s/g, '') };
}

test('the compiled styles carry the tokens and the 关怀模式 values', () => {
  const app = fs.readFileSync(path.join(DIST, 'app-origin.wxss'), 'utf8');
  expect(app).toMatch(/page\{[^}]*--hl-text-scale:1;[^}]*--hl-tap:88rpx/);
  expect(app).toMatch(/\.care[,{][^}]*--hl-text-scale:1\.3;[^}]*--hl-tap:100rpx[^}]*--hl-muted:#333/);
  // text sizes are tokens scaled by --hl-text-scale, in the shared and the page styles alike
  const styles = [path.join(DIST, 'common.wxss'), path.join(DIST, 'pages/mine/index.wxss')].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const sizes = styles.match(/font-size:[^;}]+/g) ?? [];
  expect(sizes.length).toBeGreaterThan(10);
  expect(sizes.filter((s) => !s.includes('var(--hl-text-scale') && s !== 'font-size:inherit')).toEqual([]);
});

test('large WeChat text turns 关怀模式 on until the person chooses, and the pages follow its scale', async () => {
  const h = harnessAs('demo-resident', { appBaseInfo: { fontSizeScaleFactor: 1.4 } });
  const page = await h.loadPage(HOME);
  await page.waitForText('李秀兰，您好');
  const root = pageRoot(page);
  expect(root.care).toBe(true);
  expect(root.style).toContain('--hl-text-scale:1.4');
  page.close();
});

test('standard WeChat text: normal mode, no scale of its own', async () => {
  const h = harnessAs('demo-resident', { appBaseInfo: { fontSizeScaleFactor: 1 } });
  const page = await h.loadPage(HOME);
  await page.waitForText('李秀兰，您好');
  expect(pageRoot(page)).toEqual({ care: false, style: '' });
  page.close();
});

test('the person’s choice wins over WeChat’s text size', async () => {
  const h = harnessAs('demo-resident', { appBaseInfo: { fontSizeScaleFactor: 1.2 }, storage: { [KEY]: 'off' } });
  const page = await h.loadPage(HOME);
  await page.waitForText('李秀兰，您好');
  const root = pageRoot(page);
  expect(root.care).toBe(false);
  // normal mode still follows WeChat's larger text, within its range
  expect(root.style).toContain('--hl-text-scale:1.2');
  page.close();
});

test('the 我的 switch turns 关怀模式 on at once and remembers it, for an unbound visitor too', async () => {
  const h = harnessAs('demo-visitor', { appBaseInfo: { fontSizeScaleFactor: 1 } });
  const page = await h.loadPage(MINE);
  await page.waitForText('关怀模式');
  expect(pageRoot(page).care).toBe(false);

  const toggle = page.root.querySelector('.hl-switch');
  if (!toggle) throw new Error('no 关怀模式 switch on 我的');
  toggle.dispatchEvent('change', { detail: { value: true } });

  await waitFor(() => pageRoot(page).care, 'the care class on 我的');
  expect(h.storage.get(KEY)).toBe('on');
  page.close();
});
