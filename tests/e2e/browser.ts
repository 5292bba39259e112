/**
 * Chromium against a seeded local cloud (seeded-cloud.ts), one of each per test file: Debian's
 * chromium at /usr/bin/chromium with a throwaway profile, a phone-sized Chinese-locale window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startSeededCloud, type SeededCloud } from './seeded-cloud';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's chromium on the profile directory `profile` (fresh: nothing cached), phone-sized, in Chinese. */
export function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 414, height: 896 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
}

export interface BrowserSession {
  readonly cloud: SeededCloud;
  readonly context: BrowserContext;
}

/**
 * Starts the cloud and the browser in `beforeAll` and closes both in `afterAll`; the session's
 * members are there inside tests and hooks. `seed: false`: an empty database, as a new environment.
 */
export function seededBrowser({ seed = true } = {}): BrowserSession {
  let cloud: SeededCloud | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    cloud = await startSeededCloud({ seed });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hongling-chromium-'));
    context = await launchChromium(profile);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await cloud?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('the browser session is not running: use it inside tests or hooks');
    return value;
  };
  return {
    get cloud() {
      return started(cloud);
    },
    get context() {
      return started(context);
    },
  };
}
