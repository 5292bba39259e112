/**
 * 限时办理: when a request's response or resolution limit runs out, in Asia/Shanghai.
 *
 * Working days are China's: official holidays are rest days and make-up workdays (调休, often a
 * Saturday or Sunday) are working days, from the `chinese-days` package's published data file
 * (`dist/chinese-days.json`, one entry per date), bundled into the function at build time and never
 * fetched at runtime. The data file is used rather than the package's `isWorkday()` because that
 * one mixes UTC and local-time getters (wrong west of UTC, and dependent on the server's zone);
 * here every date is a Shanghai calendar date, whatever zone the code runs in.
 *
 * How a limit counts (the convention of Chinese statutory periods: the day it starts is not
 * counted, the period ends at 24:00 of its last day):
 * - `workingDays: n` ends at 24:00 (Shanghai) of the n-th working day after the day it starts;
 * - `hours: n` (urgent requests) ends n hours later, around the clock, holidays included.
 */
import holidayData from 'chinese-days/dist/chinese-days.json';
import { dateOf } from '../points/periods';

export type TimeLimit = { workingDays: number } | { hours: number };

export interface Due {
  at: Date;
  /**
   * Years the count passed through for which the package has no holiday data: there every
   * Monday–Friday counted as a working day and nothing else did. The caller logs a warning.
   */
  assumedYears: number[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Shanghai has kept UTC+8 without daylight saving since 1991 */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

const restDays: Record<string, string> = holidayData.holidays;
const makeUpWorkdays: Record<string, string> = holidayData.workdays;

/**
 * The years the data covers. A year counts as covered when its Spring Festival is listed: every
 * year's State Council notice has one, while a date of the next year can appear in this year's
 * notice (e.g. a 元旦 that spills over), which must not make the next year look covered.
 */
const coveredYears = new Set(
  Object.entries(restDays)
    .filter(([, name]) => name.includes('春节'))
    .map(([date]) => Number(date.slice(0, 4))),
);

export function holidayDataCovers(year: number): boolean {
  return coveredYears.has(year);
}

/**
 * Whether a Shanghai calendar date (YYYY-MM-DD) is a working day.
 *
 * A year the package does not cover falls back to plain weekdays (and says so in `assumed`) rather
 * than failing: a deadline is a supervision aid, and refusing every new request on 1 January
 * because a package was not bumped in time would hurt residents far more than a deadline that is
 * a few days early around 元旦 or 春节. The fallback is never silent: `Due.assumedYears` carries it to
 * the caller's log, and `tests/unit/requests-deadlines.test.ts` fails once the current year is missing.
 */
export function workingDay(date: string): { working: boolean; assumed: boolean } {
  const year = Number(date.slice(0, 4));
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (!coveredYears.has(year)) return { working: !weekend, assumed: true };
  if (makeUpWorkdays[date]) return { working: true, assumed: false };
  return { working: !weekend && !restDays[date], assumed: false };
}

/** 00:00 in Shanghai of the day after `date` (YYYY-MM-DD): the instant that day ends. */
function endOfDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** When a limit that starts at `start` runs out. */
export function dueAt(start: Date, limit: TimeLimit): Due {
  if ('hours' in limit) {
    if (!(limit.hours > 0)) throw new RangeError(`a time limit needs a positive number of hours, got ${limit.hours}`);
    return { at: new Date(start.getTime() + limit.hours * HOUR_MS), assumedYears: [] };
  }
  if (!Number.isInteger(limit.workingDays) || limit.workingDays < 1) {
    throw new RangeError(`a time limit needs a whole number of working days ≥ 1, got ${limit.workingDays}`);
  }
  const assumed = new Set<number>();
  let date = dateOf(start);
  let left = limit.workingDays;
  while (left > 0) {
    date = nextDate(date);
    const day = workingDay(date);
    if (day.assumed) assumed.add(Number(date.slice(0, 4)));
    if (day.working) left -= 1;
  }
  return { at: endOfDay(date), assumedYears: [...assumed].sort() };
}
