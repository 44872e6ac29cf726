import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  daysInMonth,
  formatLastDay,
  formatShanghaiDate,
  formatShanghaiDateTime,
  formatShanghaiDay,
  formatShanghaiShort,
  lastShanghaiDayBefore,
  parseShanghaiLocal,
  shanghaiDateParts,
  shanghaiDay,
  shanghaiIso,
  shanghaiMidnight,
  shanghaiMonth,
  shanghaiYmd,
  startOfShanghaiDay,
} from './shanghai';

// Expected values are worked out by hand: Shanghai = UTC + 8 hours, all year.
describe('Asia/Shanghai time', () => {
  it('turns the day at 16:00 UTC, across a month end and a year end', () => {
    expect(shanghaiDay(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(shanghaiDay(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(shanghaiDay('2026-12-31T15:59:59.999Z')).toBe('2026-12-31');
    expect(shanghaiDay('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(shanghaiMonth('2026-12-31T16:00:00Z')).toBe('2027-01');
    expect(shanghaiMonth('2026-12-31T15:00:00Z')).toBe('2026-12');
    expect(shanghaiDateParts('2026-12-31T16:30:00Z')).toEqual({ year: 2027, month: 1, day: 1 });
    expect(shanghaiYmd('2026-12-31T16:30:00Z')).toBe('20270101');
  });

  it('knows leap days', () => {
    expect(shanghaiDay('2028-02-28T16:00:00Z')).toBe('2028-02-29');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2027, 2)).toBe(28);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('counts calendar days across a year end', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(daysBetween('2026-12-25', '2027-01-08')).toBe(14);
    expect(daysBetween('2027-01-08', '2026-12-25')).toBe(-14);
  });

  it('finds the instant a Shanghai day or month day begins', () => {
    expect(startOfShanghaiDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(shanghaiMidnight(2026, 12, 1).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // Day 32 of December is the first of January.
    expect(shanghaiMidnight(2026, 12, 32).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(lastShanghaiDayBefore(new Date('2026-12-31T16:00:00Z'))).toBe('2026-12-31');
  });

  it('writes and reads Shanghai wall-clock text', () => {
    expect(shanghaiIso(new Date('2026-12-31T16:05:09Z'))).toBe('2027-01-01T00:05:09+08:00');
    expect(parseShanghaiLocal('2026-12-31 23:59:59')?.toISOString()).toBe('2026-12-31T15:59:59.000Z');
    expect(parseShanghaiLocal('2027-01-01')?.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parseShanghaiLocal('yesterday')).toBeNull();
    expect(formatShanghaiDateTime('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05');
    expect(formatShanghaiDateTime(null)).toBe('—');
    expect(formatShanghaiDateTime('not a time')).toBe('not a time');
    expect(formatShanghaiDate('2026-11-30T16:00:00Z')).toBe('2026-12-01');
  });
});

describe('dates as people read them', () => {
  const now = '2026-12-03T02:00:00Z'; // 12月3日 10:00 in Shanghai
  it('says month and day in Shanghai, the year only outside the current one', () => {
    // 21:40 UTC on 2 Dec is 05:40 on 3 Dec in Shanghai, whatever the device's zone.
    expect(formatShanghaiShort('2026-12-02T21:40:30Z', 'zh-CN', now)).toBe('12月3日 05:40');
    expect(formatShanghaiShort('2026-12-02T21:40:30Z', 'en', now)).toBe('Dec 3, 05:40');
    expect(formatShanghaiShort('2025-12-31T15:59:00Z', 'zh-CN', now)).toBe('2025年12月31日 23:59');
    expect(formatShanghaiShort('2025-12-31T16:00:00Z', 'zh-CN', now)).toBe('1月1日 00:00');
    expect(formatShanghaiDay('2025-03-09T04:00:00Z', 'en', now)).toBe('Mar 9, 2025');
    expect(formatShanghaiShort(null)).toBe('—');
  });
  it('shows a window by its last day, not its exclusive end', () => {
    // A window open until 12月8日 00:00 Shanghai (= 7 Dec 16:00 UTC) ends on 12月7日.
    expect(formatLastDay('2026-12-07T16:00:00Z', 'zh-CN', now)).toBe('12月7日');
    expect(formatLastDay('2026-12-07T16:00:00Z', 'en', now)).toBe('Dec 7');
  });
});
