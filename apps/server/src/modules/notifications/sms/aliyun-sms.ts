import { parseShanghaiLocal, shanghaiYmd } from '@louzhang/contracts';
import { signAcs3 } from './acs3-signature';
import type { DeliveryStatus, SendResult, SmsMessage, SmsProvider } from './sms-provider';

export interface AliyunSmsConfig {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly signName: string;
  /** https://dysmsapi.aliyuncs.com unless testing against a local stand-in. */
  readonly endpoint: string;
  readonly timeoutMs?: number;
}

const VERSION = '2017-05-25';

/**
 * Errors tied to the message itself (a bad number, missing template variables, content the carrier
 * refuses): sending it again cannot help. Everything else — throttling, the provider failing, a wrong
 * key, signature or template an operator can correct, an empty balance — is retried with backoff.
 */
const PERMANENT = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.INVALID_JSON_PARAM',
  'isv.INVALID_PARAMETERS',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.PARAM_NOT_SUPPORT_URL',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.EXTEND_CODE_ERROR',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED',
]);

interface AliyunAnswer {
  Code?: string;
  Message?: string;
  BizId?: string;
  RequestId?: string;
  SmsSendDetailDTOs?: { SmsSendDetailDTO?: { SendStatus?: number; ErrCode?: string; ReceiveDate?: string }[] };
}

/** Alibaba Cloud SMS (短信服务, dysmsapi): SendSms and QuerySendDetails over its signed RPC API. */
export class AliyunSms implements SmsProvider {
  readonly name = 'aliyun';
  private readonly url: URL;

  constructor(private readonly config: AliyunSmsConfig) {
    this.url = new URL(config.endpoint);
  }

  private async call(action: string, query: Record<string, string>): Promise<{ status: number; body: AliyunAnswer }> {
    const headers = signAcs3({
      method: 'POST',
      host: this.url.host,
      path: '/',
      query,
      action,
      version: VERSION,
      body: '',
      accessKeyId: this.config.accessKeyId,
      accessKeySecret: this.config.accessKeySecret,
    });
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${this.url.origin}/?${qs}`, {
      method: 'POST',
      headers: { ...headers, accept: 'application/json' },
      signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: AliyunAnswer = {};
    try {
      body = JSON.parse(text) as AliyunAnswer;
    } catch {
      body = { Code: `HTTP_${res.status}`, Message: text.slice(0, 200) };
    }
    return { status: res.status, body };
  }

  async send(m: SmsMessage): Promise<SendResult> {
    try {
      const { status, body } = await this.call('SendSms', {
        PhoneNumbers: m.phone,
        SignName: this.config.signName,
        TemplateCode: m.templateCode,
        TemplateParam: JSON.stringify(m.params),
        OutId: m.outId,
      });
      if (status === 200 && body.Code === 'OK' && body.BizId) return { ok: true, providerId: body.BizId };
      const code = body.Code ?? `HTTP_${status}`;
      return { ok: false, retryable: !PERMANENT.has(code), code, message: body.Message ?? '' };
    } catch (err) {
      // Network trouble or a timeout: we cannot know whether it was sent; trying again is the lesser harm.
      return { ok: false, retryable: true, code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
    }
  }

  async status(q: { phone: string; providerId: string; sentAt: Date }): Promise<DeliveryStatus> {
    const { status, body } = await this.call('QuerySendDetails', {
      PhoneNumber: q.phone,
      BizId: q.providerId,
      SendDate: shanghaiYmd(q.sentAt),
      PageSize: '10',
      CurrentPage: '1',
    });
    if (status !== 200 || body.Code !== 'OK') throw new Error(`QuerySendDetails: ${body.Code} ${body.Message ?? ''}`);
    const detail = body.SmsSendDetailDTOs?.SmsSendDetailDTO?.[0];
    if (!detail || detail.SendStatus === 1) return { state: 'pending' };
    if (detail.SendStatus === 3) {
      return { state: 'delivered', at: detail.ReceiveDate ? parseShanghaiLocal(detail.ReceiveDate) : null };
    }
    return { state: 'failed', code: detail.ErrCode ?? 'UNKNOWN' };
  }
}

/** yyyyMMdd in Asia/Shanghai: the provider files messages by that day. */
export { shanghaiYmd };
