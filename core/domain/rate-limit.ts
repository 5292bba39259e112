/**
 * Fixed-window rate limits, pure: which window an instant falls in (windows are aligned to
 * midnight Asia/Shanghai, so a one-day window is a calendar day there) and what to tell a person
 * who is over the limit.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

const TIME_ZONE = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 3600_000; // no daylight saving since 1991
const MINUTE_MS = 60_000;

export interface Window {
  /** Shanghai wall clock of the window's start, YYYYMMDDHHmm: part of the counter's key */
  label: string;
  start: Date;
  end: Date;
}

export function windowOf(now: Date, windowMinutes: number): Window {
  const size = windowMinutes * MINUTE_MS;
  const startMs = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / size) * size - SHANGHAI_OFFSET_MS;
  return { label: dayjs(startMs).tz(TIME_ZONE).format('YYYYMMDDHHmm'), start: new Date(startMs), end: new Date(startMs + size) };
}

function per(windowMinutes: number): string {
  if (windowMinutes % (24 * 60) === 0) return windowMinutes === 24 * 60 ? '每天' : `每 ${windowMinutes / (24 * 60)} 天`;
  if (windowMinutes % 60 === 0) return windowMinutes === 60 ? '每小时' : `每 ${windowMinutes / 60} 小时`;
  return `每 ${windowMinutes} 分钟`;
}

/** When to try again, as a person reads it: in a few minutes, at a time today, tomorrow or on a date. */
export function whenAgain(end: Date, now: Date): string {
  const minutes = Math.ceil((end.getTime() - now.getTime()) / MINUTE_MS);
  if (minutes <= 10) return `${Math.max(minutes, 1)} 分钟后`;
  const at = dayjs(end).tz(TIME_ZONE);
  const today = dayjs(now).tz(TIME_ZONE).startOf('day');
  const days = at.startOf('day').diff(today, 'day');
  const time = at.format('HH:mm');
  if (days === 0) return `在 ${time} 后`;
  if (days === 1) return time === '00:00' ? '明天' : `在明天 ${time} 后`;
  return `在 ${at.format('M月D日 HH:mm')} 后`;
}

/** e.g. 操作太频繁：查看电话号码每小时最多 20 次，请在 14:05 后再试 */
export function rateLimitedMessage(what: string, limit: { count: number; windowMinutes: number }, end: Date, now: Date): string {
  const when = whenAgain(end, now);
  return `操作太频繁：${what}${per(limit.windowMinutes)}最多 ${limit.count} 次，请${/^\d/.test(when) ? ' ' : ''}${when}再试`;
}
