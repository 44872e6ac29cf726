import { z } from 'zod';

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * A streaming replica of DATABASE_URL for reads that tolerate seconds of lag (dashboards, exports, the big
   * lists); unset: every read goes to DATABASE_URL. Its pool has DATABASE_POOL_SIZE connections too.
   */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Beyond this replay lag (seconds) the replica is left alone and its reads go to the primary until it catches up. */
  DATABASE_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0.5).max(3600).default(10),
  LOUZHANG_DATA_DIR: z.string().default('./data'),
  /** 32 bytes, base64. Required with DATABASE_URL; the embedded mode keeps one in its data folder. */
  LOUZHANG_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(12 * 60),
  /** Staff (grid workers up to admins) reach residents' personal data: their sessions idle out sooner. */
  SESSION_STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  /**
   * How long a live session may be served from memory (0: read on every request). Only on PostgreSQL, and
   * only while the database's change notifications arrive (docs/rules.md#session-cache).
   */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  /**
   * How long report intake may keep a building's, a category's and a reporter's routing in memory (0: read
   * them for every report). Only on PostgreSQL, and only while the database's change notifications arrive
   * (docs/ARCHITECTURE.md#intake-routing-cache).
   */
  ROUTING_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(600),
  /**
   * How long the mall may keep a good it read with no stock left (0: every order reads its goods). Only on
   * PostgreSQL, and only while the database's change notifications arrive (docs/ARCHITECTURE.md#sold-out-goods).
   */
  SOLD_OUT_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(600),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Login attempts per minute from one address (docs/rules.md#personal-data rate limits); benchmarks raise it. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Sign-in code requests per hour from one address (each phone has its own limits besides). */
  SMS_RATE_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Scores an honours draft stores beyond the honoured: the top this many by rank (the console's list; ≤ 5,000, its index). */
  HONOURS_STORED_TOP: z.coerce.number().int().min(1).max(5000).default(5000),
  JOBS_ENABLED: Bool.default(true),
  /** Unset: true in production (Secure `__Host-` cookie, needs HTTPS), false otherwise. */
  COOKIE_SECURE: Bool.optional(),
  /** Demo data into an empty database at start: on by default, except in production (only when set). */
  SEED_ON_EMPTY: Bool.optional(),
  WEB_DIST_DIR: z.string().optional(),
  /** Further origins (comma-separated) whose pages may write with the session cookie, e.g. a reverse proxy's. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((o) => /^https?:\/\/[^\s/]+$/.test(o)),
      'comma-separated http(s)://host[:port] origins',
    ),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): unset or `false` for none
   * (direct exposure), a number of hops, or addresses/CIDRs (`127.0.0.1` behind a local nginx).
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(false|true|\d+|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/,
      'false, a hop count, or addresses / CIDRs separated by commas',
    )
    .default('false')
    .transform((v): boolean | number | string[] =>
      v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v.split(',').map((a) => a.trim()),
    ),
  /** `outbox`: SMS stay in the local outbox (admins read them); `aliyun`: Alibaba Cloud SMS sends them. */
  SMS_PROVIDER: z.enum(['outbox', 'aliyun']).default('outbox'),
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  ALIYUN_SMS_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^\s/]+\/?$/, 'must be an http(s):// origin')
    .default('https://dysmsapi.aliyuncs.com'),
  /** The registered sign name (短信签名), e.g. 楼长通. */
  SMS_SIGN_NAME: z.string().min(1).optional(),
  /** JSON: the provider's template code per message kind, e.g. {"sms_code":"SMS_1","default":"SMS_2"}. */
  SMS_TEMPLATES: z
    .string()
    .default('{}')
    .transform((v, ctx) => {
      try {
        const o = JSON.parse(v) as unknown;
        if (o && typeof o === 'object' && !Array.isArray(o) && Object.values(o).every((x) => typeof x === 'string')) {
          return o as Record<string, string>;
        }
      } catch {}
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of template codes, e.g. {"sms_code":"SMS_1"}' });
      return z.NEVER;
    }),
  /** Lets a scraper that is not on this machine read /metrics with `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /**
   * The streamed (in-request) exports refuse more rows than this with EXPORT_TOO_LARGE, and the console then
   * runs a background export (导出任务). 10,000 by default; the export-jobs journey lowers it.
   */
  EXPORT_SYNC_MAX_ROWS: z.coerce.number().int().min(1).max(10_000).default(10_000),
  /** Days a background export's file is kept for its download. */
  EXPORT_KEEP_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Where people reach this server; printed QR codes carry links under it. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .default('http://localhost:3000')
    .transform((u) => u.replace(/\/+$/, '')),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly poolSize: number;
  /** A streaming replica of databaseUrl for lag-tolerant reads, and the lag beyond which it is not used. */
  readonly replica: { readonly url: string; readonly maxLagSeconds: number } | undefined;
  readonly dataDir: string;
  readonly encryptionKey: string | undefined;
  readonly logLevel: string;
  readonly session: {
    readonly idleMs: number;
    readonly staffIdleMs: number;
    /** 0: no session cache. */
    readonly cacheMs: number;
    readonly absoluteMs: number;
    readonly cookieSecure: boolean;
  };
  /** How long intake's routing cache keeps an entry; 0: no routing cache. */
  readonly routingCacheMs: number;
  /** How long the mall's sold-out cache keeps a good; 0: no sold-out cache. */
  readonly soldOutCacheMs: number;
  readonly login: {
    readonly maxFailures: number;
    readonly lockMs: number;
    readonly ratePerMinute: number;
    readonly smsPerAddressPerHour: number;
  };
  readonly jobsEnabled: boolean;
  readonly honoursStoredTop: number;
  readonly exports: { readonly syncMaxRows: number; readonly keepDays: number };
  readonly seedOnEmpty: boolean;
  readonly webDistDir: string | undefined;
  readonly metricsToken: string | undefined;
  readonly trustProxy: boolean | number | string[];
  readonly sms: SmsConfig;
  /** No trailing slash. */
  readonly publicUrl: string;
  /** Origins besides the server's own and PUBLIC_URL's whose pages may write with the session cookie. */
  readonly allowedOrigins: readonly string[];
}

