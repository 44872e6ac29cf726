import { describe, expect, it } from 'vitest';
import { Id, IdParam } from './common';

describe('ids', () => {
  it('takes a JSON id only as a positive integer number', () => {
    expect(Id.parse(16)).toBe(16);
    for (const bad of ['16', [17], true, 16.5, 0, -1, null, '0x10', ' 16 ', 2 ** 53]) {
      expect(Id.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('reads an id in a path or query string strictly as decimal digits', () => {
    expect(IdParam.parse('16')).toBe(16);
    for (const bad of ['0x10', ' 16 ', '16.0', '1e3', '+16', '016', '-1', '0', '', '99999999999999999999', '16abc']) {
      expect(IdParam.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
