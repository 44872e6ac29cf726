import { describe, expect, it } from 'vitest';
import { cycleOf, cyclesFor, dueOf } from './care-cycle';

describe('care visit cycles (Asia/Shanghai days)', () => {
  it('uses the defaults of docs/rules.md#care-visits unless the community sets its own', () => {
    const d = cyclesFor([]);
    expect(d.get('elderly_alone')).toBe(7);
    expect(d.get('aged')).toBe(14);
    expect(d.get('low_income')).toBe(30);
    expect(d.get('disabled')).toBe(30);
    const own = cyclesFor([
      { careTag: 'aged', everyDays: 10 },
      { careTag: 'disabled', everyDays: null },
    ]);
    expect(own.get('aged')).toBe(10);
    expect(own.get('disabled')).toBeNull();
  });

  it('takes the shortest cycle of a person’s tags and ignores tags without one', () => {
    const c = cyclesFor([]);
    expect(cycleOf(['low_income', 'elderly_alone'], c)).toBe(7);
    expect(cycleOf(['left_behind_child'], c)).toBeNull();
    expect(cycleOf([], c)).toBeNull();
  });

  it('counts a weekly visit across a month end', () => {
    const p = { everyDays: 7, lastVisitOn: '2026-11-27', assignedOn: '2026-10-01' };
    expect(dueOf(p, '2026-12-03')).toEqual({ dueOn: '2026-12-04', status: 'ok' });
    expect(dueOf(p, '2026-12-04')).toEqual({ dueOn: '2026-12-04', status: 'due_today' });
    expect(dueOf(p, '2026-12-05')).toEqual({ dueOn: '2026-12-04', status: 'overdue' });
  });

  it('starts from the assignment day before the first visit, and reports nobody assigned', () => {
    expect(dueOf({ everyDays: 14, lastVisitOn: null, assignedOn: '2026-11-20' }, '2026-12-04')).toEqual({
      dueOn: '2026-12-04',
      status: 'due_today',
    });
    expect(dueOf({ everyDays: 14, lastVisitOn: null, assignedOn: null }, '2026-12-04')).toEqual({
      dueOn: null,
      status: 'unassigned',
    });
  });
});
