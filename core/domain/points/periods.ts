/**
 * Periods of the points scheme — month, quarter, year — as calendar periods in Asia/Shanghai,
 * whatever the server's own time zone.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { PeriodType } from '../../contracts/points';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TIME_ZONE = 'Asia/Shanghai';

/** 2026-11 */
export type MonthKey = string;

export interface Period {
  type: PeriodType;
  /** 2026-11, 2026-Q4 or 2026 */
  key: string;
}

function local(at: Date | string | number) {
  return dayjs(at).tz(TIME_ZONE);
}

/** The month an instant falls in, on the Shanghai calendar. */
export function monthOf(at: Date | string | number): MonthKey {
  return local(at).format('YYYY-MM');
}

/** The Shanghai wall-clock time (YYYY-MM-DD HH:mm) of an instant. */
export function minuteOf(at: Date | string | number): string {
  return local(at).format('YYYY-MM-DD HH:mm');
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function dateOf(at: Date | string | number): string {
  return local(at).format('YYYY-MM-DD');
}

export function periodType(key: string): PeriodType {
  if (/^\d{4}$/.test(key)) return 'year';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(key)) return 'month';
  throw new Error(`not a period key: ${key}`);
}

export function quarterOfMonth(month: MonthKey): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

/** The month, quarter and year keys a month counts towards. */
export function periodsOfMonth(month: MonthKey): Record<PeriodType, string> {
  return { month, quarter: quarterOfMonth(month), year: month.slice(0, 4) };
}

/** The period of the given type containing the month. */
export function periodOfMonth(month: MonthKey, type: PeriodType): string {
  return periodsOfMonth(month)[type];
}

/** The months of a period, in order. */
export function monthsOf(key: string): MonthKey[] {
  const type = periodType(key);
  const year = key.slice(0, 4);
  const first = type === 'quarter' ? (Number(key.slice(6)) - 1) * 3 + 1 : type === 'month' ? Number(key.slice(5)) : 1;
  const count = type === 'year' ? 12 : type === 'quarter' ? 3 : 1;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** Start (inclusive) and end (exclusive) of a period as instants. */
export function boundsOf(key: string): { start: Date; end: Date } {
  const months = monthsOf(key);
  const start = dayjs.tz(`${months[0]}-01 00:00:00`, TIME_ZONE);
  const end = dayjs.tz(`${months[months.length - 1]}-01 00:00:00`, TIME_ZONE).add(1, 'month');
  return { start: start.toDate(), end: end.toDate() };
}

/** 2026年11月, 2026年第4季度, 2026年度 */
export function periodLabel(key: string): string {
  const type = periodType(key);
  if (type === 'year') return `${key}年度`;
  if (type === 'quarter') return `${key.slice(0, 4)}年第${key.slice(6)}季度`;
  return `${key.slice(0, 4)}年${Number(key.slice(5))}月`;
}

export function describePeriod(key: string): { key: string; type: PeriodType; label: string } {
  return { key, type: periodType(key), label: periodLabel(key) };
}

/** Has the period begun by `now`? */
export function hasStarted(key: string, now: Date): boolean {
  return boundsOf(key).start.getTime() <= now.getTime();
}
