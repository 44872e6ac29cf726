import { maskPhone, type SmsOutboxPage } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { auditListExport } from '../../platform/list-export';
import * as repo from './sms-outbox.repository';

export interface SmsToPhone {
  phone: string;
  /** The street the message belongs to, for whose admins may read it; null when none is known. */
  streetId: number | null;
  /** What the message is (`sms_code`, …); a provider picks its template by it. */
  kind: string;
  /** The whole text as the local outbox shows it. */
  text: string;
  /** The template variables a provider's template needs, e.g. `{ code }`. */
  params: Record<string, string>;
  sourceKey: string;
}

/**
 * SMS to a bare phone number (sign-in codes reach people who may have no account yet). In the
 * embedded default nothing leaves the machine: messages wait in `notification_outbox`, which admins
 * read on the console (短信发件箱); a real provider's sender drains the same rows.
 */
export class SmsOutboxService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  /** Queues one SMS inside the caller's transaction. */
  async queueToPhone(tx: Db, sms: SmsToPhone): Promise<void> {
    await repo.insertSms(tx, {
      phoneEnc: this.cipher.encrypt(sms.phone),
      phoneHash: this.cipher.blindIndex('phone', sms.phone),
      streetId: sms.streetId,
      sourceKey: sms.sourceKey,
      payload: { kind: sms.kind, text: sms.text, params: sms.params },
      at: this.clock.now(),
    });
  }

  /**
   * The outbox for an admin, newest first: an admin of a street sees that street's messages; an admin
   * above the streets (city, district) sees all, including those tied to no street. The read shows
   * full numbers, so it is audited.
   */
  async list(actor: Actor, ip: string, limit = 100): Promise<SmsOutboxPage> {
    const items = await this.listed(actor, limit);
    await transaction(this.db, (tx) =>
      recordAudit(
        tx,
        this.clock,
        { actor, ip },
        { action: 'sms_outbox.read', objectType: 'sms_outbox', detail: { rows: items.length } },
      ),
    );
    return { items };
  }

  /**
   * The outbox's export: the messages the page lists, with each phone masked and each code and link of the
   * text blanked (a file outlives the screen: a sign-in code or a vote link in it must not work for its
   * reader); audited (`sms_outbox.export`) before the first byte.
   */
  async exportList(actor: Actor, ip: string): Promise<readonly SmsOutboxPage['items'][number][]> {
    const items = (await this.listed(actor, 100)).map((m) => ({
      ...m,
      phone: maskPhone(m.phone),
      text: m.text.replace(/https?:\/\/\S+/g, '[…]').replace(/\d{4,}/g, (d) => '*'.repeat(d.length)),
    }));
    const entry = { action: 'sms_outbox.export', objectType: 'sms_outbox' };
    return auditListExport(this.db, this.clock, { actor, ip }, entry, {}, items);
  }

  private async listed(actor: Actor, limit: number): Promise<SmsOutboxPage['items']> {
    const admin = actor.bindings.filter((b) => b.role === 'admin');
    if (!admin.length) throw new AppError('FORBIDDEN');
    const streets = admin.some((b) => b.streetId === null) ? null : admin.map((b) => b.streetId as number);
    const rows = await repo.listSms(this.db, streets, limit);
    return rows.map((r) => {
      const p = r.payload as { kind?: string; text?: string };
      return {
        phone: this.cipher.decrypt(r.phoneEnc as string),
        text: p.text ?? '',
        kind: p.kind ?? 'sms',
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  /** Deletes messages of `kind` older than `before`; safe to run twice. */
  purge(kind: string, before: Date): Promise<number> {
    return repo.purgeSms(this.db, kind, before);
  }
}
