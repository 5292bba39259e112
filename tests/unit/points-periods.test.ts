import fc from 'fast-check';
import { boundsOf, dateOf, monthOf, monthsOf, periodLabel, periodType, periodsOfMonth, quarterOfMonth } from '../../core/domain/points/periods';

describe('periods in Asia/Shanghai', () => {
  it('puts an instant in the Shanghai month, not the UTC one', () => {
    // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Shanghai
    expect(monthOf(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01');
    expect(monthOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12');
    expect(dateOf(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });

  it('crosses quarter and year boundaries', () => {
    expect(periodsOfMonth('2026-03')).toEqual({ month: '2026-03', quarter: '2026-Q1', year: '2026' });
    expect(periodsOfMonth(monthOf(new Date('2026-03-31T16:00:00Z')))).toEqual({ month: '2026-04', quarter: '2026-Q2', year: '2026' });
    expect(periodsOfMonth(monthOf(new Date('2026-12-31T16:00:00Z')))).toEqual({ month: '2027-01', quarter: '2027-Q1', year: '2027' });
  });

  it('has bounds at Shanghai midnight', () => {
    expect(boundsOf('2026-Q4')).toEqual({ start: new Date('2026-09-30T16:00:00Z'), end: new Date('2026-12-31T16:00:00Z') });
    expect(boundsOf('2027')).toEqual({ start: new Date('2026-12-31T16:00:00Z'), end: new Date('2027-12-31T16:00:00Z') });
    expect(boundsOf('2026-02').end).toEqual(new Date('2026-02-28T16:00:00Z'));
  });

  it('labels periods in Chinese', () => {
    expect(periodLabel('2026-11')).toBe('2026年11月');
    expect(periodLabel('2026-Q4')).toBe('2026年第4季度');
    expect(periodLabel('2026')).toBe('2026年度');
    expect(periodType('2026-Q2')).toBe('quarter');
  });

  it('every instant lies within the bounds of its month, quarter and year', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
        const month = monthOf(at);
        for (const key of Object.values(periodsOfMonth(month))) {
          const { start, end } = boundsOf(key);
          expect(start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(at.getTime()).toBeLessThan(end.getTime());
          expect(monthsOf(key)).toContain(month);
        }
        expect(quarterOfMonth(month)).toBe(`${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5)) - 1) / 3) + 1}`);
      }),
    );
  });
});
