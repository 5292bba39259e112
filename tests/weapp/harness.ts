/**
 * Runs pages of the compiled weapp build (`dist/`) in miniprogram-simulate (TOOLCHAIN.md): the
 * official wcc compiler renders Taro's templates, a `Page` shim turns each page into the
 * `Component` that miniprogram-simulate understands, and `wx` / `App` / `getApp` /
 * `getCurrentPages` are shimmed. `wx.cloud.callFunction` goes to whatever the test supplies
 * (the real functions through a local cloud); `wx.downloadFile` really downloads; the UI APIs the
 * app uses are recorded and succeed.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startSeededCloud, type SeededCloud } from '../e2e/seeded-cloud';

export const DIST = path.resolve(__dirname, '../../dist');

export type CallFunction = (name: string, data: unknown) => Promise<unknown>;

export interface WxCall {
  api: string;
  options: Record<string, unknown>;
}

/** What j-component hands back for a rendered component or one of its nodes. */
export interface SimNode {
  dom: HTMLElement;
  instance: Record<string, unknown>;
  querySelector(selector: string): SimNode | null;
  querySelectorAll(selector: string): SimNode[];
  dispatchEvent(event: string, detail?: Record<string, unknown>): void;
  attach(parent: HTMLElement): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimNode;
}

type PageOptions = Record<string, unknown> & {
  data?: Record<string, unknown>;
  onLoad?: (query: Record<string, string>) => void;
  onShow?: () => void;
  onReady?: () => void;
  onUnload?: () => void;
};

type AppOptions = Record<string, unknown> & { onLaunch?: (options: unknown) => void; onShow?: (options: unknown) => void };

export interface LoadedPage {
  /** the page as miniprogram-simulate renders it */
  root: SimNode;
  /** the page's own methods (what WeChat would call: onPullDownRefresh, onShareAppMessage, …) */
  page: Record<string, unknown>;
  text(): string;
  /** polls until the rendered text contains `expected` (rendering goes through setData, asynchronously) */
  waitForText(expected: string, timeoutMs?: number): Promise<string>;
  close(): void;
}

export interface Harness {
  /** every `wx.*` call other than `cloud.callFunction`, in order */
  wxCalls: WxCall[];
  /** the device's local storage (`wx.getStorageSync` / `wx.setStorageSync`) */
  storage: Map<string, unknown>;
  loadPage(route: string, query?: Record<string, string>): Promise<LoadedPage>;
}

const g = globalThis as unknown as Record<string, unknown>;

/** the `wx` APIs the app calls besides the cloud: recorded, and answered with success */
const RECORDED_APIS = [
  'makePhoneCall',
  'requestSubscribeMessage',
  'showToast',
  'hideToast',
  'showLoading',
  'hideLoading',
  'showModal',
  'startPullDownRefresh',
  'stopPullDownRefresh',
  'navigateTo',
  'redirectTo',
  'navigateBack',
  'switchTab',
  'reLaunch',
  'setNavigationBarTitle',
  'openDocument',
  'showShareMenu',
];

let downloads = 0;
/** `wx.downloadFile` for real: fetches the URL into a temp file (the test removes it) and answers as WeChat does */
function downloadFile(wxCalls: WxCall[]) {
  return (options: Record<string, unknown>) => {
    wxCalls.push({ api: 'downloadFile', options });
    const answer = (key: 'success' | 'fail', res: Record<string, unknown>) => {
      (options[key] as ((r: unknown) => void) | undefined)?.(res);
      (options.complete as ((r: unknown) => void) | undefined)?.(res);
    };
    // node's http: the jsdom environment has no fetch
    http
      .get(String(options.url), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const tempFilePath = path.join(os.tmpdir(), `hongling-wx-download-${process.pid}-${downloads++}`);
          fs.writeFileSync(tempFilePath, Buffer.concat(chunks));
          answer('success', { tempFilePath, statusCode: res.statusCode, errMsg: 'downloadFile:ok' });
        });
      })
      .on('error', (err) => answer('fail', { errMsg: `downloadFile:fail ${err.message}` }));
    // the DownloadTask Taro may hand progress callbacks to
    return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} };
  };
}

/**
 * What a harness may set for the device: WeChat's own base info (`wx.getAppBaseInfo`, e.g. the
 * text size `fontSizeScaleFactor`) and what local storage already holds.
 */
export interface DeviceOptions {
  appBaseInfo?: Record<string, unknown>;
  storage?: Record<string, unknown>;
}

