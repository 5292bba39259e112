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
  const cloud = await startLocalCloud({ port: 0, devGateway: { h5Dir: null }, ...options, dataDir });
  const app = adminApp(cloud.adminUrl);

  async function invokeRaw(fn: string, event: unknown, openid?: string) {
    const res = await fetch(`${cloud.url}/dev/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-dev-openid': openid } : {}) },
      body: JSON.stringify(event),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

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
