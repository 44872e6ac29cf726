import { describe, expect, it } from 'vitest';
import { idempotencyFrom, stableJson } from './idempotency';

describe('the request hash under an Idempotency-Key', () => {
  it('writes JSON with sorted keys, undefined as null and a Buffer as its digest', () => {
    expect(stableJson({ b: 1, a: [{ d: 'x', c: null }, 2], e: undefined })).toBe(
      '{"a":[{"c":null,"d":"x"},2],"b":1,"e":null}',
    );
    expect(stableJson([undefined, 'π', true])).toBe('[null,"π",true]');
    // sha256("abc"), the FIPS 180-2 example.
    expect(stableJson({ f: Buffer.from('abc') })).toBe(
      '{"f":ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad}',
    );
    expect(stableJson({})).toBe('{}');
  });

  it('hashes method, route and body the same whatever the key order (stored hashes depend on it)', () => {
    // sha256, base64url, of the canonical text written out by hand:
    // POST /api/v1/mall/orders\n{"body":{"items":[{"productId":3,"quantity":1}]},"params":{},"query":{}}
    const want = 'POWHXAxIRj4Gh4q4ZiL6h8zA2yL_Ybh58P9BC1GFhQg';
    const a = idempotencyFrom('order-key-1', 'POST', '/api/v1/mall/orders', {
      params: {},
      query: {},
      body: { items: [{ productId: 3, quantity: 1 }] },
    });
    const b = idempotencyFrom('order-key-1', 'POST', '/api/v1/mall/orders', {
      body: { items: [{ quantity: 1, productId: 3 }] },
      query: {},
      params: {},
    });
    expect(a).toEqual({ key: 'order-key-1', requestHash: want });
    expect(b?.requestHash).toBe(want);
  });
});
