/** Activity times as the form picks them and people read them: Shanghai wall time (UTC+8 all year). */
import { dateOf, dateTime } from '../points/format';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 09:00 of an instant, Shanghai time */
export const timeOf = (at: string | number | Date) => new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);

/** `2026-12-05` and `09:00` picked in the form → `2026-12-05T09:00:00+08:00`, what the server takes */
export const instantOf = (date: string, time: string) => `${date}T${time}:00+08:00`;

/** 2026年12月5日 09:00–11:00 (the end's date too when it is another day) */
export function timeRange(startAt: string, endAt: string): string {
  return dateOf(startAt) === dateOf(endAt) ? `${dateTime(startAt)}–${timeOf(endAt)}` : `${dateTime(startAt)} 至 ${dateTime(endAt)}`;
}

/** The activity is today (Shanghai date), or going on now: attendees check in. */
export function isOnTheDay(a: { startAt: string; endAt: string }, now = Date.now()): boolean {
  return dateOf(now) === dateOf(a.startAt) || (now >= Date.parse(a.startAt) && now <= Date.parse(a.endAt));
}

/** The date `days` after today, Shanghai: the form's default day. */
export const daysFromToday = (days: number, now = Date.now()) => dateOf(now + days * 24 * 60 * 60 * 1000);
