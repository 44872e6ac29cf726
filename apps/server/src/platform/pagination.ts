import { AppError } from './errors';

/** Cursors are opaque to clients: the last id of the page, base64url-encoded. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`i:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^i:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'cursor', message: 'not a cursor we issued' }] });
  return Number(m[1]);
}

/** A sort key's values: numbers (ids, ranks), or instants as ISO text ('infinity' for none). */
export type KeyValue = number | string;
export type KeyShape = 'number' | 'time';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * A cursor for a list sorted by something other than its id: the sort's name and the last row's sort key
 * (ending with its id, the tie-breaker), base64url-encoded JSON. A cursor of another sort is refused, since
 * a cursor belongs to the query that produced it.
 */
export function encodeKeyCursor(sort: string, key: readonly KeyValue[]): string {
  return Buffer.from(`k:${JSON.stringify([sort, ...key])}`).toString('base64url');
}

export function decodeKeyCursor(cursor: string, sort: string, shape: readonly KeyShape[]): KeyValue[] {
  const bad = () =>
    new AppError('VALIDATION_FAILED', { fields: [{ path: 'cursor', message: 'not a cursor we issued' }] });
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:')) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(2));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== sort) throw bad();
  const key = parsed.slice(1) as unknown[];
  key.forEach((v, i) => {
    const ok =
      shape[i] === 'number'
        ? typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
        : typeof v === 'string' && (v === 'infinity' || (ISO.test(v) && !Number.isNaN(Date.parse(v))));
    if (!ok) throw bad();
  });
  return key as KeyValue[];
}
