import { describe, expect, it } from 'vitest';
import { attendedHours, lengthHours } from './volunteering.policy';

const a = { startsAt: new Date('2026-12-05T01:00:00Z'), endsAt: new Date('2026-12-05T04:00:00Z') };

describe('service hours', () => {
  it('count from the start when checked in early, to the check-out', () => {
    expect(
      attendedHours(a, {
        checkedInAt: new Date('2026-12-05T00:40:00Z'),
        checkedOutAt: new Date('2026-12-05T02:30:00Z'),
      }),
    ).toBe(1.5);
  });
  it('run to the end without a check-out, and never past it', () => {
    expect(attendedHours(a, { checkedInAt: new Date('2026-12-05T02:00:00Z'), checkedOutAt: null })).toBe(2);
    expect(
      attendedHours(a, {
        checkedInAt: new Date('2026-12-05T01:00:00Z'),
        checkedOutAt: new Date('2026-12-05T06:00:00Z'),
      }),
    ).toBe(3);
  });
  it('are at most the activity length', () => {
    expect(lengthHours(a)).toBe(3);
  });
});
