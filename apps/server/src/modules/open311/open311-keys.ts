import { createHash } from 'node:crypto';

/** The demo data's Open311 key for 三埠街道 (README); real keys are random and shown once. */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

/** Keys are stored as their SHA-256 only: a leaked table gives no usable key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
