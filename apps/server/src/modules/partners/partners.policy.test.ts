import { describe, expect, it } from 'vitest';
import { covers } from './partners.policy';

const agreement = {
  categories: ['lighting', 'power'],
  scopePath: '/1/2/3/',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
};

describe('an agreement covers a project', () => {
  it('when current, offering its category and serving where it is', () => {
    expect(covers(agreement, { category: 'lighting', path: '/1/2/3/9/' }, '2026-12-03')).toBe(true);
  });
  it('not for another category, another place or outside its period', () => {
    expect(covers(agreement, { category: 'elderly_care', path: '/1/2/3/9/' }, '2026-12-03')).toBe(false);
    expect(covers(agreement, { category: 'lighting', path: '/1/2/4/' }, '2026-12-03')).toBe(false);
    expect(covers(agreement, { category: 'lighting', path: '/1/2/3/' }, '2027-01-01')).toBe(false);
  });
});
