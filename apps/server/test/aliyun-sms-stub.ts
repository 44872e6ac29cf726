import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Alibaba Cloud SMS (dysmsapi) that checks every request's ACS3-HMAC-SHA256
 * signature the way the provider does, written from the provider's documentation and independently
 * of our client (it is checked against the official SDK in aliyun-sms.test.ts). It answers SendSms and
 * QuerySendDetails, remembers what it accepted, and can be told to fail.
 */
export interface StubMessage {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string;
  bizId: string;
}

export interface AliyunSmsStub {
  readonly url: string;
  readonly accepted: StubMessage[];
  /** Every request's action and verdict, in order. */
  readonly log: { action: string; code: string; query: Record<string, string> }[];
  /** Error codes to answer to the next SendSms calls, one each (then OK again). */
  failNext(...codes: string[]): void;
  /** Delivery state QuerySendDetails reports for a BizId: 1 waiting, 2 failed, 3 delivered. */
  setDelivery(bizId: string, sendStatus: 1 | 2 | 3, errCode?: string): void;
  close(): Promise<void>;
}

const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The provider's check; returns an error code, or null when the request is genuine. */
function verify(req: IncomingMessage, raw: Buffer, secrets: Map<string, string>, nonces: Set<string>): string | null {
  const auth = req.headers.authorization ?? '';
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'IncompleteSignature';
  const [, keyId, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const secret = secrets.get(keyId);
  if (!secret) return 'InvalidAccessKeyId.NotFound';
  const names = signedHeaders.split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce']) {
    if (!names.includes(required)) return 'IncompleteSignature';
  }
  const date = Date.parse(String(req.headers['x-acs-date']));
  if (!Number.isFinite(date) || Math.abs(Date.now() - date) > 15 * 60_000) return 'InvalidTimeStamp.Expired';
  const payloadHash = String(req.headers['x-acs-content-sha256'] ?? '');
  if (payloadHash !== hex(raw)) return 'ContentSha256Mismatch';
  const url = new URL(req.url ?? '/', 'http://stub');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const want = createHmac('sha256', secret)
    .update(`ACS3-HMAC-SHA256\n${hex(canonical)}`)
    .digest('hex');
  if (want !== signature) return 'SignatureDoesNotMatch';
  const nonce = String(req.headers['x-acs-signature-nonce']);
  if (nonces.has(nonce)) return 'SignatureNonceUsed';
  nonces.add(nonce);
  return null;
}

export async function startAliyunSmsStub(secrets: Record<string, string>): Promise<AliyunSmsStub> {
  const keys = new Map(Object.entries(secrets));
  const nonces = new Set<string>();
  const accepted: StubMessage[] = [];
  const log: { action: string; code: string; query: Record<string, string> }[] = [];
  const failures: string[] = [];
  const delivery = new Map<string, { status: 1 | 2 | 3; err?: string }>();
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const raw = await body(req);
    const action = String(req.headers['x-acs-action'] ?? '');
    const answer = (status: number, json: object) => {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://stub').searchParams);
      log.push({ action, code: String((json as { Code?: string }).Code), query });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const bad = verify(req, raw, keys, nonces);
    if (bad) return answer(bad === 'SignatureDoesNotMatch' ? 400 : 403, { Code: bad, Message: bad, RequestId: 'r' });
    const q = new URL(req.url ?? '/', 'http://stub').searchParams;
    if (action === 'SendSms') {
      const fail = failures.shift();
      if (fail) return answer(200, { Code: fail, Message: fail, RequestId: `r${++seq}` });
      const bizId = `biz-${++seq}`;
      accepted.push({
        phone: q.get('PhoneNumbers') ?? '',
        signName: q.get('SignName') ?? '',
        templateCode: q.get('TemplateCode') ?? '',
        params: JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>,
        outId: q.get('OutId') ?? '',
        bizId,
      });
      return answer(200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: `r${seq}` });
    }
    if (action === 'QuerySendDetails') {
      const d = delivery.get(q.get('BizId') ?? '');
      const sent = accepted.find((a) => a.bizId === q.get('BizId'));
      const dto = d
        ? [
            {
              SendStatus: d.status,
              ErrCode: d.err ?? 'DELIVERED',
              ReceiveDate: '2026-12-03 12:00:05',
              OutId: sent?.outId,
            },
          ]
        : [];
      return answer(200, {
        Code: 'OK',
        Message: 'OK',
        TotalCount: dto.length,
        SendDate: q.get('SendDate'),
        SmsSendDetailDTOs: { SmsSendDetailDTO: dto },
      });
    }
    return answer(404, { Code: 'InvalidAction.NotFound', Message: action });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    log,
    failNext: (...codes) => failures.push(...codes),
    setDelivery: (bizId, status, err) => delivery.set(bizId, { status, err }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
