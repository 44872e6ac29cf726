import { z } from 'zod';
import { hasInvisibleControls, hasLoneSurrogate } from '../validation/text';

/** Database ids are positive integers, JSON numbers in bodies: `"16"`, `[17]`, `true`, `16.5` are refused. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/**
 * An id in a path or query string: plain decimal digits only (no sign, spaces, `0x10`, `16.0` or `1e3`),
 * then the same bounds as `Id`.
 */
export const IdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a decimal id')
  .transform(Number)
  .pipe(Id);
export const IdParams = z.object({ id: IdParam }).strict();

/** Text people type: trimmed, no control characters, no lone surrogates (never silently replaced), bounded. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'control characters are not allowed')
    .refine((s) => !hasLoneSurrogate(s), 'not valid Unicode text (a lone surrogate)');

/** A name (of a person, a place, goods): Text, not empty, without bidi overrides or zero-width characters. */
export const Name = (max: number) =>
  Text(max)
    .pipe(z.string().min(1))
    .refine((s) => !hasInvisibleControls(s), 'bidi control or zero-width characters are not allowed in names');

export const Limit = z.coerce.number().int().min(1).max(200).default(50);
export const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/);

export const PageQuery = z.object({ cursor: Cursor.optional(), limit: Limit });

/** Counting stops here: beyond it a list says "more than 10,000" (超过 10,000 条). */
export const COUNT_CAP = 10_000;
/**
 * How many rows a list's filters match, on its first page (null on later pages, which keep the first
 * page's figure): exact up to COUNT_CAP; `totalCapped` when there are more.
 */
export const ListTotal = z.object({ total: z.number().int().nullable(), totalCapped: z.boolean() });
export type ListTotal = z.infer<typeof ListTotal>;

export function page<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** The request's id, also in the X-Request-Id header and every log line about it. */
    requestId: z.string().optional(),
  }),
});

export const HealthJob = z.object({
  name: z.string(),
  everySeconds: z.number(),
  runs: z.number().int(),
  failures: z.number().int(),
  lastStartedAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lagSeconds: z.number().nullable(),
});

/**
 * The read replica (DATABASE_REPLICA_URL), present only when one is configured: whether lag-tolerant reads
 * go to it, its replay lag at the last check, and why its reads are on the primary while they are.
 */
export const HealthReplica = z.object({
  inUse: z.boolean(),
  lagSeconds: z.number().nullable(),
  reason: z.enum(['down', 'lagging', 'not_checked']).nullable(),
});

/**
 * `ok`: the database answers and no job is failing or late. `degraded`: the database answers but a
 * job's last run failed or it is more than three intervals late, or the read replica is down or lags
 * beyond its bound (its reads then go to the primary) — still 200: the instance serves.
 * `down`: the database does not answer (503, so a load balancer takes the instance out).
 */
export const Health = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  db: z.enum(['pglite', 'postgres']),
  dbOk: z.boolean(),
  dbLatencyMs: z.number().nullable(),
  version: z.string(),
  jobsRunning: z.boolean(),
  jobs: z.array(HealthJob),
  replica: HealthReplica.optional(),
});
