import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AliyunSmsStub, startAliyunSmsStub } from '../../../../test/aliyun-sms-stub';
import { buildTree, buildUser } from '../../../../test/factories';
import { startTestApp, type TestApp } from '../../../../test/harness';
import { rows } from '../../../platform/db';
import { claimDue } from './sms-delivery.repository';
import type { SmsDeliveryService } from './sms-delivery.service';

/**
 * The SMS sender against the local Alibaba Cloud stand-in: every message of the outbox reaches the
 * provider once, with the template of its kind and the recipient's phone; throttling is retried with
 * backoff, a bad number is not, a dead sender's message is sent after its lease, and delivery reports
 * come back.
 */
const ID = 'LTAI5tOutboxTest';
const SECRET = 'outbox-test-secret-0123456789';
let stub: AliyunSmsStub;
let t: TestApp;
let sms: SmsDeliveryService;
let user: { id: number; phone: string };

beforeAll(async () => {
  stub = await startAliyunSmsStub({ [ID]: SECRET });
  t = await startTestApp(
    {
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: ID,
      ALIYUN_SMS_ACCESS_KEY_SECRET: SECRET,
      ALIYUN_SMS_ENDPOINT: stub.url,
      SMS_SIGN_NAME: '楼长通',
      SMS_TEMPLATES: JSON.stringify({ sms_code: 'SMS_CODE_1', default: 'SMS_NOTE_2' }),
    },
    { poolSize: 6 },
  );
  sms = t.services.smsDelivery as SmsDeliveryService;
  const tree = await buildTree(t.database.db);
  user = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

let seq = 0;
/** An SMS for `user` as the outbox channel writes it (a notification), or a sign-in code with params. */
async function queue(kind: 'notice' | 'sms_code' = 'notice'): Promise<number> {
  const key = `test:${++seq}`;
  const payload =
    kind === 'sms_code'
      ? { kind, text: '验证码 482913', params: { code: '482913' } }
      : { kind, title: `通知 ${seq}：明天上午停水`, body: null };
  const r = await rows<{ id: number }>(
    t.database.db,
    sql`insert into notification_outbox (channel, user_id, source_key, payload, created_at)
        values ('sms', ${user.id}, ${key}, ${JSON.stringify(payload)}::jsonb, ${t.clock.now()}) returning id`,
  );
  return r[0]?.id as number;
}

const sentTo = (outboxId: number) => stub.accepted.filter((a) => a.outId === String(outboxId));
const delivery = async (outboxId: number) =>
  (
    await rows<{ status: string; attempts: number; last_error: string | null; provider_id: string | null }>(
      t.database.db,
      sql`select status, attempts, last_error, provider_id from sms_deliveries where outbox_id = ${outboxId}`,
    )
  )[0];

beforeEach(async () => {
  // Each test starts with an empty queue: finish whatever an earlier test left due.
  t.clock.advance(24 * 3_600_000);
  await sms.sendDue();
});

describe('the SMS sender', () => {
  it('sends each message once, with the template of its kind, its variables and the phone of the user', async () => {
    const code = await queue('sms_code');
    const notice = await queue('notice');
    expect(await sms.sendDue()).toEqual({ sent: 2, failed: 0, retrying: 0 });
    expect(sentTo(code)).toEqual([
      expect.objectContaining({
        phone: user.phone,
        templateCode: 'SMS_CODE_1',
        params: { code: '482913' },
        signName: '楼长通',
      }),
    ]);
    expect(sentTo(notice)).toEqual([
      expect.objectContaining({
        phone: user.phone,
        templateCode: 'SMS_NOTE_2',
        params: { title: `通知 ${seq}：明天上午停水` },
      }),
    ]);
    expect(await sms.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(sentTo(code)).toHaveLength(1);
    const outbox = await rows<{ sent: boolean }>(
      t.database.db,
      sql`select sent_at is not null as sent from notification_outbox where id in (${code}, ${notice})`,
    );
    expect(outbox.map((o) => o.sent)).toEqual([true, true]);
    expect(await delivery(code)).toMatchObject({ status: 'sent', attempts: 1, provider_id: sentTo(code)[0]?.bizId });
  });

  it('retries throttling after a backoff that doubles, and then sends', async () => {
    const id = await queue();
    stub.failNext('isv.BUSINESS_LIMIT_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL');
    expect(await sms.sendDue()).toMatchObject({ retrying: 1 });
    expect(await delivery(id)).toMatchObject({
      status: 'retry',
      attempts: 1,
      last_error: expect.stringContaining('LIMIT'),
    });
    t.clock.advance(29_000);
    expect(await sms.sendDue()).toMatchObject({ sent: 0, retrying: 0 }); // not due before 30 s
    t.clock.advance(2_000);
    expect(await sms.sendDue()).toMatchObject({ retrying: 1 }); // second try, throttled again
    t.clock.advance(45_000);
    expect(await sms.sendDue()).toMatchObject({ sent: 0 }); // the second wait is 60 s
    t.clock.advance(16_000);
    expect(await sms.sendDue()).toMatchObject({ sent: 1 });
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sentTo(id)).toHaveLength(1);
  });

  it('gives up at once on a number the provider calls invalid', async () => {
    const id = await queue();
    stub.failNext('isv.MOBILE_NUMBER_ILLEGAL');
    expect(await sms.sendDue()).toMatchObject({ failed: 1 });
    t.clock.advance(7 * 24 * 3_600_000);
    expect(await sms.sendDue()).toMatchObject({ sent: 0 });
    expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(sentTo(id)).toHaveLength(0);
  });

  it('lets three senders at once send 24 messages exactly once each', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await queue());
    const passes = await Promise.all([sms.sendDue(), sms.sendDue(), sms.sendDue()]);
    expect(passes.reduce((n, p) => n + p.sent, 0)).toBe(24);
    for (const id of ids) expect(sentTo(id)).toHaveLength(1);
  });

  it('sends the message of a sender that died mid-send, once its lease has run out', async () => {
    const id = await queue();
    // A sender claims it and dies before sending or recording anything.
    await claimDue(t.database.db, t.clock.now(), 120_000, 10, 'aliyun');
    expect(await sms.sendDue()).toMatchObject({ sent: 0 });
    t.clock.advance(121_000);
    expect(await sms.sendDue()).toMatchObject({ sent: 1 });
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sentTo(id)).toHaveLength(1);
  });

  it('asks the provider whether sent messages arrived, and records delivered and undelivered', async () => {
    const ok = await queue();
    const lost = await queue();
    await sms.sendDue();
    stub.setDelivery(sentTo(ok)[0]?.bizId as string, 3);
    stub.setDelivery(sentTo(lost)[0]?.bizId as string, 2, 'MOBILE_NOT_ON_SERVICE');
    expect(await sms.checkDelivery()).toEqual({ delivered: 0, undelivered: 0 }); // not due for a minute
    t.clock.advance(61_000);
    expect(await sms.checkDelivery()).toEqual({ delivered: 1, undelivered: 1 });
    expect(await delivery(ok)).toMatchObject({ status: 'delivered' });
    expect(await delivery(lost)).toMatchObject({ status: 'undelivered', last_error: 'MOBILE_NOT_ON_SERVICE' });
    t.clock.advance(10 * 60_000);
    expect(await sms.checkDelivery()).toEqual({ delivered: 0, undelivered: 0 });
  });

  it('runs as the jobs sms.send and sms.delivery-status', () => {
    expect(t.jobs.names).toEqual(expect.arrayContaining(['sms.send', 'sms.delivery-status']));
  });
});

