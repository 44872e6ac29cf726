import { describe, expect, it } from 'vitest';
import { fitWithin } from './photo';
import { BACKOFF_MAX_MS, backoffMs, sentToDrop, verdictFor } from './policy';

describe('verdictFor', () => {
  it('retries network failures, server errors, timeouts and rate limits with the same key', () => {
    for (const s of [0, 500, 502, 503, 504, 408, 429]) expect(verdictFor(s)).toBe('retry');
  });
  it('marks other 4xx answers failed so they are not retried forever', () => {
    for (const s of [400, 403, 404, 409, 413, 415, 422]) expect(verdictFor(s)).toBe('failed');
  });
  it('waits for a new sign-in on 401', () => {
    expect(verdictFor(401)).toBe('signIn');
  });
});

describe('backoffMs', () => {
  it('doubles per attempt and stays within ±25 % of the step', () => {
    expect(backoffMs(1, 0.5)).toBe(2_000);
    expect(backoffMs(2, 0.5)).toBe(4_000);
    expect(backoffMs(3, 0)).toBe(6_000);
    expect(backoffMs(3, 0.999)).toBeLessThan(10_000);
  });
  it('is capped at five minutes (plus jitter)', () => {
    expect(backoffMs(40, 0.5)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(1000, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.25);
  });
});

describe('sentToDrop', () => {
  const now = 10 * 24 * 3600_000;
  it('keeps the newest sent items and every unsent one', () => {
    const items = [
      ...Array.from({ length: 25 }, (_, i) => ({ key: `s${i}`, state: 'sent', sentAt: now - i * 1000 })),
      { key: 'p', state: 'pending', sentAt: null },
      { key: 'f', state: 'failed', sentAt: null },
    ];
    const dropped = sentToDrop(items, now, 20).map((i) => i.key);
    expect(dropped).toEqual(['s20', 's21', 's22', 's23', 's24']);
  });
  it('drops sent items older than the age limit', () => {
    const items = [{ key: 'old', state: 'sent', sentAt: now - 4 * 24 * 3600_000 }];
    expect(sentToDrop(items, now).map((i) => i.key)).toEqual(['old']);
  });
});

describe('fitWithin', () => {
  it('shrinks a 12-megapixel photo to 1600 px on the long edge, keeping the ratio', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
  });
  it('never enlarges a small photo', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
