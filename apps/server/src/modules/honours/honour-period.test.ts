import { describe, expect, it } from 'vitest';
import { periodOf, quotaOf } from './honour-period';

describe('honour periods', () => {
  it('reads quarters and years in Asia/Shanghai, end exclusive', () => {
    expect(periodOf('star', '2026-Q3')).toEqual({
      start: new Date('2026-06-30T16:00:00Z'),
      end: new Date('2026-09-30T16:00:00Z'),
      startDay: '2026-07-01',
      endDay: '2026-10-01',
    });
    expect(periodOf('star', '2026-Q4').endDay).toBe('2027-01-01');
    expect(periodOf('beauty', '2026')).toMatchObject({ startDay: '2026-01-01', endDay: '2027-01-01' });
  });
  it('refuses a year for star captains and a quarter for most beautiful captains', () => {
    expect(() => periodOf('star', '2026')).toThrow('HONOUR_PERIOD_KIND');
    expect(() => periodOf('beauty', '2026-Q1')).toThrow('HONOUR_PERIOD_KIND');
  });
  it('rounds a quota up: 30 % of 10 is 3, 5 % of 10 is 1, 30 % of 7 is 3', () => {
    expect([quotaOf(10, 30), quotaOf(10, 5), quotaOf(7, 30), quotaOf(0, 30)]).toEqual([3, 1, 3, 0]);
  });
});
