import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from './crypto';

describe('PiiCipher.maskedPhone', () => {
  const cipher = new PiiCipher(randomBytes(32));

  it('shows the stored phone masked, the same each time it is asked', () => {
    const stored = cipher.encrypt('13800138000');
    expect(cipher.maskedPhone(stored)).toBe('138****8000');
    expect(cipher.maskedPhone(stored)).toBe('138****8000');
  });

  it('tells apart two people whose phones were stored under one key', () => {
    const a = cipher.encrypt('13911112222');
    const b = cipher.encrypt('13633334444');
    expect([cipher.maskedPhone(a), cipher.maskedPhone(b), cipher.maskedPhone(a)]).toEqual([
      '139****2222',
      '136****4444',
      '139****2222',
    ]);
  });

  it('gives null for no phone, and refuses a ciphertext it cannot open', () => {
    expect(cipher.maskedPhone(null)).toBeNull();
    expect(cipher.maskedPhone(undefined)).toBeNull();
    const other = new PiiCipher(randomBytes(32)).encrypt('13800138000');
    expect(() => cipher.maskedPhone(other)).toThrow();
  });

  it('stays correct past its memory (the oldest forgotten, decrypted again when asked)', () => {
    const first = cipher.encrypt('13700001111');
    expect(cipher.maskedPhone(first)).toBe('137****1111');
    for (let i = 0; i < 20_001; i++) cipher.maskedPhone(cipher.encrypt(`1350000${String(i).padStart(4, '0')}`));
    expect(cipher.maskedPhone(first)).toBe('137****1111');
  });
});
