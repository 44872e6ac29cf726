import { describe, expect, it } from 'vitest';
import { newPickupCode, normalisePickupCode, windowAt } from './mall-window';

describe('windowAt (Asia/Shanghai)', () => {
  it('opens at 00:00 Shanghai time on the first day, which is 16:00 UTC the day before', () => {
    const w = windowAt(new Date('2026-11-30T16:00:00Z'));
    expect(w.month).toBe('2026-12');
    expect(w.isOpen).toBe(true);
    expect(w.opensAt.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });

  it('is closed a second before opening and from the end of the last day', () => {
    expect(windowAt(new Date('2026-11-30T15:59:59Z')).isOpen).toBe(false);
    expect(windowAt(new Date('2026-11-30T15:59:59Z')).month).toBe('2026-11');
    expect(windowAt(new Date('2026-12-07T15:59:59Z')).isOpen).toBe(true);
    expect(windowAt(new Date('2026-12-07T16:00:00Z')).isOpen).toBe(false);
  });

  it('follows configured days and crosses the year', () => {
    const w = windowAt(new Date('2027-01-10T03:00:00Z'), { windowStartDay: 10, windowEndDay: 12 });
    expect(w).toMatchObject({ month: '2027-01', isOpen: true });
    expect(windowAt(new Date('2027-01-09T15:00:00Z'), { windowStartDay: 10, windowEndDay: 12 }).isOpen).toBe(false);
  });
});

describe('windowAt to the end of the month', () => {
  it('closes with the month when the end day is past its last day (February, 30-day months)', () => {
    const feb = windowAt(new Date('2027-02-28T10:00:00Z'), { windowStartDay: 22, windowEndDay: 31 });
    expect(feb).toMatchObject({ month: '2027-02', isOpen: true });
    expect(feb.closesAt.toISOString()).toBe('2027-02-28T16:00:00.000Z'); // 3月1日 00:00 Shanghai
    const nov = windowAt(new Date('2026-11-30T15:59:59Z'), { windowStartDay: 1, windowEndDay: 31 });
    expect(nov).toMatchObject({ month: '2026-11', isOpen: true });
    expect(windowAt(new Date('2026-12-31T15:00:00Z'), { windowStartDay: 1, windowEndDay: 31 }).isOpen).toBe(true);
  });
});

describe('pick-up codes', () => {
  it('are 8 typeable characters and survive case, spaces and dashes', () => {
    const code = newPickupCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `;
    expect(normalisePickupCode(typed)).toBe(code);
    expect(normalisePickupCode('O0I1L000')).toBeNull();
    expect(normalisePickupCode('ABC')).toBeNull();
  });
});
