import { describe, expect, it } from 'vitest';
import { currentOccurrence, shanghaiDay, startOfShanghaiDay } from './chore-occurrence';

describe('chore occurrences (Asia/Shanghai days)', () => {
  it('counts days in Shanghai time, not UTC', () => {
    expect(shanghaiDay(new Date('2026-11-01T16:30:00Z'))).toBe('2026-11-02');
    expect(startOfShanghaiDay('2026-11-02').toISOString()).toBe('2026-11-01T16:00:00.000Z');
  });

  it('gives the week an instant falls in, due when the week ends', () => {
    const p = { recurrence: 'weekly' as const, startsOn: '2026-11-02', endsOn: null };
    expect(currentOccurrence(p, new Date('2026-11-01T15:59:59Z'))).toBeNull();
    expect(currentOccurrence(p, new Date('2026-11-08T15:59:59Z'))).toEqual({
      occurrence: '2026-11-02',
      dueAt: new Date('2026-11-08T16:00:00Z'),
    });
    expect(currentOccurrence(p, new Date('2026-11-08T16:00:00Z'))?.occurrence).toBe('2026-11-09');
  });

  it('ends a recurring publication at its last day and caps the due time there', () => {
    const p = { recurrence: 'weekly' as const, startsOn: '2026-11-02', endsOn: '2026-11-11' };
    expect(currentOccurrence(p, new Date('2026-11-10T02:00:00Z'))).toEqual({
      occurrence: '2026-11-09',
      dueAt: new Date('2026-11-11T16:00:00Z'),
    });
    expect(currentOccurrence(p, new Date('2026-11-12T02:00:00Z'))).toBeNull();
  });

  it('keeps a one-off chore for a week, daily ones for a day', () => {
    const once = { recurrence: 'once' as const, startsOn: '2026-11-02', endsOn: null };
    expect(currentOccurrence(once, new Date('2026-11-05T02:00:00Z'))?.occurrence).toBe('2026-11-02');
    expect(currentOccurrence(once, new Date('2026-11-09T16:00:00Z'))).toBeNull();
    const daily = { recurrence: 'daily' as const, startsOn: '2026-11-02', endsOn: null };
    expect(currentOccurrence(daily, new Date('2026-11-05T02:00:00Z'))).toEqual({
      occurrence: '2026-11-05',
      dueAt: new Date('2026-11-05T16:00:00Z'),
    });
  });
});
