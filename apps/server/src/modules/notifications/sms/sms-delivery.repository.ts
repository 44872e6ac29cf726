import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../../platform/db';

export interface ClaimedSms {
  outboxId: number;
  attempts: number;
  payload: { kind?: string; text?: string; title?: string; params?: Record<string, unknown> };
  /** Encrypted phone of the recipient. */
  phoneEnc: string | null;
}

/**
 * Claims up to `limit` SMS of the outbox that need sending — never tried, due for a retry, or whose
 * sender's lease ran out (it died mid-send) — in one statement: the outbox rows are locked SKIP LOCKED,
 * so two senders at once claim different messages, and the claim holds for `leaseMs` after commit.
 */
export async function claimDue(db: Db, now: Date, leaseMs: number, limit: number, provider: string) {
  const lease = new Date(now.getTime() + leaseMs);
  return rows<ClaimedSms>(
    db,
    sql`with due as (
          select o.id from notification_outbox o
          left join sms_deliveries d on d.outbox_id = o.id
          where o.channel = 'sms' and o.sent_at is null
            and (d.outbox_id is null or (d.status in ('sending', 'retry') and d.due_at <= ${now}))
          order by o.id
          limit ${limit}
          for update of o skip locked
        ), claimed as (
          insert into sms_deliveries (outbox_id, provider, status, attempts, due_at, updated_at)
          select id, ${provider}, 'sending', 1, ${lease}, ${now} from due
          on conflict (outbox_id) do update
            set status = 'sending', attempts = sms_deliveries.attempts + 1, due_at = excluded.due_at,
                updated_at = excluded.updated_at
            where sms_deliveries.status in ('sending', 'retry') and sms_deliveries.due_at <= ${now}
          returning outbox_id, attempts
        )
        select c.outbox_id as "outboxId", c.attempts, o.payload, u.phone_enc as "phoneEnc"
        from claimed c
        join notification_outbox o on o.id = c.outbox_id
        left join users u on u.id = o.user_id
        order by c.outbox_id`,
  );
}

/** Records the provider's acceptance; only the holder of this claim (same attempt) may. */
export async function markSent(db: Db, id: number, attempt: number, providerId: string, now: Date, checkAt: Date) {
  await db.transaction(async (tx) => {
    const r = await rows<{ id: number }>(
      tx as unknown as Db,
      sql`update sms_deliveries set status = 'sent', provider_id = ${providerId}, sent_at = ${now},
            due_at = ${checkAt}, last_error = null, updated_at = ${now}
          where outbox_id = ${id} and status = 'sending' and attempts = ${attempt}
          returning outbox_id as id`,
    );
    if (r.length > 0) {
      await tx.execute(sql`update notification_outbox set sent_at = ${now} where id = ${id} and sent_at is null`);
    }
  });
}

export async function markFailed(
  db: Db,
  id: number,
  attempt: number,
  error: string,
  now: Date,
  retryAt: Date | null,
): Promise<void> {
  await db.execute(
    sql`update sms_deliveries set status = ${retryAt ? 'retry' : 'failed'}, due_at = ${retryAt},
          last_error = ${error}, updated_at = ${now}
        where outbox_id = ${id} and status = 'sending' and attempts = ${attempt}`,
  );
}

export interface SentSms {
  outboxId: number;
  providerId: string;
  sentAt: Date;
  phoneEnc: string | null;
}

/** Sent messages whose delivery status is due for a check; pushes their next check out by `leaseMs`. */
export async function claimStatusChecks(db: Db, now: Date, leaseMs: number, limit: number) {
  const next = new Date(now.getTime() + leaseMs);
  return rows<SentSms>(
    db,
    sql`with due as (
          select outbox_id from sms_deliveries
          where status = 'sent' and due_at <= ${now}
          order by due_at limit ${limit}
          for update skip locked
        ), claimed as (
          update sms_deliveries d set due_at = ${next}, updated_at = ${now}
          from due where d.outbox_id = due.outbox_id
          returning d.outbox_id, d.provider_id, d.sent_at
        )
        select c.outbox_id as "outboxId", c.provider_id as "providerId", c.sent_at as "sentAt", u.phone_enc as "phoneEnc"
        from claimed c
        join notification_outbox o on o.id = c.outbox_id
        left join users u on u.id = o.user_id`,
  );
}

export async function recordDelivery(
  db: Db,
  id: number,
  outcome: { state: 'delivered'; at: Date } | { state: 'undelivered'; code: string } | { state: 'stop' },
  now: Date,
): Promise<void> {
  if (outcome.state === 'delivered') {
    await db.execute(
      sql`update sms_deliveries set status = 'delivered', delivered_at = ${outcome.at}, due_at = null, updated_at = ${now}
          where outbox_id = ${id} and status = 'sent'`,
    );
  } else if (outcome.state === 'undelivered') {
    await db.execute(
      sql`update sms_deliveries set status = 'undelivered', last_error = ${outcome.code}, due_at = null, updated_at = ${now}
          where outbox_id = ${id} and status = 'sent'`,
    );
  } else {
    await db.execute(
      sql`update sms_deliveries set due_at = null, updated_at = ${now} where outbox_id = ${id} and status = 'sent'`,
    );
  }
}

/** Counts by status, for the admin view and tests. */
export async function deliveryCounts(db: Db): Promise<Record<string, number>> {
  const r = await rows<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from sms_deliveries group by status`,
  );
  return Object.fromEntries(r.map((x) => [x.status, x.n]));
}
