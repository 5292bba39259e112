/**
 * Timer triggers, as CloudBase runs them: source `wx_trigger`, no user, SCF's timer event, for the
 * trigger a function's `config.json` declares.
 *
 * - The scheduler runs each declared trigger on its cron (functions/cron.ts) by the local cloud's
 *   clock (clock.ts). It looks once a second, fires every run that fell due since it last looked
 *   and does not wait for a run to end (CloudBase invokes timers asynchronously). Shifting the clock
 *   fires none of the runs it jumps over: a test that moves time fires the trigger it wants by hand.
 *   It picks up functions and triggers as they are built, changed or removed.
 * - `POST /__localcloud/functions/<name>/timers/<trigger>` fires one by hand and answers its result;
 *   this works with the scheduler on or off (tests turn it off and fire by hand).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LocalClock } from '../clock';
import { sendJson } from '../http';
import type { FunctionRunner, HttpPart } from '../types';
import { parseCloudbaseCron, type CloudbaseCron } from './cron';
import { readFunctionConfig } from './function-config';

const ROUTE = /^\/__localcloud\/functions\/([A-Za-z0-9_-]{1,60})\/timers\/([^/]+)$/;
/** runs fired at most per trigger and look, should the clock or a cron ever ask for a flood */
const MAX_RUNS_PER_LOOK = 60;

/** SCF's timer event; `Message` is the trigger's custom argument, which config.json cannot set */
export function timerEvent(trigger: string, at: Date) {
  return { Type: 'Timer', TriggerName: trigger, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
}

export function createTimerControl(o: { runner: FunctionRunner; functionsDir: string; clock: LocalClock }): HttpPart {
  return async (req, res, url) => {
    const m = ROUTE.exec(url.pathname);
    if (!m || req.method !== 'POST') return false;
    const [, name, rawTrigger] = m;
    const trigger = decodeURIComponent(rawTrigger);
    const dir = path.join(o.functionsDir, name);
    const declared = fs.existsSync(path.join(dir, 'index.js')) && readFunctionConfig(dir).timers.some((t) => t.name === trigger);
    if (!declared) {
      sendJson(res, 404, { code: 'TRIGGER_NOT_FOUND', message: `函数 ${name} 没有声明定时触发器 ${trigger}` });
      return true;
    }
    const result = await o.runner.invoke(name, timerEvent(trigger, o.clock.now()), { source: 'wx_trigger' });
    if (result.ok) sendJson(res, 200, result.result);
    else sendJson(res, 502, { code: result.code, message: result.message });
    return true;
  };
}

export interface TimerScheduler {
  close(): void;
}

interface Scheduled {
  /** config.json's mtime and size: a change re-reads it */
  stamp: string;
  timers: { name: string; cron: CloudbaseCron }[];
}

export function startTimerScheduler(o: {
  runner: FunctionRunner;
  functionsDir: string;
  clock: LocalClock;
  log?: (line: string) => void;
}): TimerScheduler {
  const log = o.log ?? ((line: string) => process.stdout.write(`[localcloud] ${line}\n`));
  const known = new Map<string, Scheduled>();
  let lookedAt = o.clock.now().getTime();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  // a shifted clock skips the runs in between
  o.clock.onChange(() => (lookedAt = o.clock.now().getTime()));

  function scheduledOf(name: string): Scheduled | null {
    const dir = path.join(o.functionsDir, name);
    if (!fs.existsSync(path.join(dir, 'index.js'))) return null;
    let stamp = 'none';
    try {
      const st = fs.statSync(path.join(dir, 'config.json'));
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      // no config.json: no triggers
    }
    const cached = known.get(name);
    if (cached?.stamp === stamp) return cached;
    let scheduled: Scheduled = { stamp, timers: [] };
    try {
      scheduled = { stamp, timers: readFunctionConfig(dir).timers.map((t) => ({ name: t.name, cron: parseCloudbaseCron(t.cron) })) };
      for (const t of scheduled.timers) log(`timer ${name}/${t.name} scheduled`);
    } catch (err) {
      log(`timer of ${name} not scheduled: ${err instanceof Error ? err.message : String(err)}`);
    }
    known.set(name, scheduled);
    return scheduled;
  }

  function fire(name: string, trigger: string, at: Date): void {
    o.runner.invoke(name, timerEvent(trigger, at), { source: 'wx_trigger' }).then(
      (result) => {
        if (!result.ok) log(`timer ${name}/${trigger} at ${at.toISOString()} failed: ${result.code} ${result.message}`);
      },
      (err: unknown) => log(`timer ${name}/${trigger} at ${at.toISOString()} failed: ${String(err)}`),
    );
  }

  function look(): void {
    if (closed) return;
    const now = o.clock.now();
    const since = new Date(lookedAt);
    lookedAt = now.getTime();
    let names: string[] = [];
    try {
      names = fs.readdirSync(o.functionsDir);
    } catch {
      // no functions folder (yet)
    }
    for (const name of [...known.keys()]) if (!names.includes(name)) known.delete(name);
    for (const name of names) {
      const scheduled = scheduledOf(name);
      if (!scheduled) {
        known.delete(name);
        continue;
      }
      for (const t of scheduled.timers) {
        let runs = 0;
        for (let at = t.cron.nextAfter(since); at && at <= now && runs < MAX_RUNS_PER_LOOK; at = t.cron.nextAfter(at), runs += 1) {
          fire(name, t.name, at);
        }
      }
    }
    // next look just after the next whole second of real time (a shift keeps the sub-second phase)
    timer = setTimeout(look, 1005 - (Date.now() % 1000));
    timer.unref();
  }

  look();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
