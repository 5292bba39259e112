/**
 * H5 first-screen benchmark (`npm run bench:h5`): Debian's chromium (as the e2e tests launch it)
 * against a seeded local cloud serving `dist-h5/` (as `npm start` does), as one demo persona.
 *
 * What is measured, each time on the page's own clock (`performance.timeOrigin + performance.now()`),
 * so Node's polling adds nothing to a figure:
 *   - first screen: from the `click` event on the persona's button on the dev login page (`/`) to the
 *     first animation frame after every element of the home page that only backend data renders is
 *     in the DOM (seen by a MutationObserver installed before any page script runs). The login page
 *     navigates to `/app/`; both documents share the clock through `performance.timeOrigin`.
 *   - each tab (服务, 积分, 我的), tapped for the first time after the home page: from the tap's `click`
 *     event to the first frame after that page's data elements are in the DOM.
 * Each cold run is a new browser on a new profile (empty HTTP cache, nothing in storage but the
 * persona the login page stores); the function instances of the local cloud stay warm, except in
 * the first run, which is reported on its own. The warm case re-enters from `/` in one browser, with
 * the app's files in its HTTP cache.
 * Also: the JS/CSS files of `dist-h5/` (raw and gzip level 6) and what the first screen loads.
 * The functions are built first (as `npm start` does); the function bundles and the H5 build are
 * measured from copies, so a build meanwhile neither changes what is measured nor restarts the
 * function instances (the local cloud retires instances of a rebuilt bundle).
 * Options: `--runs N` (default 20), `--persona OPENID` (default demo-leader).
 * Not a test: it reports whether the ≤ 1 s target is met and exits 0 either way; it exits 1 when a
 * page never shows its data, shows an error, or throws.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { buildFunctions, FUNCTIONS_DIR, functionNames } from '../../tools/build-functions';
import { launchChromium } from '../e2e/browser';
import { startSeededCloud } from '../e2e/seeded-cloud';
import { personas } from '../../tools/seed/personas';
import { pct } from './percentile';

const ROOT = path.resolve(__dirname, '../..');
const H5_DIR = path.join(ROOT, 'dist-h5');
const TARGET_MS = 1000;
const WAIT_MS = 15_000;

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 20);
const PERSONA = personas.find((p) => p.openid === (arg('persona') ?? 'demo-leader'));

/** a page's container in Taro's H5 router (its id is the route and a query: `/pages/index/index?stamp=AA`) */
const pageEl = (route: string) => `.taro_page[id^="/${route}"]`;

/**
 * The elements each page renders only from backend data (see the pages in `src/pages/`), for a
 * bound persona: the first screen is complete when all of a page's are in the DOM.
 */
const DATA = {
  'home.me': `${pageEl('pages/index/index')} .home__greeting`, // account.me
  'home.publication': `${pageEl('pages/index/index')} .pt-pub`, // points.publication.list (asked for with account.me)
  // notices.list (asked for with account.me): the feed's rows, or its empty line
  'home.notices': `${pageEl('pages/index/index')} .nt-row, ${pageEl('pages/index/index')} .nt-feed__empty`,
  services: `${pageEl('pages/services/index')} .entry`, // account.me
  'points.me': `${pageEl('pages/points/index')} .entry`, // account.me
  'points.publication': `${pageEl('pages/points/index')} .pt-pub`, // points.publication.list
  mine: `${pageEl('pages/mine/index')} .mine__person`, // account.me
} as const;
type DataKey = keyof typeof DATA;
/** a leader's 积分 tab also shows their balance (points.balance) */
const LEADER_POINTS = { 'points.balance': `${pageEl('pages/points/index')} .pt-stat__value` };

const HOME: DataKey[] = ['home.me', 'home.publication', 'home.notices'];
const TABS: { label: string; keys: string[] }[] = [
  { label: '服务', keys: ['services'] },
  { label: '积分', keys: ['points.me', 'points.publication', ...(PERSONA?.role === 'leader' ? Object.keys(LEADER_POINTS) : [])] },
  { label: '我的', keys: ['mine'] },
];

/**
 * Runs in every document before its scripts (plain JS: tsx's helpers must not leak into the page).
 * Records, on the page's clock, the last click and the first frame in which each watched element
 * (and any error alert of the app's StatusView) is in the DOM.
 */
