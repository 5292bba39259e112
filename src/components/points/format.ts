/** Dates and periods as people in China read them (Asia/Shanghai, UTC+8 all year). */
import type { PeriodType } from '@core/contracts/points';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 2026-11-05T14:30 (Shanghai wall time) of an instant. */
function wall(at: string | number | Date): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString();
}

/** 2026-11-05 */
export const dateOf = (at: string | number | Date) => wall(at).slice(0, 10);

/** 2026年11月5日 14:30 */
export function dateTime(at: string | number | Date): string {
  const w = wall(at);
  return `${Number(w.slice(0, 4))}年${Number(w.slice(5, 7))}月${Number(w.slice(8, 10))}日 ${w.slice(11, 16)}`;
}

/** 11月5日 */
export function shortDate(at: string | number | Date): string {
  const w = wall(at);
  return `${Number(w.slice(5, 7))}月${Number(w.slice(8, 10))}日`;
}

/** The period of each type that contains `now`: 2026-11, 2026-Q4, 2026. */
export function currentPeriod(type: PeriodType, now: number = Date.now()): string {
  const month = wall(now).slice(0, 7);
  if (type === 'month') return month;
  if (type === 'year') return month.slice(0, 4);
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
}

/** The period before: 2026-11 → 2026-10, 2026-Q1 → 2025-Q4, 2026 → 2025. */
export function previousPeriod(key: string): string {
  const year = Number(key.slice(0, 4));
  if (key.length === 4) return String(year - 1);
  if (key[5] === 'Q') {
    const q = Number(key.slice(6));
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  const m = Number(key.slice(5));
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** +5 / -3 */
export const signed = (points: number) => (points > 0 ? `+${points}` : String(points));

export const PERIOD_TABS: { type: PeriodType; label: string }[] = [
  { type: 'month', label: '本月' },
  { type: 'quarter', label: '本季度' },
  { type: 'year', label: '本年' },
];
