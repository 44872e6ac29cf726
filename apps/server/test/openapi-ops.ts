import type { TestApp } from './harness';

/** One operation of /api/v1/openapi.json, keyed `METHOD /path` as the document spells it. */
export interface OpenApiOperation {
  method: string;
  path: string;
  key: string;
}

export async function operationsOf(t: TestApp): Promise<OpenApiOperation[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  const doc = res.json() as { paths: Record<string, Record<string, unknown>> };
  const ops: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}` });
    }
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}

/** The URL of `op` with its {params} filled in and a query string. */
export function urlOf(op: OpenApiOperation, params: Record<string, string | number>, query?: Record<string, string>) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${op.key}: the access table gives no value for {${name}}`);
    return encodeURIComponent(String(v));
  });
  const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : '';
  return path + qs;
}
