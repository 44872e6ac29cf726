import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  a,
  call,
  cipher,
  cookies,
  count,
  household,
  proposal,
  resident,
  t,
  useDeliberationFixture,
} from '../../../test/deliberation-fixture';
import { buildUser, child, uniq } from '../../../test/factories';
import { login } from '../../../test/harness';
import { insertResidents } from '../households/households.repository';

/**
 * Ballots through HTTP (docs/rules.md#deliberation): the deadline and changes, an absentee owner by phone, an owner
 * of two units; 40 households voting at once; a close racing ballot changes.
 */
useDeliberationFixture();

describe('ballots and the deadline, changes, absentee and multi-unit owners', () => {
  it('refuses a ballot after the deadline, and a second ballot where changes are not allowed', async () => {
    const b = await child(t.database.db, a.estate, 'building');
    const h1 = await household(b, '101', 70);
    const c1 = await resident(b, h1.id);
    const captain = await login(t.app, (await buildUser(t.database.db, cipher, [{ role: 'captain', unit: b }])).phone);
    const p = (
      await call(
        captain,
        'POST',
        '/api/v1/proposals',
        proposal({
          scopeOrgUnitId: b.id,
          rule: 'informal_unanimous',
          allowChange: false,
          deadline: '2026-11-10T05:00:00Z',
        }),
      )
    ).json();
    expect((await call(c1, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'agree' })).statusCode).toBe(201);
    const again = await call(c1, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'against' });
    expect(again.json().error.code).toBe('BALLOT_EXISTS');
    const late = await call(
      captain,
      'POST',
      '/api/v1/proposals',
      proposal({ scopeOrgUnitId: b.id, rule: 'informal_majority', deadline: '2026-11-10T02:30:00Z' }),
    );
    t.clock.set('2026-11-10T03:00:00Z');
    const res = await call(c1, 'POST', `/api/v1/proposals/${late.json().id}/ballots`, { choice: 'agree' });
    expect(res.json().error.code).toBe('BALLOT_DEADLINE_PASSED');
    // After the deadline the vote closes with who voted; nobody did, so it fails.
    const closed = (await call(captain, 'POST', `/api/v1/proposals/${late.json().id}/close`)).json();
    expect(closed).toMatchObject({ status: 'closed', passed: false, voted: { owners: 0 } });
    t.clock.set('2026-11-10T02:00:00Z');
    expect((await call(c1, 'GET', `/api/v1/proposals/${p.id}/tally`)).json().agree.owners).toBe(1);
  });

  it('lets an absentee owner signed in with the phone the registry holds vote, and counts an owner of two units once', async () => {
    const db = t.database.db;
    const b = await child(db, a.estate, 'building');
    const solo = await household(b, '101', 90);
    const twinA = await household(b, '201', 80.25, `owner-${uniq()}`);
    const twinB = await household(b, '202', 60.5, twinA.ownerKey);
    const away = await household(b, '301', 100);
    const c1 = await resident(b, solo.id);
    const twin = await resident(b, twinA.id);
    // The absentee: no binding anywhere, but the registry lists their phone in 301.
    const absentee = await buildUser(db, cipher, []);
    await insertResidents(db, [
      {
        householdId: away.id,
        streetId: b.streetId as number,
        name: '外地业主',
        relation: '户主',
        phoneEnc: cipher.encrypt(absentee.phone),
        phoneHash: cipher.blindIndex('phone', absentee.phone),
      },
    ]);
    const absent = await login(t.app, absentee.phone);
    const staff = cookies.community!;
    const p = (
      await call(staff, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: b.id, rule: 'civil_code_ordinary' }))
    ).json();
    expect(p.tally.eligible).toEqual({ owners: 3, areaM2: 330.75 });
    const seen = (await call(absent, 'GET', '/api/v1/proposals')).json().items.map((x: { id: number }) => x.id);
    expect(seen).toContain(p.id);
    const vote = await call(absent, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'against' });
    expect(vote.statusCode, vote.body).toBe(201);
    expect(vote.json().householdId).toBe(away.id);
    const both = await call(twin, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'agree' });
    expect(both.json().alsoForHouseholdIds).toEqual([twinB.id]);
    expect(await count('proposal_ballots', sql`proposal_id = ${p.id}`)).toBe(3);
    await call(c1, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'agree' });
    const tally = (await call(staff, 'GET', `/api/v1/proposals/${p.id}/tally`)).json();
    // Owners: solo, twin (two units), absentee = 3. Agree: solo 90 + twin 140.75 = 230.75 of 330.75.
    expect(tally).toMatchObject({
      voted: { owners: 3, areaM2: 330.75 },
      agree: { owners: 2, areaM2: 230.75 },
      against: { owners: 1, areaM2: 100 },
    });
  });
});

describe('concurrency', () => {
  it('counts 40 households voting at once exactly once each, even when each sends twice', async () => {
    const db = t.database.db;
    const b = await child(db, a.estate, 'building');
    const voters: string[] = [];
    for (let i = 0; i < 40; i++) {
      const h = await household(b, `${Math.floor(i / 4) + 1}0${(i % 4) + 1}`, 50 + i);
      voters.push(await resident(b, h.id));
    }
    const captain = await login(t.app, (await buildUser(db, cipher, [{ role: 'captain', unit: b }])).phone);
    const p = (
      await call(captain, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: b.id, rule: 'informal_majority' }))
    ).json();
    const res = await Promise.all(
      voters.flatMap((c) =>
        [0, 1].map(() => call(c, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'agree' })),
      ),
    );
    // Per household: one 201 (the cast) and one 200 (the same choice again, a change) — never two casts.
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(40);
    expect(res.filter((r) => r.statusCode === 200)).toHaveLength(40);
    expect(await count('proposal_ballots', sql`proposal_id = ${p.id}`)).toBe(40);
    const tally = (await call(captain, 'GET', `/api/v1/proposals/${p.id}/tally`)).json();
    expect(tally.voted.owners).toBe(40);
    expect(tally.agree.owners).toBe(40);
    expect(tally.quorumMet).toBe(true);
  });

  it('freezes exactly the ballots committed before a close that races them', async () => {
    const db = t.database.db;
    const b = await child(db, a.estate, 'building');
    const voters: string[] = [];
    for (let i = 0; i < 10; i++) voters.push(await resident(b, (await household(b, `${i + 1}01`, 60)).id));
    const captain = await login(t.app, (await buildUser(db, cipher, [{ role: 'captain', unit: b }])).phone);
    const p = (
      await call(captain, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: b.id, rule: 'informal_majority' }))
    ).json();
    for (const c of voters) await call(c, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'agree' });
    const changes = voters.map((c) => call(c, 'POST', `/api/v1/proposals/${p.id}/ballots`, { choice: 'against' }));
    const [closeRes, ...ballotRes] = await Promise.all([
      call(captain, 'POST', `/api/v1/proposals/${p.id}/close`),
      ...changes,
    ]);
    expect(closeRes.statusCode, closeRes.body).toBe(200);
    const changed = ballotRes.filter((r) => r.statusCode === 200).length;
    const refused = ballotRes.filter((r) => r.statusCode === 409 && r.json().error.code === 'PROPOSAL_CLOSED').length;
    expect(changed + refused).toBe(10);
    const stored = await count('proposal_ballots', sql`proposal_id = ${p.id} and choice = 'against'`);
    expect(stored).toBe(changed);
    expect(closeRes.json().against.owners).toBe(changed);
    expect(closeRes.json().agree.owners).toBe(10 - changed);
  });
});
