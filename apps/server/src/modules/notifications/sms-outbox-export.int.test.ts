import { maskPhone } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, phone } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * 短信发件箱's export: the messages the page lists, newest first, with each phone masked and the sign-in code
 * blanked, audited before the first byte; refused (nothing written) to street staff. Two newcomers ask for a
 * sign-in code, at 10:00 and 10:05 on 1 December 2026 (Shanghai).
 */
let t: TestApp;
const cookies: Record<string, string> = {};
const users: Record<string, { id: number; phone: string }> = {};
const phones = [phone(), phone()];

beforeAll(async () => {
  t = await startTestApp({ SMS_RATE_PER_ADDRESS_PER_HOUR: '1000' });
  const db = t.database.db;
  const a = await buildTree(db);
  users.admin = await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }]);
  users.street = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
  for (const [i, at] of ['2026-12-01T02:00:00Z', '2026-12-01T02:05:00Z'].entries()) {
    t.clock.set(at);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone: phones[i] } });
    expect(res.statusCode, res.body).toBe(202);
  }
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t?.close());

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
const exports = () =>
  rows<{ actor_user_id: number; detail: { rows: number } }>(
    t.database.db,
    sql`select actor_user_id, detail from audit_log where action = 'sms_outbox.export' order by id`,
  );

describe('短信发件箱: export', () => {
  it('writes the listed messages with phones masked and codes blanked, and audits it', async () => {
    const listed = (await get('admin', '/api/v1/admin/sms-outbox')).json().items as { phone: string; text: string }[];
    const ours = listed.filter((m) => phones.includes(m.phone));
    expect(ours.map((m) => m.phone)).toEqual([phones[1], phones[0]]);
    const code = /\d{6}/.exec(ours[0]!.text)?.[0];
    expect(code).toBeDefined();

    const res = await get('admin', '/api/v1/admin/sms-outbox/export');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('短信发件箱');
    expect(s.header).toEqual(['时间', '手机号', '内容']);
    expect(s.body.map((r) => r[1])).toEqual(listed.map((m) => maskPhone(m.phone)));
    const mine = s.body.filter((r) => phones.map(maskPhone).includes(String(r[1])));
    expect(mine.map((r) => [r[0], r[1]])).toEqual([
      ['2026-12-01 10:05', maskPhone(phones[1]!)],
      ['2026-12-01 10:00', maskPhone(phones[0]!)],
    ]);
    expect(String(mine[0]![2])).toBe(ours[0]!.text.replace(code!, '******'));
    for (const r of s.body) expect(String(r[2])).not.toMatch(/\d{4,}/);
    expect((await exports()).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([[users.admin!.id, listed.length]]);
  });

  it('refuses street staff, and writes nothing', async () => {
    expect((await get('street', '/api/v1/admin/sms-outbox/export')).statusCode).toBe(403);
    expect((await exports()).filter((x) => x.actor_user_id === users.street!.id)).toEqual([]);
  });
});
