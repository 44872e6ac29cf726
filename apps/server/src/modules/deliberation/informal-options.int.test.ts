import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { insertHousehold, insertResidents } from '../households/households.repository';

/**
 * Informal building votes with the proposal's own options, and the vote link texted to absentee owners
 * (docs/rules.md#deliberation), through HTTP: options validated at creation, ballots for an unknown option refused with
 * a code and nothing stored, the tally per option and the option adopted at close; the link once per owner unless
 * re-sent on purpose, skipped for owners who voted or use the app, and sent once when two managers press at once.
 */
let t: TestApp;
let a: Tree;
let staff: string;
let farStaff: string;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 8 });
  t.clock.set('2026-11-10T02:00:00Z');
  a = await buildTree(t.database.db);
  const far = await buildTree(t.database.db);
  staff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
  farStaff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: far.community }])).phone,
  );
});
afterAll(() => t?.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const count = async (table: string, where = sql`true`) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!
    .n;

type Building = Awaited<ReturnType<typeof child>>;
async function building(n: number): Promise<{ b: Building; households: number[] }> {
  const b = await child(t.database.db, a.estate, 'building');
  const households: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = await insertHousehold(t.database.db, {
      streetId: b.streetId as number,
      buildingId: b.id,
      path: b.path,
      floor: i + 1,
      room: `${i + 1}01`,
    });
    households.push(h.id);
  }
  return { b, households };
}

const OPTIONS = ['方案一：铝合金窗', '方案二：塑钢窗', '暂缓更换'];
const vote = (b: Building, over: Record<string, unknown> = {}) => ({
  scopeOrgUnitId: b.id,
  title: '楼道窗户更换方案',
  description: '楼道窗户老化，请各户选择更换方案。',
  rule: 'informal_majority',
  deadline: '2026-11-20T10:00:00Z',
  options: OPTIONS,
  ...over,
});
const door = (householdId: number, option: number) => ({ householdId, option, via: 'door_to_door' });

