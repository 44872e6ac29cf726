import { z } from 'zod';
import { Id, Name } from './common';

/** A system allowed to use Open311 for one street (e.g. the city's 12345 hotline platform). */
export const Open311ClientView = z.object({
  id: z.number(),
  streetId: z.number(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type Open311ClientView = z.infer<typeof Open311ClientView>;
export const Open311ClientList = z.object({ items: z.array(Open311ClientView) });

export const IssueOpen311ClientRequest = z.object({ streetId: Id, name: Name(60) }).strict();
export type IssueOpen311ClientRequest = z.infer<typeof IssueOpen311ClientRequest>;

/** `key` is shown once, in the answer that created it; a replay of the same Idempotency-Key gives null. */
export const Open311ClientIssued = Open311ClientView.extend({ key: z.string().nullable() });
export type Open311ClientIssued = z.infer<typeof Open311ClientIssued>;
