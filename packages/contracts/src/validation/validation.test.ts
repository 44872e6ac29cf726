import { describe, expect, it } from 'vitest';
import { idCheckChar, isValidChinaId, normaliseChinaId } from './china-id';
import { maskChinaId, maskPhone } from './mask';
import { isValidPhone, normalisePhone } from './phone';

describe('China ID numbers', () => {
  it('accepts the GB 11643 worked example', () => {
    expect(isValidChinaId('11010519491231002X')).toBe(true);
  });
  it('rejects a wrong check character', () => {
    expect(isValidChinaId('110105194912310021')).toBe(false);
  });
  it('rejects an impossible birth date', () => {
    const first17 = '44078319900230123';
    expect(isValidChinaId(first17 + idCheckChar(first17))).toBe(false);
  });
  it('normalises a lower-case x', () => {
    expect(isValidChinaId(normaliseChinaId('11010519491231002x'))).toBe(true);
  });
});

describe('phones and masks', () => {
  it('normalises +86 and spaces', () => {
    expect(normalisePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('12812345678')).toBe(false);
    expect(isValidPhone('0750-2212345')).toBe(true);
  });
  it('masks phones and IDs as the spec shows', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskChinaId('440783199001011234')).toBe('4407**********1234');
  });
});
