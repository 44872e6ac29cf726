import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskPhone } from '@louzhang/contracts';

/** How many masked phones `maskedPhone` remembers (a few MB at most; the oldest go first). */
const MASKED_MEMO_SIZE = 20_000;

/**
 * Personal data at rest (docs/rules.md#personal-data): AES-256-GCM with a random 96-bit nonce per value, and an HMAC
 * "blind index" so exact lookups (a phone at login, a duplicate ID number at import, a care-tag filter)
 * work without decrypting. Both keys are derived from one master key with HKDF.
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  /** Ciphertext → its masked phone: only what any reader allowed to see the phone is shown, never the phone. */
  private readonly masked = new Map<string, string>();

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'louzhang/pii/enc/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'louzhang/pii/index/v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Bytes at rest (an uploaded registry file): a version byte, the nonce, the tag, the ciphertext. */
  encryptBytes(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), ct]);
  }

  decryptBytes(stored: Buffer): Buffer {
    if (stored[0] !== 1) throw new Error('unknown ciphertext version');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, stored.subarray(1, 13));
    decipher.setAuthTag(stored.subarray(13, 29));
    return Buffer.concat([decipher.update(stored.subarray(29)), decipher.final()]);
  }

  /** Deterministic keyed hash; `kind` separates namespaces so a phone's index never equals an ID's. */
  blindIndex(kind: 'phone' | 'id' | 'tag' | 'sms', value: string): string {
    return createHmac('sha256', this.macKey).update(`${kind}:${value}`).digest('base64url').slice(0, 32);
  }

  encryptOptional(v: string | null | undefined): string | null {
    return v ? this.encrypt(v) : null;
  }
  decryptOptional(v: string | null | undefined): string | null {
    return v ? this.decrypt(v) : null;
  }

  /**
   * A stored phone as it is shown (`138****5678`), remembered by its ciphertext: a list or an answer shows
   * the same people's phones again and again, and decrypting is the costliest part of presenting one
   * (each value has its own nonce, so a ciphertext names one stored value). Whether the caller may see
   * the phone is the caller's decision, as with `decrypt`.
   */
  maskedPhone(stored: string): string;
  maskedPhone(stored: string | null | undefined): string | null;
  maskedPhone(stored: string | null | undefined): string | null {
    if (!stored) return null;
    const known = this.masked.get(stored);
    if (known !== undefined) return known;
    const shown = maskPhone(this.decrypt(stored));
    if (this.masked.size >= MASKED_MEMO_SIZE) this.masked.delete(this.masked.keys().next().value as string);
    this.masked.set(stored, shown);
    return shown;
  }
}

/**
 * The master key: from configuration when given; otherwise kept in the data folder, created on first
 * start with owner-only permissions (the embedded default of docs/rules.md#personal-data).
 */
export function loadMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}