export type SmsConfig =
  | { readonly provider: 'outbox' }
  | {
      readonly provider: 'aliyun';
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
      readonly endpoint: string;
      readonly signName: string;
      readonly templates: Readonly<Record<string, string>>;
    };

export class ConfigError extends Error {}

/** Parses the environment once; lists every bad variable at once rather than failing on the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.LOUZHANG_ENCRYPTION_KEY && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  LOUZHANG_ENCRYPTION_KEY: required in production with DATABASE_URL (32 bytes, base64)',
    );
  }
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_REPLICA_URL: needs DATABASE_URL (the embedded database has no replica)',
    );
  }
  let sms: SmsConfig = { provider: 'outbox' };
  if (e.SMS_PROVIDER === 'aliyun') {
    const missing = (['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME'] as const).filter(
      (k) => !e[k],
    );
    if (Object.keys(e.SMS_TEMPLATES).length === 0) missing.push('SMS_TEMPLATES' as never);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: required with SMS_PROVIDER=aliyun`).join('\n')}`,
      );
    }
    sms = Object.freeze({
      provider: 'aliyun',
      accessKeyId: e.ALIYUN_SMS_ACCESS_KEY_ID as string,
      accessKeySecret: e.ALIYUN_SMS_ACCESS_KEY_SECRET as string,
      endpoint: e.ALIYUN_SMS_ENDPOINT.replace(/\/$/, ''),
      signName: e.SMS_SIGN_NAME as string,
      templates: Object.freeze({ ...e.SMS_TEMPLATES }),
    });
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    replica: e.DATABASE_REPLICA_URL
      ? Object.freeze({ url: e.DATABASE_REPLICA_URL, maxLagSeconds: e.DATABASE_REPLICA_MAX_LAG_SECONDS })
      : undefined,
    dataDir: e.LOUZHANG_DATA_DIR,
    encryptionKey: e.LOUZHANG_ENCRYPTION_KEY,
    logLevel: e.LOG_LEVEL,
    session: Object.freeze({
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      staffIdleMs: e.SESSION_STAFF_IDLE_MINUTES * 60_000,
      cacheMs: e.SESSION_CACHE_SECONDS * 1000,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    }),
    routingCacheMs: e.ROUTING_CACHE_SECONDS * 1000,
    soldOutCacheMs: e.SOLD_OUT_CACHE_SECONDS * 1000,
    login: Object.freeze({
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMs: e.LOGIN_LOCK_MINUTES * 60_000,
      ratePerMinute: e.LOGIN_RATE_PER_MINUTE,
      smsPerAddressPerHour: e.SMS_RATE_PER_ADDRESS_PER_HOUR,
    }),
    jobsEnabled: e.JOBS_ENABLED,
    honoursStoredTop: e.HONOURS_STORED_TOP,
    exports: Object.freeze({ syncMaxRows: e.EXPORT_SYNC_MAX_ROWS, keepDays: e.EXPORT_KEEP_DAYS }),
    seedOnEmpty: e.SEED_ON_EMPTY ?? e.NODE_ENV !== 'production',
    webDistDir: e.WEB_DIST_DIR,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    sms,
    publicUrl: e.PUBLIC_URL,
    allowedOrigins: Object.freeze(e.ALLOWED_ORIGINS),
  });
}
