import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { jpeg } from '../../../test/world';
import type { PiiCipher } from '../../platform/crypto';
import { rows } from '../../platform/db';
import { insertHousehold, insertResidents } from '../households/households.repository';

/**
 * Proposals and votes through HTTP (docs/rules.md#deliberation): the 舜德路8号 lift vote under civil_code_major with
 * 12 households of different floor areas, a paper ballot with its photo, an absentee owner by phone, an owner of
 * two units, every refusal coded and changing nothing, the result frozen at close; 40 households voting at once;
 * a close racing ballot changes.
 */
let t: TestApp;
let a: Tree;
let cipher: PiiCipher;
const cookies: Record<string, string> = {};
/** The lift story's 12 households (m², from the seed's figures), in room order 101, 102, 201 … 602. */
const AREAS = [62.35, 75.8, 88.5, 91.2, 105.65, 68.4, 72.15, 96.3, 110.75, 58.9, 83.45, 99.6];
const ROOMS = ['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602'];
const lift: { householdId: number; cookie: string }[] = [];
let other: Awaited<ReturnType<typeof child>>;
let otherHousehold: number;

async function household(
  building: { id: number; path: string; streetId: number | null },
  room: string,
  area: number | null,
  ownerKey: string | null = null,
) {
  return insertHousehold(t.database.db, {
    streetId: building.streetId as number,
    buildingId: building.id,
    path: building.path,
    unitLabel: null,
    floor: Number(room.slice(0, -2)) || 1,
    room,
    floorArea: area,
    ownerKey,
  });
}

