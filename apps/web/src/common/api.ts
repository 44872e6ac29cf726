import { acceptLanguage, getLang } from './lang';

/**
 * The one HTTP client of both apps: same-origin fetch with the session cookie, JSON in and out,
 * Accept-Language from the chosen UI language, and every failure turned into an ApiError carrying the
 * server's `{ error: { code, message, fields? } }` so screens branch on `code`.
 */

export const API_BASE = '/api/v1';

export interface FieldError {
  path: string;
  message: string;
}

/** Codes the client makes up itself, for failures that never reached (or never came back from) the API. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldError[];

  constructor(code: string, message: string, status: number, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }

  /** The message for one field (by its path, e.g. "phone"), if the server named it. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return getLang() === 'en' ? 'Something went wrong. Please try again later.' : '出了点问题，请稍后再试';
}

// --- 401 handling: the auth provider listens and sends the person back to the login page.
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body, or FormData for uploads. */
  body?: unknown;
  /** Sent as Idempotency-Key; pass the same key again when retrying the same creation. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (the login and "who am I" calls expect it). */
  quiet401?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage() };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body; // the browser sets the multipart boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'include',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError();
  }
  if (!res.ok) throw await toApiError(res, opts.quiet401 ?? false);
  return res;
}

function networkError(): ApiError {
  return new ApiError(
    'NETWORK_ERROR',
    getLang() === 'en'
      ? 'Network connection failed. Check your connection and try again.'
      : '网络连接失败，请检查网络后重试',
    0,
  );
}

/**
 * The answer of a GET the page started before the app ran (the early "who am I" script), read with the
 * same rules as `api.get`: errors become ApiErrors, a 401 is broadcast unless `quiet401`.
 */
export async function adoptResponse<T>(pending: Promise<Response>, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await pending;
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await toApiError(res, opts.quiet401 ?? false);
  return json<T>(res);
}

async function toApiError(res: Response, quiet401: boolean): Promise<ApiError> {
  let err: ApiError | undefined;
  try {
    const data = (await res.json()) as { error?: { code?: unknown; message?: unknown; fields?: unknown } };
    const e = data?.error;
    if (e && typeof e.code === 'string') {
      const fields = Array.isArray(e.fields)
        ? e.fields.filter((f): f is FieldError => typeof f?.path === 'string' && typeof f?.message === 'string')
        : [];
      err = new ApiError(e.code, typeof e.message === 'string' ? e.message : e.code, res.status, fields);
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  err ??= new ApiError(
    res.status === 404 ? 'NOT_FOUND' : 'BAD_RESPONSE',
    getLang() === 'en' ? `The server answered ${res.status}` : `服务器返回错误（${res.status}）`,
    res.status,
  );
  if (res.status === 401 && !quiet401) for (const l of unauthenticatedListeners) l();
  return err;
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(
      'BAD_RESPONSE',
      getLang() === 'en' ? 'Unreadable server answer' : '服务器返回内容无法解析',
      res.status,
    );
  }
}

/** A fresh Idempotency-Key. crypto.randomUUID exists only on secure origins, so plain-HTTP LAN use falls back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const api = {
  get: async <T>(path: string, opts?: Omit<RequestOptions, 'body' | 'idempotencyKey'>): Promise<T> =>
    json<T>(await send('GET', path, opts)),

  /** A POST that does not create anything (login, reveal, a dry run): no Idempotency-Key. */
  post: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>): Promise<T> =>
    json<T>(await send('POST', path, { ...opts, body })),

  /**
   * A POST that creates something. Always carries an Idempotency-Key (a new one unless given), so a
   * retry after a lost answer does nothing twice; reuse the key when retrying the same action.
   */
  create: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>): Promise<T> =>
    json<T>(await send('POST', path, { ...opts, body, idempotencyKey: opts?.idempotencyKey ?? newIdempotencyKey() })),

  put: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>): Promise<T> =>
    json<T>(await send('PUT', path, { ...opts, body })),

  patch: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>): Promise<T> =>
    json<T>(await send('PATCH', path, { ...opts, body })),

  del: async <T = void>(path: string, opts?: Omit<RequestOptions, 'body'>): Promise<T> =>
    json<T>(await send('DELETE', path, opts)),

  /** Fetches a file (xlsx, pdf …) and hands it to the browser as a download. */
  download: async (path: string, query?: Query, fallbackName = 'download'): Promise<void> => {
    const res = await send('GET', path, { query });
    const blob = await res.blob();
    saveBlob(blob, filenameFrom(res.headers.get('content-disposition')) ?? fallbackName);
  },
};

/** Hands `blob` to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads `filename*=UTF-8''…` (preferred) or `filename="…"` from a Content-Disposition header. */
export function filenameFrom(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // malformed escape: try the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim();
}

// --- Cursor pagination: the API answers { items, nextCursor }; nextCursor null means the last page.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Lists that count: how many rows the filters match (first page only; exact up to a cap). */
  total?: number | null;
  totalCapped?: boolean;
}

/** One page of a cursor-paginated list. */
export function getPage<T>(
  path: string,
  query: Query,
  cursor: string | null | undefined,
  limit: number,
  signal?: AbortSignal,
): Promise<Page<T>> {
  return api.get<Page<T>>(path, { query: { ...query, cursor: cursor ?? undefined, limit }, signal });
}

/** Walks every page in order (for "load all" and exports done client-side); stops at `max` items. */
export async function* allPages<T>(path: string, query: Query, limit = 100, max = 10_000): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  let seen = 0;
  do {
    const page: Page<T> = await getPage<T>(path, query, cursor, limit);
    seen += page.items.length;
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor && seen < max);
}
