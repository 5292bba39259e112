/**
 * Timer triggers, fired by hand: `POST /__localcloud/functions/<name>/timers/<trigger>` runs the
 * function as CloudBase's timer would — source `wx_trigger`, no user, SCF's timer event — provided
 * its `config.json` declares that trigger. (Running them on their cron schedule is not built yet.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { sendJson } from '../http';
import type { FunctionRunner, HttpPart } from '../types';
import { readFunctionConfig } from './function-config';

const ROUTE = /^\/__localcloud\/functions\/([A-Za-z0-9_-]{1,60})\/timers\/([^/]+)$/;

export function createTimerControl(o: { runner: FunctionRunner; functionsDir: string }): HttpPart {
  return async (req, res, url) => {
    const m = ROUTE.exec(url.pathname);
    if (!m || req.method !== 'POST') return false;
    const [, name, trigger] = m;
    const dir = path.join(o.functionsDir, name);
    const declared = fs.existsSync(path.join(dir, 'index.js')) && readFunctionConfig(dir).timers.some((t) => t.name === decodeURIComponent(trigger));
    if (!declared) {
      sendJson(res, 404, { code: 'TRIGGER_NOT_FOUND', message: `函数 ${name} 没有声明定时触发器 ${trigger}` });
      return true;
    }
    // SCF's timer event; `Message` is the trigger's custom argument, which config.json cannot set
    const event = { Type: 'Timer', TriggerName: decodeURIComponent(trigger), Time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
    const result = await o.runner.invoke(name, event, { source: 'wx_trigger' });
    if (result.ok) sendJson(res, 200, result.result);
    else sendJson(res, 502, { code: result.code, message: result.message });
    return true;
  };
}
