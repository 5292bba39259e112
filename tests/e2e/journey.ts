/**
 * What the e2e journeys share: opening a page of the H5 build as a persona, screenshots into
 * test-output/, and the visible copy of a text (the pages before the current one stay in the DOM,
 * hidden).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BrowserSession } from './browser';

const OUT = path.resolve(__dirname, '../../test-output');

/** Opens `route` (e.g. /pages/index/index?x=1) as the person behind `openid`. */
export async function openAs(session: BrowserSession, page: Page, openid: string, route: string): Promise<void> {
  await page.goto(`${session.cloud.url}/`);
  await page.evaluate((id) => window.localStorage.setItem('hongling.devOpenid', id), openid);
  await page.goto(`${session.cloud.url}/app/#${route}`);
}

/** `shot(page, name)` writes test-output/e2e-<journey>-<name>.png of the whole page. */
export function screenshots(journey: string) {
  return async (page: Page, name: string): Promise<void> => {
    fs.mkdirSync(OUT, { recursive: true });
    await page.waitForTimeout(400); // let a page's slide-in finish before the picture
    await page.screenshot({ path: path.join(OUT, `e2e-${journey}-${name}.png`), fullPage: true });
  };
}

/** the pages before the current one stay in the DOM, hidden: act on what is visible */
export const visible = (page: Page, text: string) => page.locator(`text=${text} >> visible=true`).first();
