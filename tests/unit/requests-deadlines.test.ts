import fc from 'fast-check';
import { isWorkday } from 'chinese-days';
import { dueAt, holidayDataCovers, workingDay } from '../../core/domain/requests/deadlines';
import { dateOf } from '../../core/domain/points/periods';

/** an instant given as Shanghai wall-clock time */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('working-day deadlines (Asia/Shanghai, official holidays and 调休)', () => {
  it('skips 国庆 2026 (1–7 October)', () => {
    // Wednesday 30 September, 1 working day: 1–7 October are rest days, Thursday 8 October is next
    expect(dueAt(sh('2026-09-30T10:00:00'), { workingDays: 1 })).toEqual({ at: sh('2026-10-09T00:00:00'), assumedYears: [] });
    // Monday 28 September, 5 working days: 29, 30 Sep, 8, 9 Oct and the make-up Saturday 10 Oct
    expect(dueAt(sh('2026-09-28T09:00:00'), { workingDays: 5 }).at).toEqual(sh('2026-10-11T00:00:00'));
    // filed on a holiday: the count starts after it
    expect(dueAt(sh('2026-10-03T15:00:00'), { workingDays: 2 }).at).toEqual(sh('2026-10-10T00:00:00'));
  });

  it('counts a weekend make-up workday (调休) as a working day', () => {
    expect(workingDay('2026-10-10')).toEqual({ working: true, assumed: false }); // Saturday
    expect(workingDay('2026-09-20')).toEqual({ working: true, assumed: false }); // Sunday
    // Friday 9 October, 1 working day: Saturday 10 October is a working day
    expect(dueAt(sh('2026-10-09T16:00:00'), { workingDays: 1 }).at).toEqual(sh('2026-10-11T00:00:00'));
    // Saturday 19 September, 1 working day: the make-up Sunday 20 September
    expect(dueAt(sh('2026-09-19T11:00:00'), { workingDays: 1 }).at).toEqual(sh('2026-09-21T00:00:00'));
  });

  it('skips an ordinary weekend', () => {
    // Friday 6 November 2026 → Monday 9 November
    expect(dueAt(sh('2026-11-06T17:30:00'), { workingDays: 1 }).at).toEqual(sh('2026-11-10T00:00:00'));
  });

  it('takes the day in Shanghai, not in UTC', () => {
    // 23:30 on Friday 9 October in Shanghai is still the 9th: the make-up Saturday is next
    expect(dueAt(new Date('2026-10-09T15:30:00Z'), { workingDays: 1 }).at).toEqual(sh('2026-10-11T00:00:00'));
    // 00:30 on Saturday 10 October in Shanghai (still the 9th in UTC): Monday 12 October is next
    expect(dueAt(new Date('2026-10-09T16:30:00Z'), { workingDays: 1 }).at).toEqual(sh('2026-10-13T00:00:00'));
  });

  it('counts urgent limits in hours around the clock, holidays included', () => {
    expect(dueAt(sh('2026-10-01T10:00:00'), { hours: 2 })).toEqual({ at: sh('2026-10-01T12:00:00'), assumedYears: [] });
    expect(dueAt(sh('2026-10-03T22:00:00'), { hours: 24 }).at).toEqual(sh('2026-10-04T22:00:00'));
  });

  it('refuses limits that are not a positive count', () => {
    expect(() => dueAt(new Date(), { workingDays: 0 })).toThrow(RangeError);
    expect(() => dueAt(new Date(), { workingDays: 1.5 })).toThrow(RangeError);
    expect(() => dueAt(new Date(), { hours: 0 })).toThrow(RangeError);
  });

  it('reads the package data as the package itself does, for every day of the covered years', () => {
    // the package's own isWorkday mixes UTC and local getters, so it is right only in zones at or east
    // of UTC (this project's tests run in Asia/Shanghai) — the reason deadlines.ts reads the data file
    for (let year = 2024; year <= 2026; year += 1) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        expect([date, workingDay(date).working]).toEqual([date, isWorkday(date)]);
      }
    }
  });

  it('falls back to Monday–Friday for a year without data, and says so', () => {
    expect(holidayDataCovers(2099)).toBe(false);
    // 2099-01-01 is a Thursday: in reality surely 元旦, here a working day, flagged as assumed
    expect(workingDay('2099-01-01')).toEqual({ working: true, assumed: true });
    expect(workingDay('2099-01-03')).toEqual({ working: false, assumed: true }); // Saturday
    // Wednesday 31 December 2098, 3 working days: Thu 1, Fri 2, Mon 5 January 2099
    expect(dueAt(sh('2098-12-31T10:00:00'), { workingDays: 3 })).toEqual({ at: sh('2099-01-06T00:00:00'), assumedYears: [2099] });
  });

  it('ends at the close of the n-th working day after the start, whatever the start', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 20 }),
        (start, n) => {
          const { at, assumedYears } = dueAt(start, { workingDays: n });
          expect(assumedYears).toEqual([]);
          // `at` is a Shanghai midnight; the last day counted is the one before it
          expect(dateOf(at.getTime() - 1)).not.toBe(dateOf(at));
          const last = dateOf(at.getTime() - 1);
          expect(workingDay(last).working).toBe(true);
          let counted = 0;
          for (let d = dateOf(start); d !== last; ) {
            d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
            if (workingDay(d).working) counted += 1;
          }
          expect(counted).toBe(n);
        },
      ),
    );
  });

  /**
   * The yearly guard. It reads today's date, so a green commit can turn red on 1 January with no
   * change of its own — deliberately: from that day every deadline around 元旦 and 春节 is wrong in
   * production too, and the fix is one line (bump chinese-days, README "Working days"). A guard
   * that already fails in December for next year is not used: the State Council's notice and the
   * package's release come out some time in November or December, and CI would block every
   * unrelated change until a release that nobody here can hurry.
   */
  it('has holiday data for the current year', () => {
    const year = Number(dateOf(new Date()).slice(0, 4));
    expect({ year, covered: holidayDataCovers(year) }).toEqual({ year, covered: true });
  });
});
