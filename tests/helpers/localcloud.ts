/**
 * Test access to a real local cloud: a fresh server on a free port with its own temp data dir,
 * node-sdk pointed at it, and calls into our functions as a chosen WeChat user.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../tools/localcloud/server';
import type { Result } from '../../core/contracts/common';
import { adminApp, type CloudbaseApp } from '../../tools/localcloud/sdk';
import { devInvoke } from '../../tools/localcloud/dev-call';

export { adminApp, sdkEnv } from '../../tools/localcloud/sdk';

export interface TestCloud {
  cloud: LocalCloud;
  dataDir: string;
  /** node-sdk app with admin rights, as our functions get it */
  app: CloudbaseApp;
  /** calls `<fn>` with `{ action, data }` as the WeChat user `openid` (undefined: no user) */
  call<T = unknown>(action: string, data?: unknown, openid?: string): Promise<Result<T>>;
  /** the raw event, for tests of the envelope itself */
  invokeRaw(fn: string, event: unknown, openid?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hongling-${prefix}-`));
}

export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const dataDir = options.dataDir ?? tempDir('cloud');
  // tests fire timer triggers by hand unless they ask for the schedule
  const cloud = await startLocalCloud({ port: 0, devGateway: { h5Dir: null }, timers: 'manual', ...options, dataDir });
  const app = adminApp(cloud.adminUrl);

  const invokeRaw = (fn: string, event: unknown, openid?: string) => devInvoke(cloud.url, fn, event, openid);

  return {
    cloud,
    dataDir,
    app,
    invokeRaw,
    async call<T>(action: string, data?: unknown, openid?: string) {
      const { body } = await invokeRaw(action.split('.')[0], { action, data }, openid);
      return body as Result<T>;
    },
    async close() {
      await cloud.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Moves the local cloud's clock (and its functions' `now()`) `offsetMs` ahead of real time; 0 puts it back. */
export async function setClock(t: TestCloud, offsetMs: number): Promise<void> {
  const res = await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs }) });
  if (!res.ok) throw new Error(`the local cloud refused the clock: ${res.status}`);
}

/** The local cloud's counters: database requests per action, documents examined, plans, sequential round trips. */
export async function stats(t: TestCloud): Promise<Record<string, number>> {
  return (await (await fetch(`${t.cloud.url}/__localcloud/stats`)).json()) as Record<string, number>;
}
export async function resetStats(t: TestCloud): Promise<void> {
  await fetch(`${t.cloud.url}/__localcloud/stats/reset`, { method: 'POST' });
}
/** database requests, all kinds (transactions' start and commit included) */
export const roundTrips = (s: Record<string, number>) => Object.entries(s).filter(([k]) => k.startsWith('database.')).reduce((n, [, v]) => n + v, 0);
/** Answers every database request `ms` late (0: off), so concurrent requests overlap as on a network. */
export async function setLatency(t: TestCloud, ms: number): Promise<Response> {
  return fetch(`${t.cloud.url}/__localcloud/latency`, { method: 'POST', body: JSON.stringify({ ms }) });
}

/** The error code a call fails with (node-sdk's `TcbError.code`), or 'no error'. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'no error';
}

/**
 * A stand-in for a cloud started in `beforeAll`: its members reach the running one (`current()`
 * throws when none is), so it may be held at the top level of a test file.
 */
export function lazyCloud(current: () => TestCloud): TestCloud {
  return {
    get cloud() {
      return current().cloud;
    },
    get dataDir() {
      return current().dataDir;
    },
    get app() {
      return current().app;
    },
    call<T>(action: string, data?: unknown, openid?: string) {
      return current().call<T>(action, data, openid);
    },
    invokeRaw: (fn, event, openid) => current().invokeRaw(fn, event, openid),
    close: () => current().close(),
  };
}
