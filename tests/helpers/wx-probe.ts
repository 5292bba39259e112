/**
 * A local cloud whose only function is the wx-probe fixture (tests/fixtures/wx-probe), bundled with
 * the real lib, and calls into it as the function runner makes them (one instance per concurrent call).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppErrorBody } from '../../core/contracts/common';
import { startTestCloud, tempDir, type TestCloud } from './localcloud';
import { wxControl, type WxControl } from './wx';
import { buildFixtureFunction } from './fixture-function';


export type ProbeAnswer<T> = ({ ok: true } & T) | { ok: false; error: AppErrorBody };

export interface WxProbeCloud {
  t: TestCloud;
  wx: WxControl;
  /** one invocation of the probe; `pid` is the instance that ran it */
  probe<T>(event: Record<string, unknown>): Promise<ProbeAnswer<T> & { pid: number }>;
  close(): Promise<void>;
}

export async function startWxProbeCloud(): Promise<WxProbeCloud> {
  const functionsDir = tempDir('wx-probe');
  await buildFixtureFunction('wx-probe', functionsDir, 'wxprobe');
  fs.writeFileSync(path.join(functionsDir, 'wxprobe', 'config.json'), JSON.stringify({ timeout: 20 }));
  const t = await startTestCloud({ functionsDir });
  return {
    t,
    wx: wxControl(t.cloud.url),
    async probe<T>(event: Record<string, unknown>) {
      const { status, body } = await t.invokeRaw('wxprobe', event);
      if (status !== 200) throw new Error(`wxprobe: HTTP ${status} ${JSON.stringify(body)}`);
      return body as ProbeAnswer<T> & { pid: number };
    },
    async close() {
      await t.close();
      fs.rmSync(functionsDir, { recursive: true, force: true });
    },
  };
}
