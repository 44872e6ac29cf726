import type { Clock } from '../../../platform/clock';
import type { PiiCipher } from '../../../platform/crypto';
import type { Db } from '../../../platform/db';
import * as repo from './sms-delivery.repository';
import type { SmsProvider } from './sms-provider';

export interface SmsDeliveryOptions {
  /** Provider template code per message kind (`sms_code`, `notice` …); `default` for any other kind. */
  readonly templates: Readonly<Record<string, string>>;
  readonly batch?: number;
  /** How long a claim protects a message from other senders; a sender that dies frees it after this. */
  readonly leaseMs?: number;
  /** Tries before a message is given up (status `failed`). */
  readonly maxAttempts?: number;
  /** First retry after this, doubling each time up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** First delivery-status check this long after sending; checks stop `statusForMs` after sending. */
  readonly statusAfterMs?: number;
  readonly statusForMs?: number;
}

/** Template variables are short strings for the provider; longer ones are cut (by code point, never mid-character). */
const MAX_PARAM = 35;

/**
 * Drains the SMS outbox into a real provider: claim due messages (leased, so two instances never send
 * the same one at once), send each outside any transaction, record the answer under the claim. Retries
 * throttling and provider trouble with exponential backoff; gives up on permanent errors and after
 * `maxAttempts`. Then asks the provider whether sent messages arrived. At least once: a sender killed
 * between the provider's answer and our record sends that message again after the lease.
 */
export class SmsDeliveryService {
  private readonly o: Required<SmsDeliveryOptions>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly provider: SmsProvider,
    options: SmsDeliveryOptions,
  ) {
    this.o = {
      batch: 50,
      leaseMs: 2 * 60_000,
      maxAttempts: 8,
      backoffMs: 30_000,
      maxBackoffMs: 60 * 60_000,
      statusAfterMs: 60_000,
      statusForMs: 24 * 3_600_000,
      ...options,
    };
  }

  /** One pass of the sender: returns how many messages the provider accepted. */
  async sendDue(): Promise<{ sent: number; failed: number; retrying: number }> {
    const now = this.clock.now();
    const claimed = await repo.claimDue(this.db, now, this.o.leaseMs, this.o.batch, this.provider.name);
    const tally = { sent: 0, failed: 0, retrying: 0 };
    for (const m of claimed) {
      const outcome = await this.sendOne(m);
      const at = this.clock.now();
      if (outcome.ok) {
        await repo.markSent(
          this.db,
          m.outboxId,
          m.attempts,
          outcome.providerId,
          at,
          new Date(at.getTime() + this.o.statusAfterMs),
        );
        tally.sent++;
        continue;
      }
      const retry = outcome.retryable && m.attempts < this.o.maxAttempts;
      const wait = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (m.attempts - 1));
      await repo.markFailed(
        this.db,
        m.outboxId,
        m.attempts,
        `${outcome.code}: ${outcome.message}`.slice(0, 500),
        at,
        retry ? new Date(at.getTime() + wait) : null,
      );
      if (retry) tally.retrying++;
      else tally.failed++;
    }
    return tally;
  }

  private async sendOne(m: repo.ClaimedSms) {
    const kind = m.payload.kind ?? 'default';
    const templateCode = this.o.templates[kind] ?? this.o.templates.default;
    if (!templateCode) {
      return { ok: false as const, retryable: true, code: 'NO_TEMPLATE', message: `no SMS template for ${kind}` };
    }
    if (!m.phoneEnc) return { ok: false as const, retryable: false, code: 'NO_PHONE', message: 'no recipient phone' };
    const raw = m.payload.params ?? { title: m.payload.title ?? m.payload.text ?? '' };
    const params = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [
        k,
        Array.from(String(v ?? ''))
          .slice(0, MAX_PARAM)
          .join(''),
      ]),
    );
    return this.provider.send({
      phone: this.cipher.decrypt(m.phoneEnc),
      templateCode,
      params,
      outId: String(m.outboxId),
    });
  }

  /** One pass of the delivery-status check. */
  async checkDelivery(): Promise<{ delivered: number; undelivered: number }> {
    const now = this.clock.now();
    const due = await repo.claimStatusChecks(this.db, now, 5 * 60_000, this.o.batch);
    const tally = { delivered: 0, undelivered: 0 };
    const errors: string[] = [];
    for (const s of due) {
      if (!s.phoneEnc) continue;
      let st: Awaited<ReturnType<SmsProvider['status']>>;
      try {
        st = await this.provider.status({
          phone: this.cipher.decrypt(s.phoneEnc),
          providerId: s.providerId,
          sentAt: new Date(s.sentAt),
        });
      } catch (err) {
        // Checked again after the claim's lease; the others of this pass still get their check.
        errors.push(err instanceof Error ? err.message : String(err));
        continue;
      }
      const at = this.clock.now();
      if (st.state === 'delivered') {
        await repo.recordDelivery(this.db, s.outboxId, { state: 'delivered', at: st.at ?? at }, at);
        tally.delivered++;
      } else if (st.state === 'failed') {
        await repo.recordDelivery(this.db, s.outboxId, { state: 'undelivered', code: st.code }, at);
        tally.undelivered++;
      } else if (at.getTime() - new Date(s.sentAt).getTime() > this.o.statusForMs) {
        await repo.recordDelivery(this.db, s.outboxId, { state: 'stop' }, at);
      }
    }
    if (errors.length > 0) throw new Error(`delivery status: ${errors.length} checks failed, first: ${errors[0]}`);
    return tally;
  }

  counts(): Promise<Record<string, number>> {
    return repo.deliveryCounts(this.db);
  }
}
