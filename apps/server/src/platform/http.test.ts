import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { toErrorResponse } from './http';

/** A database error as Drizzle wraps it: the driver's error with its SQLSTATE as the cause. */
const dbError = (code: string, message: string) =>
  Object.assign(new Error(`Failed query: …`), { cause: Object.assign(new Error(message), { code }) });

describe('the error handler', () => {
  it('answers a deliberate refusal with its own code and status, unlogged', () => {
    expect(toErrorResponse(new AppError('SOLD_OUT'), 'en')).toMatchObject({
      status: 409,
      body: { error: { code: 'SOLD_OUT' } },
      log: false,
    });
  });

  it.each([
    ['a unique violation', dbError('23505', 'duplicate key value violates unique constraint "x"')],
    ['a check violation (the ledger balance)', dbError('23514', 'violates check constraint "balance_ck"')],
    ['the append-only trigger', dbError('P0001', 'audit_log is append-only')],
    ['a raised exception of a trigger in class 23', dbError('23000', 'postings of entry 7 do not sum to zero')],
    ['a data exception', dbError('22P02', 'invalid input syntax for type bigint')],
    ['a numeric overflow', dbError('22003', 'value out of range')],
    ['a SyntaxError from our code', new SyntaxError('Unexpected token')],
    ['a RangeError from our code', new RangeError('Invalid time value')],
  ])('turns %s nobody mapped into a logged 500, not a 4xx', (_what, err) => {
    expect(toErrorResponse(err, 'zh')).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } }, log: true });
  });
});
