import { randomInt } from 'node:crypto';
import { addDays, shanghaiDay, startOfShanghaiDay } from '@louzhang/contracts';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { SmsOutboxService } from '../notifications/sms-outbox.service';
import * as repo from './sms-codes.repository';

export type SmsCodePurpose = 'login' | 'reset';

/** Rules for one-time codes; defaults follow common practice for SMS sign-in in China. */
export const SMS_CODE_RULES = {
  validMs: 5 * 60_000,
  maxTries: 5,
  minGapMs: 60_000,
  maxPerDay: 10,
} as const;

/** The outbox `kind` of each code: a provider sends each with its own template, `{code}` its variable. */
const KIND: Record<SmsCodePurpose, string> = { login: 'sms_code', reset: 'sms_reset_code' };

const TEXT: Record<SmsCodePurpose, (code: string) => string> = {
  login: (code) => `【楼长通】您的登录验证码是 ${code}，5 分钟内有效。请勿告诉他人。`,
  reset: (code) => `【楼长通】您正在重设密码，验证码 ${code}，5 分钟内有效。如非本人操作请忽略。`,
};

/**
 * One-time codes by SMS: sign-in (which also creates a resident's account) and password reset.
 * Codes are 6 digits, stored only as a keyed hash, valid 5 minutes, good for one use, and die after
 * 5 tries; a phone gets at most one a minute and 10 a day. Answers never depend on whether the phone
 * has an account.
 */
export class SmsCodesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly sms: SmsOutboxService,
  ) {}

  /**
   * Sends a code to `phone` unless the phone was sent one too recently. `deliver` false counts the
   * send and answers the same but sends nothing (a reset code for a phone without an account).
   */
  async send(
    phone: string,
    purpose: SmsCodePurpose,
    opts: { ip: string; streetId: number | null; deliver: boolean },
  ): Promise<{ retryAfterSeconds: number }> {
    const now = this.clock.now();
    const phoneHash = this.cipher.blindIndex('phone', phone);
    const sent = await transaction(this.db, async (tx) => {
      const ok = await repo.reserveSend(
        tx,
        phoneHash,
        shanghaiDay(now),
        now,
        SMS_CODE_RULES.minGapMs,
        SMS_CODE_RULES.maxPerDay,
      );
      if (!ok) return false;
      if (!opts.deliver) return true;
      await repo.supersedeCodes(tx, phoneHash, purpose, now);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const id = await repo.insertCode(tx, {
        phoneHash,
        purpose,
        codeHash: this.codeHash(phone, purpose, code),
        createdAt: now,
        expiresAt: new Date(now.getTime() + SMS_CODE_RULES.validMs),
        ip: opts.ip,
      });
      await this.sms.queueToPhone(tx, {
        phone,
        streetId: opts.streetId,
        kind: KIND[purpose],
        text: TEXT[purpose](code),
        params: { code },
        sourceKey: `sms_code:${id}`,
      });
      return true;
    });
    if (!sent) throw new AppError('SMS_TOO_FREQUENT', { retryAfterSeconds: await this.waitSeconds(phoneHash, now) });
    return { retryAfterSeconds: SMS_CODE_RULES.minGapMs / 1000 };
  }

  /** Uses up the phone's live code if `code` is it; otherwise counts a try and refuses (SMS_CODE_INVALID). */
  /**
   * Uses the code. `before` runs in the same transaction once the code is right: when it throws, the
   * code stays unused (a sign-in that must first ask for something else keeps its code).
   */
  async consume(
    phone: string,
    purpose: SmsCodePurpose,
    code: string,
    before?: (tx: Db) => Promise<void>,
  ): Promise<void> {
    const ok = await transaction(this.db, async (tx) => {
      const right = await repo.tryCode(
        tx,
        this.cipher.blindIndex('phone', phone),
        purpose,
        this.codeHash(phone, purpose, code),
        this.clock.now(),
        SMS_CODE_RULES.maxTries,
      );
      if (right && before) await before(tx);
      return right;
    });
    if (!ok) throw new AppError('SMS_CODE_INVALID');
  }

  /** Deletes codes expired before `before` and old code messages; safe to run twice. */
  async purge(now: Date): Promise<number> {
    const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
    let n = await repo.purgeCodes(this.db, dayAgo);
    for (const kind of Object.values(KIND)) n += await this.sms.purge(kind, dayAgo);
    return n;
  }

  private codeHash(phone: string, purpose: SmsCodePurpose, code: string): string {
    return this.cipher.blindIndex('sms', `${purpose}:${phone}:${code}`);
  }

  private async waitSeconds(phoneHash: string, now: Date): Promise<number> {
    const c = await repo.sendCounter(this.db, phoneHash);
    if (!c) return 60;
    const gap = c.lastSentAt.getTime() + SMS_CODE_RULES.minGapMs - now.getTime();
    if (c.day === shanghaiDay(now) && c.sentToday >= SMS_CODE_RULES.maxPerDay) {
      const nextDay = startOfShanghaiDay(addDays(c.day, 1)).getTime();
      return Math.max(gap, nextDay - now.getTime()) / 1000;
    }
    return Math.max(1000, gap) / 1000;
  }
}