const OBSERVER = `(() => {
  const watched = ${JSON.stringify({ ...DATA, ...LEADER_POINTS })};
  const bench = (window.__bench = { click: null, inserted: {}, shown: {}, alert: null });
  addEventListener('click', () => {
    bench.click = performance.now();
    sessionStorage.setItem('hongling.bench.clickAt', String(performance.timeOrigin + bench.click));
  }, true);
  const check = () => {
    for (const key in watched) {
      if (bench.inserted[key] === undefined && document.querySelector(watched[key])) {
        bench.inserted[key] = performance.now();
        requestAnimationFrame(() => { bench.shown[key] = performance.now(); });
      }
    }
    const alert = bench.alert === null && document.querySelector('[role=alert]');
    if (alert) bench.alert = alert.textContent;
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

interface Bench {
  click: number | null;
  inserted: Record<string, number>;
  shown: Record<string, number>;
  alert: string | null;
}

class BenchError extends Error {}

/** Waits until all `keys` are shown (or an error is), in the page's own record; never by Node's clock. */
async function waitShown(page: Page, keys: string[], what: string): Promise<Bench> {
  try {
    await page.waitForFunction(
      (ks) => {
        const b = (window as unknown as { __bench: Bench }).__bench;
        return b.alert !== null || ks.every((k) => b.shown[k] !== undefined);
      },
      keys,
      { timeout: WAIT_MS, polling: 50 },
    );
  } catch {
    const missing = await page.evaluate((ks) => ks.filter((k) => (window as unknown as { __bench: Bench }).__bench.shown[k] === undefined), keys).catch(() => keys);
    const text = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
    throw new BenchError(`${what}: no data shown within ${WAIT_MS / 1000} s — missing ${missing.map((k) => `${k} (${selectorOf(k)})`).join(', ')}; the page shows: «${text}»`);
  }
  const bench = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
  if (bench.alert !== null) throw new BenchError(`${what}: the page shows an error: «${bench.alert}»`);
  return bench;
}

const selectorOf = (key: string) => ({ ...DATA, ...LEADER_POINTS })[key as DataKey];
const shownAt = (b: Bench, keys: string[]) => Math.max(...keys.map((k) => b.shown[k]));

interface Entry {
  name: string;
  type: string;
  start: number;
  end: number;
}
interface FirstScreen {
  /** click → home's account.me data shown, and → everything on the home page shown (ms) */
  me: number;
  full: number;
  /** click → this document's navigation start; the document's resources, relative to the click */
  navStart: number;
  domContentLoaded: number;
  entries: Entry[];
}

/** From the persona's click on `/` to the home page's data, in `page` (already on `/`). */
async function firstScreen(page: Page): Promise<FirstScreen> {
  if (!PERSONA) throw new BenchError('unknown persona');
  await page.locator('button.persona', { hasText: PERSONA.name }).click();
  const bench = await waitShown(page, HOME, `首页 as ${PERSONA.label}`);
  const t = await page.evaluate(() => ({
    clickAt: Number(sessionStorage.getItem('hongling.bench.clickAt')),
    origin: performance.timeOrigin,
    domContentLoaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
  }));
  if (!t.clickAt) throw new BenchError('the persona click was not recorded on the login page');
  const zero = t.clickAt - t.origin; // the click on this document's clock
  return {
    me: bench.shown['home.me'] - zero,
    full: shownAt(bench, HOME) - zero,
    navStart: -zero,
    domContentLoaded: t.domContentLoaded - zero,
    entries: await resources(page, zero),
  };
}

/** The document's requests (resource timing) since `zero` on its clock, in ms after `zero`. */
async function resources(page: Page, zero: number): Promise<Entry[]> {
  const all = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
      name: new URL(r.name).pathname,
      type: r.initiatorType,
      start: r.startTime,
      end: r.responseEnd,
    })),
  );
  return all.filter((e) => e.start >= zero).map((e) => ({ ...e, start: e.start - zero, end: e.end - zero }));
}

interface Tab {
  /** the tap → its data shown (ms), and the requests it made */
  shown: number;
  entries: Entry[];
}

/** Taps a tab the first time this session. */
async function tab(page: Page, label: string, keys: string[]): Promise<Tab> {
  await page.locator('.weui-tabbar__item', { hasText: label }).click();
  const bench = await waitShown(page, keys, `tab ${label}`);
  if (bench.click === null) throw new BenchError(`tab ${label}: the tap was not recorded`);
  return { shown: shownAt(bench, keys) - bench.click, entries: await resources(page, bench.click) };
}

async function withBrowser<T>(use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hongling-bench-h5-'));
  const context = await launchChromium(profile);
  const errors: string[] = [];
  try {
    await context.addInitScript(OBSERVER);
    context.on('weberror', (e) => errors.push(e.error().message));
    context.on('response', async (r) => {
      if (!r.url().includes('/dev/functions/')) return;
      const body = (await r.json().catch(() => null)) as { ok?: boolean; error?: { code: string; message: string } } | null;
      if (r.status() !== 200 || body?.ok !== true) errors.push(`${new URL(r.url()).pathname} answered ${r.status()} ${JSON.stringify(body?.error ?? body)}`);
    });
    const result = await use(context).catch((err: unknown) => {
      if (err instanceof BenchError && errors.length) err.message += `; before that: ${errors.join('; ')}`;
      throw err;
    });
    if (errors.length) throw new BenchError(`errors in the page: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

