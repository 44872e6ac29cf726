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
