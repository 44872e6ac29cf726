import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Alibaba Cloud's request signature, version 3 (ACS3-HMAC-SHA256), as its "V3 request structure and
 * signature" documentation defines it:
 *
 *   CanonicalRequest = METHOD \n URI \n sorted, RFC 3986-encoded query \n
 *                      lower-case "name:value\n" of each signed header \n signed names joined by ";" \n
 *                      hex SHA-256 of the body
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex SHA-256 of CanonicalRequest
 *   Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex HMAC-SHA256>
 *
 * Signed headers are `host`, `content-type` when present, and every `x-acs-*` header.
 */
export const ALGORITHM = 'ACS3-HMAC-SHA256';

/** RFC 3986 percent-encoding: encodeURIComponent leaves !'()* alone, the signature wants them encoded. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(query[k] ?? '')}`)
    .join('&');
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface SignInput {
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  action: string;
  version: string;
  body: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** For tests with known answers; otherwise now and a random nonce. */
  date?: Date;
  nonce?: string;
}

/** The headers of a signed request (Authorization included). */
export function signAcs3(input: SignInput): Record<string, string> {
  const headers: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': (input.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': input.nonce ?? randomBytes(16).toString('hex'),
    'x-acs-content-sha256': sha256Hex(input.body),
  };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .filter((n) => n === 'host' || n === 'content-type' || n.startsWith('x-acs-'))
    .sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path || '/',
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    headers['x-acs-content-sha256'],
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization: `${ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}