describe('the outbox purge', () => {
  it('forgets messages older than 30 days, except those still being retried, and is safe to run twice', async () => {
    const old = await queue();
    const stuck = await queue();
    await sms.sendDue(); // both sent …
    await t.database.db.execute(
      sql`update sms_deliveries set status = 'retry', due_at = ${t.clock.now()} where outbox_id = ${stuck}`,
    ); // … and one of them waits for a retry
    t.clock.advance(31 * 24 * 3_600_000);
    const fresh = await queue();
    const [first, second] = await Promise.all([
      t.jobs.runOnce('notifications.outbox-purge'),
      t.services.notifications.purgeOutbox(t.clock.now(), 30),
    ]);
    expect(Number(first) + Number(second)).toBeGreaterThanOrEqual(1);
    const left = await rows<{ id: number }>(
      t.database.db,
      sql`select id from notification_outbox where id in (${old}, ${stuck}, ${fresh}) order by id`,
    );
    expect(left.map((r) => r.id)).toEqual([stuck, fresh]);
    expect(await delivery(old)).toBeUndefined();
    expect(await t.services.notifications.purgeOutbox(t.clock.now(), 30)).toBe(0);
  });
});

describe('without a provider', () => {
  it('keeps messages in the local outbox: no sender, no jobs', async () => {
    const x = await startTestApp();
    try {
      expect(x.services.smsDelivery).toBeNull();
      expect(x.jobs.names).not.toContain('sms.send');
    } finally {
      await x.close();
    }
  });
});