// Taro promisifies the APIs it finds with Object.keys(wx), so the shim lists them as own properties.
function shimWx(callFunction: CallFunction, wxCalls: WxCall[], device: DeviceOptions, storage: Map<string, unknown>) {
  const wx: Record<string, unknown> = {
    cloud: {
      init() {},
      async callFunction({ name, data }: { name: string; data: unknown }) {
        return { result: await callFunction(name, data), errMsg: 'cloud.callFunction:ok' };
      },
    },
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2, SDKVersion: '3.7.0' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.7.0', language: 'zh_CN', version: '8.0.50', ...device.appBaseInfo }),
    // WeChat's storage keeps any JSON value; a missing key reads as ''
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    canIUse: () => true,
    downloadFile: downloadFile(wxCalls),
  };
  for (const api of RECORDED_APIS) {
    wx[api] = (options: Record<string, unknown> = {}) => {
      wxCalls.push({ api, options });
      const res = { errMsg: `${api}:ok` };
      (options.success as ((r: unknown) => void) | undefined)?.(res);
      (options.complete as ((r: unknown) => void) | undefined)?.(res);
    };
  }
  return wx;
}

/** polls `check` until it returns something truthy (WeChat renders and calls back asynchronously) */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Fresh globals and a fresh copy of the build for each harness: Jest ignores miniprogram-simulate's
 * own `require.cache` reset, so the caller must `jest.resetModules()` between harnesses.
 */
export function createHarness(callFunction: CallFunction, device: DeviceOptions = {}): Harness {
  const wxCalls: WxCall[] = [];
  const storage = new Map<string, unknown>(Object.entries(device.storage ?? {}));
  const pages: { route: string; options: Record<string, string>; page: Record<string, unknown> }[] = [];
  let app: AppOptions | undefined;

  g.wx = shimWx(callFunction, wxCalls, device, storage);
  g.App = (options: AppOptions) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages.map((p) => p.page);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulate = require('miniprogram-simulate') as Simulate;
  g.Page = (options: PageOptions) => {
    const { data, onLoad, onShow, onReady, onUnload, ...methods } = options;
    const entry = pages[pages.length - 1];
    (g.Component as (def: Record<string, unknown>) => void)({
      data,
      methods: { ...methods, onLoad, onShow, onReady, onUnload },
      lifetimes: {
        attached(this: Record<string, unknown>) {
          // WeChat page instances carry their route and query
          Object.assign(this, { route: entry.route, options: entry.options, __route__: entry.route });
          entry.page = this;
          onLoad?.call(this, entry.options);
          onShow?.call(this);
        },
        ready(this: Record<string, unknown>) {
          onReady?.call(this);
        },
        detached(this: Record<string, unknown>) {
          onUnload?.call(this);
        },
      },
    });
  };

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(DIST, 'app.js'));
  if (!app) throw new Error('dist/app.js did not call App(): is the weapp build in dist/?');
  app.onLaunch?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });
  app.onShow?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });

  return {
    wxCalls,
    storage,
    async loadPage(route, query = {}) {
      pages.push({ route, options: query, page: {} });
      const id = simulate.load(path.join(DIST, route), { compiler: 'official', rootPath: DIST });
      const root = simulate.render(id);
      const parent = document.createElement('div');
      document.body.appendChild(parent);
      root.attach(parent);
      const entry = pages[pages.length - 1];
      const text = () => root.dom.textContent ?? '';
      return {
        root,
        page: entry.page,
        text,
        waitForText(expected, timeoutMs) {
          return waitFor(() => text().includes(expected) && text(), `"${expected}"; the page shows: ${text().slice(0, 300)}`, timeoutMs);
        },
        close() {
          root.detach();
          parent.remove();
        },
      };
    },
  };
}

export interface SeededHarnesses {
  readonly cloud: SeededCloud;
  /** a fresh harness whose `wx.cloud.callFunction` reaches the seeded cloud as `openid` */
  harnessAs(openid: string, device?: DeviceOptions): Harness;
}

/** A seeded local cloud for the file's tests (started in `beforeAll`, closed in `afterAll`). */
export function seededHarnesses(): SeededHarnesses {
  let cloud: SeededCloud | undefined;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  }, 120_000);
  afterAll(() => cloud?.close());

  const running = (): SeededCloud => {
    if (!cloud) throw new Error('the seeded cloud is not running: use it inside tests or hooks');
    return cloud;
  };
  return {
    get cloud() {
      return running();
    },
    harnessAs(openid, device) {
      jest.resetModules();
      const seeded = running();
      return createHarness((name, data) => seeded.invoke(name, data, openid), device);
    },
  };
}