/** A resident user living in the household (resident binding on the building, linked registry record). */
async function resident(building: Awaited<ReturnType<typeof child>>, householdId: number): Promise<string> {
  const u = await buildUser(t.database.db, cipher, [{ role: 'resident', unit: building }]);
  await insertResidents(t.database.db, [
    { householdId, streetId: building.streetId as number, name: `业主${uniq()}`, relation: '户主', userId: u.id },
  ]);
  return login(t.app, u.phone);
}

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
  t.clock.set('2026-11-10T02:00:00Z');
  cipher = t.cipher;
  const db = t.database.db;
  a = await buildTree(db);
  other = await child(db, a.estate, 'building');
  otherHousehold = (await household(other, '101', 80)).id;
  for (const [i, room] of ROOMS.entries()) {
    const h = await household(a.building, room, AREAS[i]!);
    lift.push({ householdId: h.id, cookie: await resident(a.building, h.id) });
  }
  const b = (
    role: 'captain' | 'community_staff' | 'resident' | 'street_staff',
    unit: { id: number; streetId: number | null },
  ) => buildUser(db, cipher, [{ role, unit: unit as never }]);
  cookies.captain = await login(t.app, (await b('captain', a.building)).phone);
  cookies.community = await login(t.app, (await b('community_staff', a.community)).phone);
  cookies.neighbour = await login(t.app, (await b('resident', other)).phone);
  cookies.otherCaptain = await login(t.app, (await b('captain', other)).phone);
  const far = await buildTree(db);
  cookies.farStaff = await login(t.app, (await b('community_staff', far.community)).phone);
});
afterAll(() => t?.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
const count = async (table: string, where = sql`true`) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!
    .n;
let hue = 0;
async function photo(cookie: string): Promise<number> {
  hue = (hue + 11) % 255;
  const mp = multipartFile('file', 'p.jpg', await jpeg(hue), 'image/jpeg');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const proposal = (over: Record<string, unknown> = {}) => ({
  scopeOrgUnitId: a.building.id,
  title: '加装电梯',
  description: '舜德路8号加装电梯，费用按楼层分摊。',
  rule: 'civil_code_major',
  deadline: '2026-11-20T10:00:00Z',
  ...over,
});

describe('the 舜德路8号 lift vote (civil_code_major, 12 households)', () => {
  let id: number;

  it('opens the vote over the building with its roll of 12 households and their areas', async () => {
    const quote = await photo(cookies.captain!);
    const res = await call(cookies.captain!, 'POST', '/api/v1/proposals', proposal({ attachmentPhotoIds: [quote] }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    id = p.id;
    expect(p.canManage).toBe(true);
    expect(p.attachments).toHaveLength(1);
    expect(p.tally).toEqual({
      rule: 'civil_code_major',
      status: 'open',
      eligible: { owners: 12, areaM2: 1013.05 },
      voted: { owners: 0, areaM2: 0 },
      agree: { owners: 0, areaM2: 0 },
      against: { owners: 0, areaM2: 0 },
      abstain: { owners: 0, areaM2: 0 },
      options: [],
      quorumMet: false,
      passed: null,
      adoptedOption: null,
    });
    expect(await count('audit_log', sql`action = 'proposal.create' and object_id = ${String(id)}`)).toBe(1);
  });

  it('refuses a resident opening a vote, a past deadline, a non-building scope and an unknown unit', async () => {
    const before = await count('proposals');
    expect((await call(lift[0]!.cookie, 'POST', '/api/v1/proposals', proposal())).statusCode).toBe(403);
    expect(
      (await call(cookies.captain!, 'POST', '/api/v1/proposals', proposal({ deadline: '2026-11-01T00:00:00Z' }))).json()
        .error.code,
    ).toBe('PROPOSAL_DEADLINE_PAST');
    expect(
      (await call(cookies.community!, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: a.grid.id }))).json()
        .error.code,
    ).toBe('PROPOSAL_SCOPE_KIND');
    expect((await call(cookies.farStaff!, 'POST', '/api/v1/proposals', proposal())).statusCode).toBe(404);
    expect((await call(cookies.captain!, 'POST', '/api/v1/proposals', proposal({ rule: 'majority' }))).statusCode).toBe(
      400,
    );
    expect(await count('proposals')).toBe(before);
  });

  it('refuses a civil-code vote when a household has no registered area', async () => {
    const b = await child(t.database.db, a.estate, 'building');
    await household(b, '101', null);
    const staff = cookies.community!;
    const res = await call(staff, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: b.id }));
    expect(res.json().error.code).toBe('PROPOSAL_AREAS_MISSING');
    const informal = await call(
      staff,
      'POST',
      '/api/v1/proposals',
      proposal({ scopeOrgUnitId: b.id, rule: 'informal_majority' }),
    );
    expect(informal.statusCode).toBe(201);
  });

  it('hides the vote from a neighbouring building and staff elsewhere', async () => {
    expect((await call(cookies.neighbour!, 'GET', `/api/v1/proposals/${id}`)).statusCode).toBe(404);
    expect((await call(cookies.farStaff!, 'GET', `/api/v1/proposals/${id}/tally`)).statusCode).toBe(404);
    expect(
      (await call(cookies.neighbour!, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'agree' })).statusCode,
    ).toBe(404);
  });

  it('takes a household’s ballot on the phone, lets it change it, and audits both', async () => {
    const h = lift[0]!;
    const first = await call(h.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'against' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ householdId: h.householdId, choice: 'against', via: 'app', changes: 0 });
    const second = await call(h.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'agree' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ choice: 'agree', changes: 1 });
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(1);
    const audit = await rows<{ action: string; detail: { previous: string | null } }>(
      t.database.db,
      sql`select action, detail from audit_log where object_type = 'proposal' and object_id = ${String(id)} and action like 'proposal.ballot.%' order by id`,
    );
    expect(audit.map((x) => [x.action, x.detail.previous])).toEqual([
      ['proposal.ballot.cast', null],
      ['proposal.ballot.change', 'against'],
    ]);
    const mine = (await call(h.cookie, 'GET', `/api/v1/proposals/${id}`)).json();
    expect(mine.myHouseholds).toEqual([
      expect.objectContaining({ householdId: h.householdId, ballot: expect.objectContaining({ choice: 'agree' }) }),
    ]);
    expect(mine.canManage).toBe(false);
  });

  it('refuses a resident’s ballot for another household and a paper ballot by a resident', async () => {
    const res = await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'agree',
      householdId: lift[2]!.householdId,
    });
    expect(res.json().error.code).toBe('BALLOT_NOT_ON_ROLL');
    const paper = await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'agree',
      via: 'door_to_door',
      householdId: lift[2]!.householdId,
    });
    expect(paper.statusCode).toBe(403);
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(1);
  });

  it('takes a paper ballot from the captain only with the form’s photo, and only for a household on the roll', async () => {
    const h = lift[9]!;
    const noPhoto = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'against',
      via: 'paper',
      householdId: h.householdId,
    });
    expect(noPhoto.json().error.code).toBe('BALLOT_FORM_PHOTO_REQUIRED');
    const offRoll = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'agree',
      via: 'door_to_door',
      householdId: otherHousehold,
    });
    expect(offRoll.json().error.code).toBe('BALLOT_NOT_ON_ROLL');
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(1);
    const form = await photo(cookies.captain!);
    const ok = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'against',
      via: 'paper',
      householdId: h.householdId,
      formPhotoId: form,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ via: 'paper', formPhoto: { id: form } });
    // The signed form is seen by those who run the vote, not by neighbours.
    expect((await call(cookies.community!, 'GET', `/api/v1/photos/${form}`)).statusCode).toBe(200);
    expect((await call(lift[0]!.cookie, 'GET', `/api/v1/photos/${form}`)).statusCode).toBe(404);
  });

  it('refuses to close before the deadline while households have not voted', async () => {
    const res = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/close`);
    expect(res.json().error.code).toBe('PROPOSAL_STILL_OPEN');
    expect((await call(lift[0]!.cookie, 'POST', `/api/v1/proposals/${id}/close`)).statusCode).toBe(403);
  });

  it('takes comments before the close', async () => {
    const res = await call(lift[3]!.cookie, 'POST', `/api/v1/proposals/${id}/comments`, {
      body: '一楼住户的补偿怎么算？',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call(cookies.captain!, 'GET', `/api/v1/proposals/${id}/comments`)).json().items).toHaveLength(1);
  });

  it('passes with 10 agreeing, 1 against and 1 abstaining, and freezes the result', async () => {
    for (const [i, h] of lift.entries()) {
      if (i === 0 || i === 9) continue;
      const res = await call(h.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, {
        choice: i === 8 ? 'abstain' : 'agree',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const live = (await call(cookies.captain!, 'GET', `/api/v1/proposals/${id}/tally`)).json();
    expect(live.passed).toBeNull();
    expect(live.quorumMet).toBe(true);
    const closed = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const expected = {
      rule: 'civil_code_major',
      status: 'closed',
      eligible: { owners: 12, areaM2: 1013.05 },
      voted: { owners: 12, areaM2: 1013.05 },
      agree: { owners: 10, areaM2: 843.4 },
      against: { owners: 1, areaM2: 58.9 },
      abstain: { owners: 1, areaM2: 110.75 },
      options: [],
      quorumMet: true,
      passed: true,
      adoptedOption: null,
    };
    expect(closed.json()).toEqual(expected);
    expect((await call(lift[5]!.cookie, 'GET', `/api/v1/proposals/${id}/tally`)).json()).toEqual(expected);
  });

  it('refuses every change to a closed vote: ballots, a second close, comments, and SQL itself', async () => {
    const ballots = await count('proposal_ballots', sql`proposal_id = ${id}`);
    expect(
      (await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'against' })).json().error.code,
    ).toBe('PROPOSAL_CLOSED');
    expect((await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/close`)).json().error.code).toBe(
      'PROPOSAL_CLOSED',
    );
    expect(
      (await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/comments`, { body: '晚了' })).json().error.code,
    ).toBe('PROPOSAL_CLOSED');
    await expect(
      t.database.db.execute(sql`update proposal_ballots set choice = 'against' where proposal_id = ${id}`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`update proposals set result = null, status = 'open' where id = ${id}`),
    ).rejects.toThrow();
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(ballots);
  });
});

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