interface ColdRun {
  first: FirstScreen;
  tabs: Tab[];
}

async function coldRun(url: string): Promise<ColdRun> {
  return withBrowser(async (context) => {
    const page = await context.newPage();
    await page.goto(`${url}/`);
    const first = await firstScreen(page);
    const tabs: Tab[] = [];
    for (const t of TABS) tabs.push(await tab(page, t.label, t.keys));
    return { first, tabs };
  });
}

/** The same browser re-entering from the login page: the app's files come from its HTTP cache. */
async function warmRuns(url: string, n: number): Promise<number[]> {
  return withBrowser(async (context) => {
    const page = await context.newPage();
    const ms: number[] = [];
    for (let i = 0; i <= n; i++) {
      await page.goto(`${url}/`);
      const { full } = await firstScreen(page);
      if (i > 0) ms.push(full); // the first fills the cache
    }
    return ms;
  });
}

interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

function bundleSizes(root: string): FileSize[] {
  const out: FileSize[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|css)$/.test(e.name)) {
        const data = fs.readFileSync(p);
        out.push({ file: path.relative(root, p), raw: data.length, gzip: zlib.gzipSync(data, { level: 6 }).length });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => b.raw - a.raw);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${Math.round(n)} ms`;
const p50p95 = (xs: number[]) => `${ms(pct(xs, 50))} / ${ms(pct(xs, 95))}`;
const medianOf = (xs: number[]) => pct(xs, 50);

const requestLines = (entries: Entry[]) =>
  [...entries]
    .sort((a, b) => a.start - b.start)
    .map((e) => `  ${String(Math.round(e.start)).padStart(5)} → ${String(Math.round(e.end)).padStart(5)} ms  ${e.type.padEnd(8)} ${e.name}`);
const medianRun = <T>(xs: T[], by: (x: T) => number) => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)];

/** Where the time goes: phase medians of the first screen, and the requests of each median run. */
function waterfall(runs: ColdRun[], firstRun: ColdRun): string[] {
  const firsts = runs.map((r) => r.first);
  const isCall = (e: Entry) => e.name.startsWith('/dev/functions/');
  const isAsset = (e: Entry) => /\.(js|css)$/.test(e.name);
  const phase = (f: (r: FirstScreen) => number) => ms(medianOf(firsts.map(f)));
  const lastAsset = (r: FirstScreen) => Math.max(...r.entries.filter(isAsset).map((e) => e.end));
  const firstCall = (r: FirstScreen) => Math.min(...r.entries.filter(isCall).map((e) => e.start));
  const lastCall = (r: FirstScreen) => Math.max(...r.entries.filter(isCall).map((e) => e.end));
  const median = medianRun(firsts, (r) => r.full);
  const fonts = median.entries.filter((e) => /\.(woff2?|ttf|otf)$/.test(e.name)).length;
  const lines = [
    'phases of the first screen (medians of the cold runs, ms after the click):',
    `  navigation to /app/ starts      ${phase((r) => r.navStart)}`,
    `  DOMContentLoaded                ${phase((r) => r.domContentLoaded)}`,
    `  last JS/CSS file loaded         ${phase(lastAsset)}`,
    `  first function call sent        ${phase(firstCall)}`,
    `  account.me data shown           ${phase((r) => r.me)}`,
    `  last function call answered     ${phase(lastCall)}`,
    `  all home data shown             ${phase((r) => r.full)}`,
    `requests of the median first screen (${ms(median.full)}; fonts: ${fonts}), ms after the click:`,
    ...requestLines(median.entries),
  ];
  const slowest = firsts.reduce((a, b) => (b.full > a.full ? b : a));
  if (slowest !== median) lines.push(`requests of the slowest first screen (${ms(slowest.full)}):`, ...requestLines(slowest.entries));
  TABS.forEach((t, i) => {
    const m = medianRun(runs.map((r) => r.tabs[i]), (x) => x.shown);
    lines.push(`requests of the median tap on ${t.label} (${ms(m.shown)}), ms after the tap:`, ...requestLines(m.entries));
  });
  lines.push(`requests of the first screen right after the local cloud started, function instances cold (${ms(firstRun.first.full)}):`, ...requestLines(firstRun.first.entries));
  return lines;
}

async function main(): Promise<void> {
  if (!PERSONA) throw new BenchError(`unknown persona ${arg('persona')}: one of ${personas.map((p) => p.openid).join(', ')}`);
  if (PERSONA.role === 'visitor') throw new BenchError('choose a bound persona: a visitor sees no data');
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new BenchError('dist-h5/index.html missing: run `npm run build:h5` first');
  if (!fs.existsSync('/usr/bin/chromium')) throw new BenchError('/usr/bin/chromium missing: `apt-get install -y chromium`');
  if (!(RUNS >= 1)) throw new BenchError('--runs must be a positive number');

  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadBefore = load();
  console.log(`H5 benchmark: ${RUNS} cold runs as ${PERSONA.label} ${PERSONA.name}, ${os.cpus().length} cores, load average ${loadBefore}`);
  await buildFunctions();
  const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'hongling-bench-h5-build-'));
  const h5Dir = path.join(copies, 'dist-h5');
  const functionsDir = path.join(copies, 'cloudfunctions');
  const cold: ColdRun[] = [];
  const measure = async () => {
    fs.cpSync(H5_DIR, h5Dir, { recursive: true });
    for (const name of functionNames()) {
      const from = path.join(FUNCTIONS_DIR, name);
      fs.cpSync(from, path.join(functionsDir, name), { recursive: true, filter: (p) => path.relative(from, p).split(path.sep)[0] !== 'src' });
    }
    const sizes = bundleSizes(h5Dir);
    const cloud = await startSeededCloud({ h5Dir, functionsDir });
    try {
      const firstRun = await coldRun(cloud.url); // the local cloud's function instances start cold here
      for (let i = 0; i < RUNS; i++) {
        cold.push(await coldRun(cloud.url));
        process.stdout.write(`\r  cold run ${i + 1}/${RUNS}: first screen ${ms(cold[i].first.full)}   `);
      }
      process.stdout.write('\n');
      return { sizes, firstRun, warm: await warmRuns(cloud.url, RUNS) };
    } finally {
      await cloud.close();
    }
  };
  const { sizes, firstRun, warm } = await measure().finally(() => fs.rmSync(copies, { recursive: true, force: true }));
  const loadAfter = load();

  const firsts = cold.map((r) => r.first.full);
  const met = pct(firsts, 50) <= TARGET_MS && pct(firsts, 95) <= TARGET_MS;
  const total = sizes.reduce((s, f) => ({ raw: s.raw + f.raw, gzip: s.gzip + f.gzip }), { raw: 0, gzip: 0 });
  const loaded = new Set(cold[0].first.entries.map((e) => e.name.replace(/^\/app\//, '')));
  const first = sizes.filter((f) => loaded.has(f.file.split(path.sep).join('/')));
  const firstTotal = first.reduce((s, f) => ({ raw: s.raw + f.raw, gzip: s.gzip + f.gzip }), { raw: 0, gzip: 0 });

  console.log('');
  for (const line of waterfall(cold, firstRun)) console.log(line);
  console.log('');
  console.log(`| H5, ${PERSONA.label}, localhost (median / p95 of ${RUNS} runs) | measured | target |`);
  console.log('| --- | --- | --- |');
  console.log(`| persona chosen → 首页 data shown (new browser each run) | ${p50p95(firsts)} | ≤ 1 s — ${met ? 'met' : '**not met**'} |`);
  console.log(`| … of which → the greeting (\`account.me\`) shown | ${p50p95(cold.map((r) => r.first.me))} | — |`);
  TABS.forEach((t, i) => console.log(`| tap ${t.label} (first time) → its data shown | ${p50p95(cold.map((r) => r.tabs[i].shown))} | — |`));
  console.log(`| persona chosen → 首页 data shown, files in the browser's cache | ${p50p95(warm)} | — |`);
  console.log(`| first run after the local cloud started (cold function instances): 首页 / 服务 / 积分 / 我的 | ${[firstRun.first.full, ...firstRun.tabs.map((t) => t.shown)].map(ms).join(' / ')} | — |`);
  console.log(`| \`dist-h5\` JS + CSS: ${sizes.length} files, raw / gzip | ${kb(total.raw)} / ${kb(total.gzip)} | — |`);
  console.log(`| loaded by the first screen: ${first.length} JS/CSS files, raw / gzip | ${kb(firstTotal.raw)} / ${kb(firstTotal.gzip)} | — |`);
  for (const f of sizes.slice(0, 5)) console.log(`| largest: \`${f.file.split(path.sep).join('/').replace(/\.[0-9a-f]{8,}\./, '.')}\`, raw / gzip | ${kb(f.raw)} / ${kb(f.gzip)} | — |`);
  console.log('');
  console.log(`load average (1/5/15 min) before / after: ${loadBefore} / ${loadAfter} on ${os.cpus().length} cores`);
  console.log(`first screen ≤ ${TARGET_MS} ms (median and p95): ${met ? 'met' : 'NOT met'}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof BenchError ? `bench:h5 failed: ${err.message}` : err);
  process.exit(1);
});
