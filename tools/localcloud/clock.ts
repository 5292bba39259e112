/**
 * The local cloud's clock: real time plus an offset that tests set, so a deadline sweep can be
 * tested days ahead. Functions see it through cloudfunctions/lib/clock.ts (the runner passes the
 * offset with every invocation) and timer triggers run on it. Storage URLs and the database keep
 * real time: nothing of ours stamps documents with `db.serverDate()`.
 *
 * `GET /__localcloud/clock` → `{ offsetMs, now }`; `POST /__localcloud/clock` `{ "offsetMs": N }`
 * sets the offset (not adds to it: a test sets 0 to go back), at most ten years either way.
 */
import { readBody, sendJson } from './http';
import type { HttpPart } from './types';

const MAX_OFFSET_MS = 10 * 366 * 86_400_000;

export interface LocalClock {
  now(): Date;
  offsetMs(): number;
  setOffset(ms: number): void;
  /** called after every change of the offset */
  onChange(listener: () => void): void;
}

export function createLocalClock(): LocalClock {
  let offset = 0;
  const listeners: (() => void)[] = [];
  return {
    now: () => new Date(Date.now() + offset),
    offsetMs: () => offset,
    setOffset(ms) {
      offset = ms;
      for (const l of listeners) l();
    },
    onChange: (listener) => void listeners.push(listener),
  };
}

export function createClockControl(clock: LocalClock): HttpPart {
  return async (req, res, url) => {
    if (url.pathname !== '/__localcloud/clock') return false;
    if (req.method === 'GET') {
      sendJson(res, 200, { offsetMs: clock.offsetMs(), now: clock.now().toISOString() });
      return true;
    }
    if (req.method !== 'POST') return false;
    let ms = NaN;
    try {
      ms = Number((JSON.parse((await readBody(req)).toString('utf8')) as { offsetMs?: unknown }).offsetMs);
    } catch {
      // answered below as a bad parameter
    }
    if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_OFFSET_MS) {
      sendJson(res, 400, { code: 'INVALID_PARAM', message: 'offsetMs 必须是整数毫秒，前后不超过十年' });
      return true;
    }
    clock.setOffset(ms);
    sendJson(res, 200, { offsetMs: ms, now: clock.now().toISOString() });
    return true;
  };
}
