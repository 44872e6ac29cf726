/**
 * GeoReport v2 output (wiki.open311.org/GeoReport_v2): XML exactly as the spec's examples, and JSON as
 * its Spark-convention mapping — a list element (`<services>`) becomes a JSON array of its items
 * (`<service>`), everything else an object. One payload, two renderings.
 */
export type Format = 'json' | 'xml';

/** The item element of each list element of the spec. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

/** `root` is the spec's root element: services, service_definition, service_requests, discovery, errors. */
export function render(format: Format, root: string, payload: Value): string {
  if (format === 'json') return JSON.stringify(payload);
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, payload, '')}\n`;
}

function element(name: string, v: Value, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return `${indent}<${name}/>`;
    const item = ITEM_OF[name] ?? 'item';
    return `${indent}<${name}>\n${v.map((x) => element(item, x, inner)).join('\n')}\n${indent}</${name}>`;
  }
  if (v === null || v === undefined) return `${indent}<${name}/>`;
  if (typeof v === 'object') {
    const children = Object.entries(v).map(([k, x]) => element(k, x, inner));
    return children.length ? `${indent}<${name}>\n${children.join('\n')}\n${indent}</${name}>` : `${indent}<${name}/>`;
  }
  return `${indent}<${name}>${escapeXml(String(v))}</${name}>`;
}

export function escapeXml(s: string): string {
  return (
    s
      // characters XML 1.0 cannot carry at all
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** `requests.json` → json; the format is part of every GeoReport resource name. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1] as string, format: m[2] as Format } : null;
}