describe('informal votes with the proposal’s own options', () => {
  it('refuses options under a civil-code rule, a single option and repeated options, storing nothing', async () => {
    const { b } = await building(3);
    const before = await count('proposals');
    for (const over of [
      { rule: 'civil_code_ordinary', options: ['甲', '乙'] },
      { options: ['只有一个'] },
      { options: ['甲', '甲 '] },
    ]) {
      const res = await call(staff, 'POST', '/api/v1/proposals', vote(b, over));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('PROPOSAL_OPTIONS_INVALID');
    }
    expect(await count('proposals')).toBe(before);
  });

  it('takes one option per household, refuses an unknown option or 同意 with a code, and adopts the majority option at close', async () => {
    const { b, households } = await building(7);
    const res = await call(staff, 'POST', '/api/v1/proposals', vote(b));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.options).toEqual(OPTIONS);
    expect(p.tally.options).toEqual([
      { index: 0, label: OPTIONS[0], households: 0 },
      { index: 1, label: OPTIONS[1], households: 0 },
      { index: 2, label: OPTIONS[2], households: 0 },
    ]);
    const url = `/api/v1/proposals/${p.id}/ballots`;
    for (const bad of [door(households[0]!, 3), { householdId: households[0], choice: 'agree', via: 'door_to_door' }]) {
      const r = await call(staff, 'POST', url, bad);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe('BALLOT_OPTION_UNKNOWN');
    }
    expect(await count('proposal_ballots', sql`proposal_id = ${p.id}`)).toBe(0);
    // 4 of 7 households choose option 1 (more than half of all households), 2 option 0, 1 option 2.
    const picks = [1, 1, 0, 1, 2, 0, 1];
    for (const [i, h] of households.entries()) {
      const r = await call(staff, 'POST', url, door(h, picks[i]!));
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ option: picks[i], choice: null });
    }
    // A change of mind is counted once: household 5 moves from option 2 to option 0.
    expect((await call(staff, 'POST', url, door(households[4]!, 0))).statusCode).toBe(200);
    const live = (await call(staff, 'GET', `/api/v1/proposals/${p.id}/tally`)).json();
    expect(live.options.map((o: { households: number }) => o.households)).toEqual([3, 4, 0]);
    expect(live).toMatchObject({ voted: { owners: 7 }, passed: null, adoptedOption: null });
    const closed = await call(staff, 'POST', `/api/v1/proposals/${p.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ passed: true, adoptedOption: 1, status: 'closed' });
    expect((await call(staff, 'GET', `/api/v1/proposals/${p.id}`)).json().tally.adoptedOption).toBe(1);
  });

  it('adopts nothing under two thirds when the leading option is one household short', async () => {
    const { b, households } = await building(6);
    const p = (await call(staff, 'POST', '/api/v1/proposals', vote(b, { rule: 'informal_two_thirds' }))).json();
    // 3 of 6 for option 0 is under 2/3 (4 needed).
    for (const [i, h] of households.entries())
      await call(staff, 'POST', `/api/v1/proposals/${p.id}/ballots`, door(h, i < 3 ? 0 : i < 5 ? 1 : 2));
    const closed = (await call(staff, 'POST', `/api/v1/proposals/${p.id}/close`)).json();
    expect(closed.options.map((o: { households: number }) => o.households)).toEqual([3, 2, 1]);
    expect(closed).toMatchObject({ passed: false, adoptedOption: null, quorumMet: true });
  });

  it('keeps 同意/反对/弃权 for a proposal without options: an option index there is refused', async () => {
    const { b, households } = await building(2);
    const p = (await call(staff, 'POST', '/api/v1/proposals', vote(b, { options: [] }))).json();
    expect(p.options).toEqual([]);
    const r = await call(staff, 'POST', `/api/v1/proposals/${p.id}/ballots`, door(households[0]!, 0));
    expect(r.json().error.code).toBe('BALLOT_OPTION_UNKNOWN');
    const ok = await call(staff, 'POST', `/api/v1/proposals/${p.id}/ballots`, {
      householdId: households[0],
      choice: 'agree',
      via: 'door_to_door',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ choice: 'agree', option: null });
  });

  it('refuses in SQL too a ballot with both a choice and an option, or an option out of range', async () => {
    const { b, households } = await building(2);
    const p = (await call(staff, 'POST', '/api/v1/proposals', vote(b))).json();
    await expect(
      t.database.db.execute(
        sql`insert into proposal_ballots (proposal_id, household_id, choice, option_index, cast_via, cast_by, cast_at, updated_at)
            values (${p.id}, ${households[0]}, 'agree', 1, 'app', 1, now(), now())`,
      ),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(
        sql`insert into proposal_ballots (proposal_id, household_id, choice, option_index, cast_via, cast_by, cast_at, updated_at)
            values (${p.id}, ${households[0]}, null, 12, 'app', 1, now(), now())`,
      ),
    ).rejects.toThrow();
    expect(await count('proposal_ballots', sql`proposal_id = ${p.id}`)).toBe(0);
  });
});

describe('the vote link by SMS to absentee owners', () => {
  /** A household head registered with a phone and no account; returns the phone. */
  async function absentee(b: Building, householdId: number): Promise<string> {
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await insertResidents(t.database.db, [
      {
        householdId,
        streetId: b.streetId as number,
        name: `外地业主${uniq()}`,
        relation: '户主',
        phoneEnc: t.cipher.encrypt(phone),
        phoneHash: t.cipher.blindIndex('phone', phone),
      },
    ]);
    return phone;
  }
  const texts = async (proposalId: number) =>
    (
      await rows<{ phoneEnc: string; payload: { kind: string; text: string } }>(
        t.database.db,
        sql`select phone_enc as "phoneEnc", payload from notification_outbox
            where channel = 'sms' and source_key like ${`proposal_link:${proposalId}:%`} order by id`,
      )
    ).map((r) => ({ phone: t.cipher.decrypt(r.phoneEnc), ...r.payload }));

  it('texts each absentee owner who has not voted once, skips voters and app users, and re-sends only on purpose', async () => {
    const { b, households } = await building(5);
    const p1 = await absentee(b, households[0]!);
    const p2 = await absentee(b, households[1]!);
    const voter = await absentee(b, households[2]!);
    // Household 4's head uses the app (a linked account); household 5's member is not the head.
    const user = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: b }]);
    await insertResidents(t.database.db, [
      {
        householdId: households[3]!,
        streetId: b.streetId as number,
        name: '本地业主',
        relation: '户主',
        userId: user.id,
      },
      {
        householdId: households[4]!,
        streetId: b.streetId as number,
        name: '儿子',
        relation: '子女',
        phoneEnc: t.cipher.encrypt('13912340000'),
        phoneHash: t.cipher.blindIndex('phone', '13912340000'),
      },
    ]);
    const p = (await call(staff, 'POST', '/api/v1/proposals', vote(b))).json();
    await call(staff, 'POST', `/api/v1/proposals/${p.id}/ballots`, door(households[2]!, 0));
    const first = await call(staff, 'POST', `/api/v1/proposals/${p.id}/send-link`, {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ sent: 2, alreadySent: 0 });
    const sent = await texts(p.id);
    expect(sent.map((s) => s.phone).sort()).toEqual([p1, p2].sort());
    expect(sent.map((s) => s.phone)).not.toContain(voter);
    expect(sent[0]!.kind).toBe('proposal_link');
    expect(sent[0]!.text).toContain(`/m/proposals/${p.id}`);
    expect(sent[0]!.text).toContain('楼道窗户更换方案');

    // Pressed again: nobody new, a coded refusal, no message.
    const again = await call(staff, 'POST', `/api/v1/proposals/${p.id}/send-link`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PROPOSAL_NO_ABSENTEES');
    expect(await texts(p.id)).toHaveLength(2);

    // Owner 1 votes; a deliberate re-send goes to owner 2 only.
    await call(staff, 'POST', `/api/v1/proposals/${p.id}/ballots`, door(households[0]!, 1));
    const resent = await call(staff, 'POST', `/api/v1/proposals/${p.id}/send-link`, { resend: true });
    expect(resent.json()).toEqual({ sent: 1, alreadySent: 0 });
    const all = await texts(p.id);
    expect(all.map((s) => s.phone)).toEqual([...sent.map((s) => s.phone), p2]);
    const [row] = await rows<{ sends: number }>(
      t.database.db,
      sql`select sends from proposal_link_sms where proposal_id = ${p.id} and household_id = ${households[1]}`,
    );
    expect(row!.sends).toBe(2);
    expect(await count('audit_log', sql`action = 'proposal.link_sms' and object_id = ${String(p.id)}`)).toBe(2);
  });

  it('refuses residents, staff elsewhere and a closed vote, sending nothing', async () => {
    const { b, households } = await building(2);
    await absentee(b, households[0]!);
    const p = (await call(staff, 'POST', '/api/v1/proposals', vote(b))).json();
    const resident = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: b }])).phone,
    );
    expect((await call(resident, 'POST', `/api/v1/proposals/${p.id}/send-link`, {})).statusCode).toBe(403);
    expect((await call(farStaff, 'POST', `/api/v1/proposals/${p.id}/send-link`, {})).statusCode).toBe(404);
    for (const h of households) await call(staff, 'POST', `/api/v1/proposals/${p.id}/ballots`, door(h, 0));
    await call(staff, 'POST', `/api/v1/proposals/${p.id}/close`);
    const closed = await call(staff, 'POST', `/api/v1/proposals/${p.id}/send-link`, { resend: true });
    expect(closed.json().error.code).toBe('PROPOSAL_CLOSED');
    expect(await texts(p.id)).toHaveLength(0);
  });

  it('sends one message per owner when two managers press at once', async () => {
    const { b, households } = await building(4);
    for (const h of households) await absentee(b, h);
    const p = (await call(staff, 'POST', '/api/v1/proposals', vote(b))).json();
    const captain = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: b }])).phone,
    );
    const res = await Promise.all([
      call(staff, 'POST', `/api/v1/proposals/${p.id}/send-link`, {}),
      call(captain, 'POST', `/api/v1/proposals/${p.id}/send-link`, {}),
    ]);
    const codes = res.map((r) => r.statusCode).sort();
    const sentNow = res.filter((r) => r.statusCode === 200).reduce((n, r) => n + r.json().sent, 0);
    expect(sentNow).toBe(4);
    for (const r of res) expect([200, 409]).toContain(r.statusCode);
    expect(codes).toContain(200);
    expect(await texts(p.id)).toHaveLength(4);
  });
});
