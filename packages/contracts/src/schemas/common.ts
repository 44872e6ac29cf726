import { z } from 'zod';

/** Database ids are positive integers; in paths they arrive as strings. */
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParams = z.object({ id: Id }).strict();

/** Text people type: trimmed, no control characters, bounded. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'control characters are not allowed');

export const Limit = z.coerce.number().int().min(1).max(200).default(50);
export const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/);

export const PageQuery = z.object({ cursor: Cursor.optional(), limit: Limit });

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
 * `ok`: the database answers and no job is failing or late. `degraded`: the database answers but a
 * job's last run failed or it is more than three intervals late (still 200: the instance serves).
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
});
