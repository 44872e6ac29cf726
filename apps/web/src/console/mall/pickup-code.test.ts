import { describe, expect, it } from 'vitest';
import { codeFrom } from './pickup-code';

describe('codeFrom', () => {
  it('keeps a bare code as typed or scanned, trimmed', () => {
    expect(codeFrom('  K7M2QX9P ')).toBe('K7M2QX9P');
    expect(codeFrom('k7m2-qx9p')).toBe('k7m2-qx9p');
  });

  it('reads the code out of a link in the QR', () => {
    expect(codeFrom('https://lz.example.cn/m/pickup?code=K7M2QX9P')).toBe('K7M2QX9P');
    expect(codeFrom('https://lz.example.cn/m/pickup/K7M2QX9P')).toBe('K7M2QX9P');
  });

  it('gives nothing for blank input', () => {
    expect(codeFrom('   ')).toBe('');
  });
});
